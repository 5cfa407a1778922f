from __future__ import annotations

import pytest

from allegiance.extraction.entities.mentions import defined_acronyms
from allegiance.extraction.pipeline import run
from allegiance.read.inputs import Source

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


# -- actors without proper names, acronyms by initials, NER repairs (made-up names) ------
def _run(text: str):
    return run(Source(name="t", text=text))


def test_collective_actors_are_orgs():
    a = _run("Talks in Geneva\n\nThe international community must support the Syrian opposition. "
             "Iraqi security forces retook the town.\n")
    orgs = {m.text for m in a.mentions if m.type == "ORG"}
    assert {"The international community", "the Syrian opposition", "Iraqi security forces"} <= orgs


def test_a_bare_opposition_is_not_an_actor():
    from allegiance.extraction.entities.rules import COLLECTIVE_ACTOR

    assert COLLECTIVE_ACTOR.search("he left the opposition in 2014") is None
    assert COLLECTIVE_ACTOR.search("the coalition is allied with the army") is None


def test_acronym_defined_by_its_initials():
    text = "Aid fund grows\n\nDonors gave to the Velmora Recovery Trust Fund (VRTF) this year.\n"
    found = defined_acronyms(text)
    assert text[slice(*found["VRTF"])] == "Velmora Recovery Trust Fund"
    assert "XYZ" not in defined_acronyms("the Velmora Recovery Trust Fund (XYZ) pays")
    a = _run(text + "The VRTF pays for schools.\n")
    ent = next(e for e in a.entities if e.name == "Velmora Recovery Trust Fund")
    assert sum(m.text == "VRTF" for m in ent.mentions) == 2


def test_reference_marks_and_glosses_are_cut_from_names():
    from allegiance.extraction.entities.mentions import _trim

    text = "Nadim Qassar,[1] was born here. Tarek Aswani(Arabic: x) left."
    s, e = _trim(text, 0, text.index("[1]") + 2)
    assert text[s:e] == "Nadim Qassar"
    s, e = _trim(text, text.index("Tarek"), text.index("(Arabic") + 7)
    assert text[s:e] == "Tarek Aswani"


def test_role_before_a_name_is_a_person_mention():
    a = _run("Profile\n\nThe former leader of the Harun Brigade, Veloria-born militant Tarek Aswani, "
             "lived in the village.\n")
    role = next(m for m in a.mentions if m.text == "The former leader of the Harun Brigade")
    assert role.type == "PERSON"
    from allegiance.extraction.entities.rules import ROLE_BEFORE_NAME

    assert ROLE_BEFORE_NAME.search("the leader of the Harun Brigade said on Monday") is None


def test_titles_next_to_a_name_mark_a_person():
    from allegiance.extraction.entities.rules import TITLE_AFTER, TITLE_AT_END

    assert TITLE_AFTER.match(", the Special Advisor to the Minister")
    assert TITLE_AT_END.search("the Veloria Embassy Chargé d’Affaires")
    assert not TITLE_AT_END.search("the Veloria Embassy")


def test_a_known_group_as_possessor_of_a_noun_phrase():
    a = _run("Statement\n\nWe call for an end to the Asad regime’s escalating attacks on the town.\n")
    assert any(m.text == "the Asad regime" and m.type == "ORG" for m in a.mentions)


def test_left_for_a_country_keeps_it_a_place():
    a = run(Source(name="t", text="Exile\n\n3 March 2019\n\nYusuf al-Tahhan left for Jordan in July 2018.",
                   published="2019-03-03"))
    assert [(e.name, e.type) for e in a.entities if e.name == "Jordan"] == [("Jordan", "PLACE")]


def test_a_plural_noun_opening_a_sentence_is_no_person_and_a_place_left_is_a_place():
    a = run(Source(name="t", text="Buses leave\n\n3 March 2019\n\nFighters leave Quneitra on buses in July 2018.",
                   published="2019-03-03"))
    assert [(e.name, e.type) for e in a.entities] == [("Quneitra", "PLACE")]


def _run(text: str):
    return run(Source(name="t", text=text, published="2018-11-15"))


def test_a_person_noun_in_apposition_makes_a_person_and_finds_the_given_name():
    a = _run("Some fighters stayed. Bilal Hamdoun, a former Jaish al-Islam commander, stayed behind. "
             "Nobody could reach Hamdoun for comment.")
    assert "Bilal Hamdoun" in _mentions(a, "PERSON")
    assert not {m.text for m in a.mentions if m.type == "PLACE"} & {"Hamdoun", "Bilal Hamdoun"}


