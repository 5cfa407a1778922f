from __future__ import annotations

import pytest

from allegiance.inputs import Source
from allegiance.mentions import defined_acronyms
from allegiance.pipeline import run

TEXT = (
    "Fighting near Kafr Nabl\n\n"
    "3 March 2019\n\n"
    "Liwa Suqour al-Jabal said its fighters clashed with Jabhat al-Nusra near the town. "
    "The Free Syrian Army (FSA) condemned the attack. Khaled al-Hamwi, a spokesman for the "
    "Syrian Liberation Front, said the Assad regime had shelled the area. Al-Hamwi added that "
    "the Northern Storm Brigade had withdrawn. The Kurdish Democratic Union Party, or PYD, "
    "was not involved. The PYD denied any role. Islam forbids such killings, he said.")


@pytest.fixture(scope="module")
def article():
    return run(Source(name="t", text=TEXT, published="2019-03-03"))


def _mentions(article, type_=None):
    return {m.text for m in article.mentions if m.kind == "name" and (type_ is None or m.type == type_)}


def test_group_names_are_whole_orgs(article):
    orgs = _mentions(article, "ORG")
    assert "Liwa Suqour al-Jabal" in orgs
    assert "Jabhat al-Nusra" in orgs
    assert any(o.endswith("Northern Storm Brigade") for o in orgs)


def test_person_with_article_prefixed_family_name(article):
    people = _mentions(article, "PERSON")
    assert "Khaled al-Hamwi" in people
    assert "Al-Hamwi" in people


def test_acronyms_defined_in_text():
    defs = defined_acronyms(TEXT)
    assert TEXT[slice(*defs["FSA"])] in ("Free Syrian Army", "The Free Syrian Army")
    assert TEXT[slice(*defs["PYD"])].endswith("Democratic Union Party")


def test_non_names_are_dropped(article):
    assert "Islam" not in _mentions(article)


def test_every_mention_is_an_exact_slice(article):
    for m in article.mentions:
        assert article.text[m.start:m.end] == m.text
