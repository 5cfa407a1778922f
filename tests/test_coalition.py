"""The coalition named once, then as "the coalition" (allegiance.extraction.entities.coalition):
a bare "the coalition" and "coalition air strikes" are the one coalition the article names,
or one generic actor where it names none and the coalition acts; an alliance the words only
describe, or an article naming two coalitions, gets nothing. The sentences are written for
these tests."""

from __future__ import annotations

from allegiance.extraction import pipeline
from allegiance.extraction.entities.coalition import _references
from allegiance.model import Extraction


def _x(text: str) -> Extraction:
    return pipeline.extract("Report\n\n" + text + "\n", published="2016-03-05", with_text=True)


def _spans(x: Extraction, name: str) -> list[str]:
    assert x.document.text is not None
    [ent] = [e for e in x.entities if e.name == name]
    return [x.document.text[a:b] for a, b in ent.mentions]


def test_the_coalition_is_the_one_coalition_named() -> None:
    x = _x("The Global Coalition to Defeat ISIS met in Rome. The coalition said its jets struck Raqqa. "
           "Civilians were killed in coalition air strikes.")
    assert {"The coalition", "coalition"} <= set(_spans(x, "Global Coalition to Defeat ISIS"))
    assert not any(e.name == "coalition" for e in x.entities)


def test_with_none_named_an_acting_coalition_is_one_actor_that_fights() -> None:
    x = _x("Officials discussed support for the coalition campaign against the Islamic State.")
    coalition = next(e.id for e in x.entities if e.name == "coalition")
    state = next(e.id for e in x.entities if e.name == "Islamic State")
    assert any(f.predicate == "clash" and {f.args.get("agent"), f.args.get("patient")} == {coalition, state}
               for f in x.facts)


def test_a_described_alliance_is_no_coalition_actor() -> None:
    x = _x("Jaysh al-Fatah, the coalition of Islamist rebels, took Idlib. The largest group in the coalition left.")
    assert not any(e.name == "coalition" for e in x.entities)


def test_a_bare_coalition_is_none_another_word_describes() -> None:
    text = "killed in coalition air strikes. Coalition jets hit. a rebel coalition forces. Saudi coalition jets"
    assert [text[a:b] for a, b in _references(text, defining=False)] == ["coalition", "Coalition"]