def test_a_one_word_place_that_names_a_person_of_the_article_is_that_person():
    a = _run("Tareq al-Jundi was detained in Douma. They accused Tareq of photographing positions.")
    assert {m.text for m in a.mentions if m.type == "PLACE"} == {"Douma"}


def test_a_town_only_the_spelling_skeleton_knows_is_a_place_after_in():
    a = _run("Hiba Sarraj was detained by Hay'at Tahrir al-Sham in Maarat al-Numan last March.")
    assert "Maarat al-Numan" in _mentions(a, "PLACE")


def test_the_gazetteer_finds_towns_ner_misses_after_a_place_preposition():
    a = _run("When Samer al-Tawil was released, he crossed to Azaz. Faylaq al-Rahman attacked "
             "Jaish al-Islam positions in Arbeen in March.")
    assert {"Azaz", "Arbeen"} <= _mentions(a, "PLACE")


def test_a_byline_names_a_person():
    a = _run("A commander looks back\n\nBy Nadia Haddad\n\n3 March 2019\n\nSamir Kanaan spoke to the "
             "Orontes Courier.\n")
    assert "Nadia Haddad" in _mentions(a, "PERSON")


def test_an_outlet_named_as_a_question_label_stays_an_organisation():
    a = _run("Rebels talk\n\n3 March 2019\n\nSamir Kanaan spoke to Nour Barakat of The Levantine Ledger by phone.\n\n"
             "Levantine Ledger: How did you start?\n\nKanaan: In 2012 I joined Ahrar al-Sham.\n\n"
             "Levantine Ledger: Why?\n\nKanaan: Because they paid salaries.\n")
    assert "Levantine Ledger" not in _mentions(a, "PERSON")


def test_a_given_name_alone_is_found_where_ner_is_silent():
    a = _run("My brother Bilal and I founded a battalion.\n\nBilal was killed in February.\n")
    assert sum(m.text == "Bilal" and m.type == "PERSON" for m in a.mentions) == 2


def test_datelines_town_of_and_syrian_toponym_heads_are_places():
    a = _run("Fighting in Hama\n\nBy Dalia Sarkis\n\n24 May 2019\n\nBEIRUT: Fighters recaptured the town of "
             "Kafr Nabuda on Wednesday. Russian warplanes struck Tell Rifaat.\n")
    assert {"BEIRUT", "Kafr Nabuda", "Tell Rifaat"} <= _mentions(a, "PLACE")
    assert "Hama" in _mentions(a, "PLACE")  # no line break glued to a name


def test_proxies_named_by_their_backer_are_one_actor():
    a = _run("A report\n\nIranian-backed militias moved reinforcements to the front.\n")
    assert "Iranian-backed militias" in _mentions(a, "ORG")


def test_places_listed_together_and_members_of_a_force():
    a = _run("A report\n\nUnits of the Syrian Arab Army deployed around Tafas and Muzayrib in May.\n")
    assert {"Tafas", "Muzayrib"} <= _mentions(a, "PLACE")
    assert "Units of the Syrian Arab Army" not in _mentions(a, "ORG")


def test_an_outlet_named_after_the_is_an_organisation():
    a = _run("A report\n\nViyan Kalo, a commander from Kobani, spoke to the Jazira Herald.\n")
    assert "Jazira Herald" in _mentions(a, "ORG")


def test_an_office_names_no_family():
    a = _run("A report\n\nThe UN commission has published a report on Syria.\n\nResponding to the report "
             "Dalia Sarkis, the UK Special Representative for Syria said:\n\nSyria is being torn apart.\n")
    assert "Syria" not in _mentions(a, "PERSON")


def test_a_wire_credit_names_the_outlet_and_takfiri_is_no_name():
    a = _run("A report\n\nBEIRUT (TRT World and Agencies) Takfiri terrorists shelled Aleppo, a monitor told AFP.\n")
    orgs = _mentions(a, "ORG")
    assert "TRT World" in orgs and "AFP" in orgs
    assert not any("Takfiri" in m for m in _mentions(a))


