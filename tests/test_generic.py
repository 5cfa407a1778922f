"""Generic actors (allegiance.extraction.entities.generic): the armed opposition named by
what it is is one entity, the doer or target of events; "a rebel faction" and "opposition
to X" are not it. The sentences are written for these tests."""

from __future__ import annotations

from allegiance.extraction import pipeline
from allegiance.model import EVENT_PREDICATES, Extraction


def _x(text: str) -> Extraction:
    return pipeline.extract("Report\n\n" + text + "\n", published="2018-03-05", with_text=True)


def _generic(x: Extraction) -> list[str]:
    return [e.name for e in x.entities if e.name in ("rebels", "opposition", "insurgents")]


def test_rebels_and_opposition_fighters_are_one_actor() -> None:
    x = _x("Rebels fired rockets into Aleppo on Monday. Opposition fighters later shelled the town of Azaz.")
    assert _generic(x) == ["rebels"]
    [ent] = [e for e in x.entities if e.name == "rebels"]
    assert {"Rebels", "Opposition fighters"} <= set(ent.aliases) | {ent.name}


def test_the_rebels_are_the_doer_of_an_event() -> None:
    x = _x("Rebel fighters shelled the town of Azaz on Monday, killing three civilians.")
    rebels = next(e.id for e in x.entities if e.name == "rebels")
    assert any(f.predicate in EVENT_PREDICATES and f.args.get("agent") == rebels for f in x.facts)


def test_one_rebel_faction_and_a_stance_are_not_the_opposition() -> None:
    x = _x("Liwa al-Fajr, a rebel faction, took part. Their opposition to the deal was clear.")
    assert _generic(x) == []


def test_kurdish_fighters_are_one_actor_and_a_named_force_stays_itself() -> None:
    x = _x("Kurdish fighters pushed into the town of Azaz on Monday. Kurdish militias later shelled Afrin. "
           "The Iraqi Kurdish Peshmerga sent reinforcements.")
    kurds = [e for e in x.entities if e.name == "Kurdish fighters"]
    assert len(kurds) == 1 and {"Kurdish fighters", "Kurdish militias"} <= {kurds[0].name, *kurds[0].aliases}
    assert any(e.kb_id == "peshmerga" for e in x.entities)


def test_syrian_forces_are_the_government_not_the_country() -> None:
    x = _x("A missile fired by Syrian forces killed at least 18 civilians in Aleppo on Tuesday.")
    [gov] = [e for e in x.entities if e.kb_id == "government-of-syria"]
    assert "Syrian forces" in gov.aliases
    assert any(f.predicate in EVENT_PREDICATES and gov.id in f.args.values() for f in x.facts)
    assert not any(e.name == "Syria" and e.id in f.args.values() for e in x.entities for f in x.facts)


def test_the_government_in_office_on_the_day_holds_its_forces() -> None:
    x = pipeline.extract("Report\n\nSyrian forces shelled the town of Azaz on Monday.\n",
                         published="2025-06-01", with_text=True)
    assert [e.kb_id for e in x.entities if e.kb_id and "government" in e.kb_id] == ["syrian-transitional-government"]


def test_a_foreign_states_forces_and_a_proxy_are_no_government_here() -> None:
    x = _x("Russian jets hit Idlib on Monday. US-backed Syrian forces advanced on Raqqa.")
    assert not [e for e in x.entities if e.kb_id in ("government-of-syria", "government-of-russia")]


def test_bare_government_troops_join_the_one_government_named() -> None:
    x = _x("The Syrian regime denied the report. Government troops shelled the town of Azaz on Monday.")
    [gov] = [e for e in x.entities if e.kb_id == "government-of-syria"]
    assert "Government troops" in gov.aliases


def test_two_states_sharing_one_noun_keep_both() -> None:
    x = _x("Russian and Syrian warplanes carried out air strikes on the town of Azaz on Thursday.")
    assert not [e for e in x.entities if "Syrian warplanes" in e.aliases]


def test_a_foreign_states_forces_name_the_state_when_the_article_does_not() -> None:
    x = _x("Turkish warplanes killed nine fighters near the town of Azaz on Friday. "
           "The Saudi-backed Liwa al-Fajr denied it.")
    [turkey] = [e for e in x.entities if e.name == "Turkey"]
    assert turkey.type == "ORG" and "Turkish" in turkey.aliases
    assert any(f.predicate in EVENT_PREDICATES and f.args.get("agent") == turkey.id for f in x.facts)
    assert [e.name for e in x.entities if e.name == "Saudi Arabia"] == ["Saudi Arabia"]


def _doers(text: str) -> list[str]:
    """The names of the doers of the text's events, the text taken whole (no headline of its own)."""
    x = pipeline.extract(text, published="2018-03-05", with_text=True)
    names = {e.id: e.name for e in x.entities}
    return [names[f.args["agent"]] for f in x.facts if f.predicate in EVENT_PREDICATES and "agent" in f.args]


def test_a_states_attacks_name_the_state_in_a_one_sentence_report() -> None:
    assert _doers("Nine people were killed by Turkish airstrikes in the town of Azaz.") == ["Turkey"]


def test_a_states_attacks_name_the_state_in_a_two_sentence_report() -> None:
    assert _doers("Turkish shelling killed four civilians in the town of Azaz on Friday. The army denied it.") \
        == ["Turkey"]


def test_a_states_attacks_name_the_state_in_a_report_under_a_headline() -> None:
    x = _x("Israeli air strikes killed six fighters near the town of Azaz on Friday, a monitor said.")
    [israel] = [e for e in x.entities if e.name == "Israel"]
    assert "Israeli" in israel.aliases
    assert any(f.predicate in EVENT_PREDICATES and f.args.get("agent") == israel.id for f in x.facts)


def test_a_states_attack_noun_is_no_second_entity_when_the_state_is_named() -> None:
    x = _x("Turkey said on Friday that Turkish airstrikes hit the town of Azaz.")
    assert len([e for e in x.entities if e.name == "Turkey" or "Turkish" in e.aliases]) == 1


def test_a_state_the_article_names_gets_no_second_entity() -> None:
    x = _x("Turkey said on Friday that Turkish warplanes hit the town of Azaz.")
    assert len([e for e in x.entities if e.name == "Turkey" or "Turkish" in e.aliases]) == 1


def test_opposition_sources_a_rebel_town_and_a_word_before_a_name_are_not_the_opposition() -> None:
    x = _x("Jets struck a rebel town in Idlib on Monday, opposition sources said. "
           "The UK-based opposition Syrian Network for Human Rights counted nine dead.")
    assert _generic(x) == []
