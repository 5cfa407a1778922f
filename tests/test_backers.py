"""Alliances a modifier states (allegiance.extraction.facts.backers): "X-backed Y",
"Y backed by X", "X ally Y", on text without commas. The groups are made up."""

from __future__ import annotations

from allegiance.extraction import pipeline


def _allies(text: str) -> set[frozenset[str]]:
    x = pipeline.extract(text, published="2019-06-10", with_text=True)
    names = {e.id: e.name for e in x.entities}
    return {frozenset((names.get(f.args["subject"], ""), names.get(f.args["object"], "")))
            for f in x.facts if f.predicate == "allied_with"}


def test_a_hyphenated_patron_before_the_group() -> None:
    allies = _allies("Turkey said on Monday that the Turkish-backed Liwa Nour al-Din Brigade had taken "
                     "the village.")
    assert frozenset(("Turkey", "Liwa Nour al-Din Brigade")) in allies


def test_an_ally_noun_before_the_name() -> None:
    allies = _allies("The Syrian government said the talks failed. Government ally Iran said on Monday "
                     "the talks would resume.")
    assert frozenset(("Government of Syria", "Iran")) in allies


def test_no_patron_word_no_alliance() -> None:
    allies = _allies("Turkey said on Monday that the Liwa Nour al-Din Brigade had taken the village.")
    assert not allies


def test_its_patron_ally_and_a_backer_of() -> None:
    allies = _allies("The Syrian government and its Russian ally shelled the town on Monday, Russia said. "
                     "Iran a strong backer of the regime sent advisers.")
    assert frozenset(("Government of Syria", "Russia")) in allies
    assert frozenset(("Government of Syria", "Iran")) in allies