def test_works_landforms_and_coordinates_are_places():
    a = _run("A report\n\nVisitors walked to the Ishtar Gate near the Tigris river, at 35.0325°N 43.6463889°E. "
             "The people of Iraq and the Syrian people mourned.\n")
    assert {"the Ishtar Gate", "Tigris", "35.0325°N 43.6463889°E"} <= _mentions(a, "PLACE")
    from allegiance.extraction.entities.rules import COORDINATES

    assert COORDINATES.search("at 33°30′21″N 36°16′11″E, or 33.505716; 36.269635").group() == "33°30′21″N 36°16′11″E"
    assert COORDINATES.search("a ratio of 1.5; 2.5 and 2,300 people") is None


def test_credits_backers_dates_and_bare_titles_are_nobody():
    from allegiance.extraction.entities.rules import CREDIT, NOT_A_PERSON

    assert CREDIT.fullmatch("Manar/Manal/Ghossoun") and CREDIT.fullmatch("REUTERS/Jason Reed")
    assert NOT_A_PERSON.search("Iran-backed") and NOT_A_PERSON.search("Thu Aug 1 2013")
    assert not NOT_A_PERSON.search("Nadia Haddad")
    a = _run("A report\n\nThe satellite carried Noorsat/Eurobird signals. Commander Yusuf Hamdan said "
             "Governor was absent.\n\nShells hit the mosque. Manar/Mazen\n")
    assert not {"Manar/Mazen", "Governor"} & _mentions(a)
    assert "Noorsat/Eurobird" in _mentions(a, "ORG")
    assert "Yusuf Hamdan" in " ".join(_mentions(a, "PERSON"))


def test_a_well_known_place_glued_into_a_person_is_not_spread_as_a_name():
    from allegiance.extraction.entities.mentions import Candidate, _family_name_candidates, _untagged_name_words

    text = "Jets pound Syrias Idlib. Aleppo Syrias army. Shells hit Idlib province and Aleppo city. Nadia Haddad said."
    seeds = [Candidate(11, 23, "PERSON", "ner"), Candidate(25, 38, "PERSON", "ner"),
             Candidate(89, 101, "PERSON", "ner")]
    spread = {text[c.start:c.end] for c in _family_name_candidates(text, seeds) + _untagged_name_words(text, seeds)}
    assert "Idlib" not in spread and "Aleppo" not in spread
    assert "Haddad" in spread  # a family name that is no place still spreads


def test_a_given_and_family_name_after_a_place_noun_is_a_place():
    from allegiance.extraction.entities.mentions import _person_candidates
    from allegiance.kb import load_kb

    text = ("Jets struck the village of Hazm al-Qamar. Clashes between Palmyra and Hazm al-Qamar went on. "
            "Hazm al-Qamar said nothing.")
    types = {(c.start, c.type) for c in _person_candidates(text, load_kb())}
    assert (27, "PLACE") in types
    assert (text.index("Hazm", 60), "PERSON") in types  # no cue: the name alone says nothing
    text = "Shells hit Hazm al-Qamar city and the settlements of Dahr al-Zelfa."
    assert {c.type for c in _person_candidates(text, load_kb())} == {"PLACE"}


def test_a_place_noun_or_apposition_after_a_name_marks_a_place():
    from allegiance.extraction.entities.mentions import _PLACE_NOUN_AFTER

    assert _PLACE_NOUN_AFTER.match(" - a rebel-held neighbourhood of Aleppo")
    assert _PLACE_NOUN_AFTER.match(" neighbourhoods and")
    assert not _PLACE_NOUN_AFTER.match(" - a rebel commander")
    assert not _PLACE_NOUN_AFTER.match(" townspeople")


def test_kb_descriptions_as_a_text_without_apostrophes_writes_them():
    # the text lost its apostrophes: "Assads regime" is the KB's "Assad regime", "Syria army" its "Syrian army"
    article = _run("Airstrikes killed 12 civilians in Aleppo on Monday after Assads regime unleashed a crackdown "
                   "a monitor said. Syria army units later shelled the town of Marea.")
    ids = {m.text: m.kb_id for m in article.mentions if m.kind == "name"}
    assert ids.get("Assads regime") == "government-of-syria"
    assert ids.get("Syria army") == "syrian-arab-army"


def test_a_possessive_stays_as_it_is_where_apostrophes_are_written():
    article = _run("Assads regime is a phrase here, and the army's shelling of Marea went on. Syria army units moved.")
    ids = {m.text: m.kb_id for m in article.mentions if m.kind == "name"}
    assert "Assads regime" not in ids
    assert ids.get("Syria army") == "syrian-arab-army"  # a country's name for its demonym needs no lost apostrophe


