"""A country's people named as a whole (allegiance.extraction.entities.people): "the Iraqi
people" and "the people of Iraq" are one actor, apart from the country and its government;
a name that holds the words stays that name, and a bare plural ("Syrians") is none. The sentences are written for
these tests."""

from __future__ import annotations

from allegiance.extraction import pipeline
from allegiance.extraction.entities.people import GENERIC_PEOPLE, demonym_of
from allegiance.model import Extraction


def _x(text: str) -> Extraction:
    return pipeline.extract("Report\n\n" + text + "\n", published="2016-03-05", with_text=True)


def test_three_ways_of_naming_a_people_are_one_actor() -> None:
    x = _x("The UK stands with the Iraqi people. The people of Iraq have suffered.")
    [people] = [e for e in x.entities if e.name == "Iraqi people"]
    assert people.type == "ORG"
    assert {"the Iraqi people", "The people of Iraq"} <= {people.name, *people.aliases}
    assert any(e.name == "Iraq" and e.type == "PLACE" for e in x.entities)


def test_two_peoples_are_two_actors_and_a_bare_plural_is_none() -> None:
    x = _x("The Syrian people and the people of Jordan want peace. Iraqis fled the fighting.")
    names = {e.name for e in x.entities}
    assert {"Syrian people", "Jordanian people"} <= names
    assert "Iraqi people" not in names


def test_the_words_inside_a_name_or_a_word_are_no_people() -> None:
    assert GENERIC_PEOPLE.search("the Syrian People's Party met") is None
    assert GENERIC_PEOPLE.search("Syrian people") is None  # no article: too loose to be the nation
    assert GENERIC_PEOPLE.search("the Kurdish people protested") is None


def test_the_demonym_named_by_each_form() -> None:
    found = [demonym_of(m) for m in GENERIC_PEOPLE.finditer("the Syrian people, the people of Saudi Arabia")]
    assert found == ["Syrian", "Saudi"]


def test_a_people_is_a_side_of_the_struggle_its_allies_support() -> None:
    x = _x("The UK remains steadfast in its support of the Government of Iraq and the Iraqi people "
           "in their fight against ISIL.")
    people = next(e.id for e in x.entities if e.name == "Iraqi people")
    preds = {(f.predicate, tuple(sorted(f.args.values()))) for f in x.facts}
    assert any(p == "allied_with" and people in args for p, args in preds)
    assert any(p == "clash" and people in args for p, args in preds)
