from __future__ import annotations

from allegiance.extraction.pipeline import run
from allegiance.read.inputs import Source

TEXT = (
    "Defector speaks out\n\n"
    "1 June 2016\n\n"
    "Nabil Haddad left the army in 2012. The 45-year-old says he was ordered to fire on "
    "protesters, he tells our reporter Sara Mansour.\n\n"
    "Q: When did you decide to leave?\n\n"
    "I decided in the spring. My unit was sent to the city.")


def test_pronouns_and_descriptors_resolve():
    a = run(Source(name="t", text=TEXT, published="2016-06-01"))
    nabil = next(e for e in a.entities if e.name == "Nabil Haddad")
    resolved = {(m.text, m.kind) for m in nabil.mentions if m.kind != "name"}
    assert ("The 45-year-old", "descriptor") in resolved
    assert ("he", "pronoun") in resolved
    assert ("you", "pronoun") in resolved
    assert ("I", "pronoun") in resolved and ("My", "pronoun") in resolved
    sara = next(e for e in a.entities if e.name == "Sara Mansour")
    assert all(m.kind == "name" for m in sara.mentions)


# -- "we" in a government's own statement (made-up events) ------------------------------
def _official(outlet: str | None, text: str):
    return run(Source(name="t", text=text, outlet=outlet))


def test_we_of_a_government_outlet_is_its_state():
    a = _official("UK Government", "Minister visits the region\n\nThe UK condemns the attack by "
                  "the Harun Brigade. We will continue to defeat the Harun Brigade.\n")
    we = next(m for m in a.mentions if m.text == "We")
    assert we.type == "ORG" and a.entity(we.entity).name == "UK"


def test_we_names_the_state_when_the_text_does_not():
    a = _official("Australian Department of Foreign Affairs",
                  "Statement on the region\n\nWe condemn the Harun Brigade's attack on the town.\n")
    we = next(m for m in a.mentions if m.text == "We")
    assert a.entity(we.entity).name == "Australia"


def test_we_of_a_news_outlet_stays_unresolved():
    a = _official("Levant News", "Interview\n\nWe fought the Harun Brigade for a year.\n")
    assert not any(m.text == "We" for m in a.mentions)


def test_a_chain_of_pronouns_carries_the_person_across_paragraphs():
    text = ("Defector speaks out\n\n1 June 2016\n\nNabil Haddad left the army in 2012.\n\n"
            "In 2013, he founded a council in his village.\n\n"
            "The council dissolved in 2014. The army had detained his brother.")
    a = run(Source(name="t", text=text, published="2016-06-01"))
    nabil = next(e for e in a.entities if e.name == "Nabil Haddad")
    last_his = text.rindex("his")
    assert any(m.start == last_his for m in nabil.mentions)


def _article(text: str):
    return run(Source(name="t", text=text, published="2022-05-17"))


def _entity_of(a, start: int) -> str | None:
    return next((m.entity for m in a.mentions if m.start == start), None)


def test_he_passes_over_a_person_named_as_a_modifier():
    text = ("A profile\n\nAdnan al-Hallaq helped run the committee that filmed the demonstrations against the "
            "government of Bashar al-Assad, and that summer he was held for nine days.\n")
    a = _article(text)
    he = text.index(" he was") + 1
    assert a.entity(_entity_of(a, he)).name == "Adnan al-Hallaq"


def test_a_name_given_as_his_other_name_is_the_same_person():
    text = ("A profile\n\nMarwan al-Haddour fought in Douma. Over the next years the Douma native, known to his "
            "men as Abu Hazem, fought under four banners. Abu Hazem now lives in Azaz.\n")
    a = _article(text)
    people = [e for e in a.entities if e.type == "PERSON"]
    assert len(people) == 1 and "Abu Hazem" in people[0].aliases


def test_she_is_not_the_man_an_earlier_he_was():
    text = ("A report\n\nInterior Minister Karim Haddad said he had visited the station. "
            "A girl blew herself up inside the station, and she killed three people.\n")
    a = run(Source(name="t", text=text, published="2016-06-01"))
    haddad = next(e for e in a.entities if e.name.endswith("Haddad"))
    pronouns = {m.text for m in haddad.mentions if m.kind == "pronoun"}
    assert "he" in pronouns
    assert not {"herself", "she"} & pronouns


def test_past_a_man_she_is_nobody_else_unknown():
    text = ("A report\n\nPresident Karim Haddad spoke. Activist Omar Qurna said he saw a girl in the town. "
            "She was shot by a sniper.\n")
    a = run(Source(name="t", text=text, published="2016-06-01"))
    she = [m for m in a.mentions if m.text == "She"]
    assert she == [] or all(m.entity is None for m in she)