def test_a_states_outlet_is_the_outlet_not_the_state():
    article = _run("A bomb killed six people in the Salah al-Din district of Aleppo on Wednesday Syrian state "
                   "television reported. The Syrian state has blamed terrorists for the attack.")
    names = {m.text: m.kb_id for m in article.mentions if m.kind == "name"}
    assert "Syrian state television" in names and names["Syrian state television"] is None
    assert names.get("Syrian state") == "government-of-syria"  # the state itself, where it acts


def test_x_led_strikes_are_the_coalition_the_kb_knows_as_x_led_coalition():
    article = _run("At least 20 jihadists were killed on Monday in US-led air raids on the town a monitor said. "
                   "Kurdish-led forces advanced.")
    names = {m.text: (m.type, m.kb_id) for m in article.mentions if m.kind == "name"}
    assert names.get("US-led") == ("ORG", "cjtf-oir")
    assert "US" not in names
    assert "Kurdish-led" not in names  # no "Kurdish-led coalition" in the knowledge base


def test_a_preposition_ner_read_on_after_a_name_is_cut() -> None:
    from allegiance.extraction.entities.mentions import _trim

    text = "rebels took the town of Marwana from Qalbeen Brigade control"
    start = text.index("Marwana")
    assert text[slice(*_trim(text, start, start + len("Marwana from")))] == "Marwana"
    assert text[slice(*_trim(text, start, start + len("Marwana")))] == "Marwana"


def test_a_direction_or_rural_between_the_preposition_and_a_known_place() -> None:
    from allegiance.extraction.entities.mentions import _gazetteer_candidates
    from allegiance.kb import load_kb

    text = "Jets struck a market in northern Hama province and shelled homes in rural Idlib on Monday."
    names = {text[c.start:c.end] for c in _gazetteer_candidates(text, load_kb())}
    assert {"Hama", "Idlib"} <= names
    assert not {"northern", "rural"} & {w for n in names for w in n.split()}


def test_a_lone_organisation_noun_is_no_person_and_a_reporting_acronym_no_place() -> None:
    from allegiance.extraction.entities.mentions import Candidate, _bodies_not_people_or_places

    text = "Nine died according to an Observatory toll QNX reports. Troops entered UK bases QNX said."
    cands = [Candidate(text.index(w), text.index(w) + len(w), t, "ner") for w, t in
             (("Observatory", "PERSON"), ("QNX", "PLACE"), ("UK", "PLACE"))]
    cands.append(Candidate(text.rindex("QNX"), text.rindex("QNX") + 3, "PLACE", "ner"))
    _bodies_not_people_or_places(text, cands)
    assert [c.type for c in cands] == ["ORG", "ORG", "PLACE", "ORG"]


def test_a_name_before_tribe_or_clan_is_the_tribe() -> None:
    a = run(Source(name="t", text="Report\n\nIslamic State executed 30 members of the Omar Haddad tribe in the "
                                  "east. The militants then withdrew to the desert.\n", published="2019-06-10"))
    assert ("Omar Haddad tribe", "ORG") in {(m.text, m.type) for m in a.mentions}
    assert not any(m.type == "PERSON" for m in a.mentions)
    # the tribe is whom the militants killed, and never "the militants" themselves
    names = {e.id: e.name for e in a.entities}
    kills = [{k: names.get(v, v) for k, v in f.args.items()} for f in a.facts if f.predicate == "killing"]
    assert {"agent": "Islamic State", "patient": "Omar Haddad tribe"} in kills
    b = run(Source(name="t", text="Report\n\nThe head of the Omar Haddad tribe said the militants had killed "
                                  "70 people.\n", published="2019-06-10"))
    tribe = next(e.id for e in b.entities if e.name == "Omar Haddad tribe")
    assert not any(f.args.get("agent") == tribe for f in b.facts)


def test_a_describing_word_before_a_group_noun_is_no_part_of_the_name() -> None:
    from allegiance.extraction.entities.mentions import Candidate, _descriptor_cut

    text = "fighters of the Liwa al-Marwan Islamist faction and the Qalbeen Salafist Front met"
    first = text.index("Liwa")
    cands = [Candidate(first, first + len("Liwa al-Marwan Islamist"), "ORG", "pattern"),
             Candidate(text.index("Qalbeen"), text.index(" met"), "ORG", "ner")]
    _descriptor_cut(text, cands)
    assert [text[c.start:c.end] for c in cands] == ["Liwa al-Marwan", "Qalbeen Salafist Front"]
