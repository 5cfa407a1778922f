"""The event layer (allegiance.extraction.facts.events): events with unnamed doers and
victims, counts of dead and wounded, one event for the triggers that tell it, places and
times from the clause, the dateline or the report. The sentences are written for these
tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from allegiance.extraction import pipeline
from allegiance.extraction.facts import model as M
from allegiance.extraction.facts.events import number
from allegiance.model import EVENT_PREDICATES, Extraction, Fact


@pytest.fixture(autouse=True)
def _rule_of_thumb(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[None]:
    """The layer's own mechanisms, without the trained model that weighs its events
    (tests/test_event_model.py tests that)."""
    monkeypatch.setattr(M, "WEIGHTS", tmp_path / "absent.json")
    M.load_model.cache_clear()
    yield
    M.load_model.cache_clear()


def _x(text: str, published: str = "2019-06-10") -> Extraction:
    return pipeline.extract(text, published=published, with_text=True)


def _events(x: Extraction) -> list[Fact]:
    return [f for f in x.facts if f.predicate in EVENT_PREDICATES]


def _name(x: Extraction, eid: str | None) -> str | None:
    return next((e.name for e in x.entities if e.id == eid), None)


def test_unnamed_victims_their_count_date_and_place() -> None:
    # 2019-06-10 is a Monday: "on Saturday" is 2019-06-08
    x = _x("Report\n\nThirty civilians were killed on Saturday in air strikes on the town of Saraqib, "
           "a monitor said.\n")
    [f] = _events(x)
    assert f.predicate in ("killing", "attack")
    assert f.fatalities == 30
    assert f.args.get("patient_text") == "Thirty civilians"
    assert f.time is not None and f.time.start == "2019-06-08"
    assert _name(x, f.place) == "Saraqib"


def test_one_event_for_the_triggers_that_tell_it_with_dead_and_wounded() -> None:
    x = _x("Report\n\nA bomb blast in the city of Qamishli on Wednesday killed 48 people and wounded 20 others.\n")
    [f] = _events(x)
    assert (f.fatalities, f.injured) == (48, 20)
    assert _name(x, f.place) == "Qamishli"


def test_killing_and_injuring_after_a_strike() -> None:
    x = _x("Report\n\nWarplanes struck a market in Idlib, killing at least 22 people and injuring 11 others.\n")
    [f] = _events(x)
    assert (f.fatalities, f.injured) == (22, 11)
    assert f.args.get("agent_text") == "Warplanes"


@pytest.mark.parametrize("text", [
    "The militia threatened to attack the town of Saraqib.",
    "Rebels will storm the base near Idlib next week, a commander said.",
    "If the talks fail, the army would shell the villages around Hama.",
    "No one was killed in the incident in Homs.",
    # a rule's event (a doer and a target) is held to the same test as the layer's
    "Russian warplanes stopped bombing the town of Saraqib on Tuesday.",
])
def test_threats_plans_and_conditions_are_no_events(text: str) -> None:
    assert not _events(_x("Report\n\n" + text + "\n"))


def test_a_verb_coordinated_with_stop_is_no_plan() -> None:
    x = _x("Report\n\nNusra Front fighters stopped the activist Ahmad Khalil at a checkpoint near Sarmada "
           "and took him to a prison in Harem.\n")
    assert [f.predicate for f in _events(x)] == ["detention"]


def test_a_deal_under_unless_is_none_and_a_deal_made_stays() -> None:
    x = _x("Report\n\nOn Thursday Syrian President Bashar al-Assad issued an ultimatum to rebels in East Aleppo "
           "stating that unless they agreed to a reconciliation deal pro-regime forces would continue the fight "
           "with the rebels until they leave Aleppo.\n")
    assert not [f for f in x.facts if f.predicate == "agreement"]
    x = _x("Report\n\nThe rebels agreed to a truce with the government in Aleppo on Thursday.\n")
    assert [f for f in x.facts if f.predicate == "agreement"]
    x = _x("Report\n\nThe rebels refused to sign the agreement with the government on Monday.\n")
    assert [f.polarity for f in x.facts if f.predicate == "agreement"] == ["negative"]


def test_a_denied_event_stays_denied() -> None:
    [f] = _events(_x("Report\n\nRussia denied bombing the town of Saraqib on Tuesday.\n"))
    assert (f.predicate, f.polarity, f.modality) == ("attack", "positive", "denied")


@pytest.mark.parametrize("text", [
    # "the two sides", "the militants", "the outlawed group" never stand for the monitor named before
    "The Syrian army shelled Douma on Sunday, the Syrian Observatory for Human Rights said. "
    "Intense battles between the two sides followed in Douma.",
    "Islamic State fighters attacked a checkpoint near Raqqa on Sunday. The Syrian Observatory "
    "for Human Rights said the militants were killed in air strikes on Monday.",
    "The Syrian Observatory for Human Rights documented the attacks in Azaz. In January another "
    "attack claimed by the outlawed group killed 70 people in Azaz.",
])
def test_a_monitor_is_no_side_of_the_violence_it_reports(text: str) -> None:
    x = _x("Report\n\n" + text + "\n")
    assert _events(x)
    assert not any(_name(x, v) == "Syrian Observatory for Human Rights" for f in _events(x) for v in f.args.values())


def test_the_toll_of_a_whole_war_is_background() -> None:
    x = _x("Report\n\nMore than 400000 people have been killed in Syria since the war began in 2011.\n")
    assert not _events(x)


@pytest.mark.parametrize("text", [
    "The conflict, which began in 2014 with anti-government protests, has since spread across the country.",
    "Thousands have fled since the war started in 2014 with the repression of anti-government protests.",
    "The conflict which began in 2014 as anti-government protests has killed many.",
    "The conflict has claimed the lives of over 4700 people injured 1900 others and displaced half of them.",
    "The war has killed 4000 people and wounded 3000 more.",
])
def test_the_war_s_own_story_is_background(text: str) -> None:
    x = _x("Report\n\nGovernment forces shelled Kafr Nabl on Monday. " + text + "\n")
    assert [f.evidence.text for f in _events(x)] == ["Government forces shelled Kafr Nabl on Monday."]


def test_a_war_between_two_sides_is_their_clash_not_a_war_story() -> None:
    x = _x("Report\n\nThe war between Jaysh al-Islam and Faylaq al-Rahman began in 2016 in the eastern suburbs.\n")
    assert [(f.predicate, {_name(x, v) for v in f.args.values()}) for f in x.facts] == [
        ("clash", {"Jaysh al-Islam", "Faylaq al-Rahman"})]


def test_a_war_monitor_s_report_is_no_war_story() -> None:
    x = _x("Report\n\nA war monitor said government forces shelled Kafr Nabl on Monday, killing six people.\n")
    assert any(f.fatalities == 6 for f in _events(x))


def test_the_attack_told_again_is_no_new_event() -> None:
    x = _x("Report\n\nA car bomb exploded in Azaz on Monday, killing 12 people. The attack drew wide condemnation.\n")
    assert len(_events(x)) == 1


def test_an_event_placed_nowhere_takes_the_dateline() -> None:
    x = _x("Report\n\nALEPPO: Gunmen opened fire on a bus on Monday, wounding nine passengers.\n")
    [f] = _events(x)
    assert (_name(x, f.place) or "").lower() == "aleppo"
    assert f.injured == 9


def test_a_place_that_only_modifies_is_not_where_it_happened() -> None:
    x = _x("Report\n\nThe Britain-based monitor said 15 people were killed in shelling on Douma.\n")
    places = {_name(x, f.place) for f in _events(x)}
    assert "Britain" not in places and "Douma" in places


def test_people_captured_are_detained() -> None:
    x = _x("Report\n\nTwo aid workers were captured by gunmen near Azaz on Friday.\n")
    assert [f.predicate for f in _events(x)] == ["detention"]


def test_a_states_warplanes_are_its_government() -> None:
    x = _x("Report\n\nThe Syrian government denies targeting civilians. "
           "Syrian warplanes bombed the town of Saraqib on Monday, killing five people.\n")
    agents = {_name(x, f.args.get("agent")) for f in _events(x)}
    assert agents & {"Government of Syria", "Syrian government"}


def test_figurative_attacks_are_no_events() -> None:
    x = _x("Report\n\nThe cleric attacked the decision in a statement from Idlib.\n")
    assert not _events(x)


def test_an_event_without_a_date_is_dated_by_the_report() -> None:
    x = _x("Report\n\nA car bomb exploded in the town of Jarablus, killing three children.\n")
    [f] = _events(x)
    assert f.time is not None and f.time.start == "2019-06" and f.time.as_of == "2019-06-10"


@pytest.mark.parametrize(("word", "value"), [
    ("48", 48), ("1,200", 1200), ("Thirty", 30), ("twenty-two", 22), ("dozens", None), ("many", None),
])
def test_numbers(word: str, value: int | None) -> None:
    from allegiance.extraction.language import load_pipeline

    tok = load_pipeline(None)(word)[0]
    assert number(tok) == value


def _sides(x: Extraction) -> list[tuple[str | None, str | None]]:
    return [(_name(x, f.args.get("agent")), _name(x, f.args.get("patient"))) for f in x.facts
            if f.predicate == "clash"]


def test_clashes_between_groups_named_in_the_next_sentence() -> None:
    x = _x("Report\n\nClashes have broken out in Idlib between two of the most powerful insurgent groups. "
           "Ahrar al-Sham and Jabhat al-Nusra traded fire on Monday.\n")
    assert ("Ahrar al-Sham", "Jabhat al-Nusra") in _sides(x)


def test_the_two_rival_groups_are_the_two_named_before_and_the_toll_is_the_clashs() -> None:
    x = _x("Report\n\nJaish al-Islam and Faylaq al-Rahman fought for a week in Douma. "
           "Fighting between the two rival groups killed 30 people on Monday.\n")
    tolls = [f for f in x.facts if f.predicate == "clash" and f.fatalities == 30]
    assert tolls and {_name(x, tolls[0].args["agent"]), _name(x, tolls[0].args["patient"])} == {
        "Jaysh al-Islam", "Faylaq al-Rahman"}


def test_the_jihadists_are_the_armed_group_named_last() -> None:
    x = _x("Report\n\nThe Islamic State group seized the town of Tadef on Sunday. "
           "The jihadists then executed five men in the town.\n")
    assert any(f.predicate == "killing" and _name(x, f.args.get("agent")) == "Islamic State" for f in x.facts)


def test_territorial_advances_are_attacks_on_whom_they_are_against() -> None:
    x = _x("Government forces advanced against the Liwa Nour al-Din Brigade in Tell Karama on Monday.")
    ev = [f for f in _events(x) if f.predicate == "attack"]
    assert ev and _name(x, ev[0].args.get("patient")) == "Liwa Nour al-Din Brigade"


def test_advance_without_a_target_word_is_no_event() -> None:
    x = _x("Talks advanced in Tell Karama on Monday, a spokesman said.")
    assert not _events(x)


def test_entering_held_ground_and_breaching_lines_are_attacks() -> None:
    x = _x("Hezbollah fighters have entered a rebel-held mountain resort near Tell Karama on Monday.")
    ev = [f for f in _events(x) if f.predicate == "attack"]
    assert ev and _name(x, ev[0].args.get("agent")) == "Hezbollah"
    x = _x("Islamic State militants breached army lines east of Tell Karama on Monday.")
    ev = [f for f in _events(x) if f.predicate == "attack"]
    assert ev and _name(x, ev[0].args.get("agent")) == "Islamic State"


@pytest.mark.parametrize("text", [
    "An aid convoy entered rebel-held Tell Karama on Monday.",
    "Hezbollah fighters entered talks in Tell Karama on Monday.",
    "Islamic State breached the ceasefire in Tell Karama on Monday.",
])
def test_entering_and_breaching_without_ground_taken_are_no_attacks(text: str) -> None:
    assert not [f for f in _events(_x(text)) if f.predicate == "attack"]


def test_pushed_from_a_town_is_an_advance() -> None:
    x = _x("Hezbollah fighters have pushed the Nusra Front from the town of Tell Karama on Monday.")
    ev = [f for f in _events(x) if f.predicate == "attack"]
    assert ev and _name(x, ev[0].args.get("agent")) == "Hezbollah"


def test_a_by_agent_on_a_verb_read_as_active_is_the_doer() -> None:
    x = _x("At least 15 civilians were killed and many wounded in fresh air strikes by the US-led coalition "
           "in Tell Karama on Thursday.")
    ev = [f for f in _events(x) if f.predicate in ("killing", "attack")]
    assert ev and "coalition" in (_name(x, ev[0].args.get("agent")) or "").lower() + " ".join(
        a for e in x.entities if e.id == ev[0].args.get("agent") for a in e.aliases).lower()


def test_anti_government_protests_are_against_the_state_not_by_it() -> None:
    # (a protest told as how the war began is background: test_the_war_s_own_story_is_background)
    x = _x("War report\n\nThe regime of Bashar al-Assad shelled Daraa on Monday. Thousands of people joined "
           "anti-government protests in Daraa on Friday.\n")
    [f] = [f for f in _events(x) if f.predicate == "protest"]
    assert "agent" not in f.args
    assert _name(x, f.args.get("patient")) == "Government of Syria"


def test_the_doer_of_a_participle_on_the_weapon_is_the_agent() -> None:
    x = _x("Report\n\nAirstrikes carried out by the United States against the Nusra Front in northwestern "
           "Syria have killed 11 civilians.\n")
    [f] = [f for f in _events(x) if f.predicate == "killing"]
    assert _name(x, f.args.get("agent")) == "United States"
    assert f.args.get("patient_text") == "11 civilians"


@pytest.mark.parametrize("text", ["Jaysh al-Islam launched a wave of attacks on Damascus on Monday.",
                                  "Jaysh al-Islam mounted a series of attacks on Damascus on Monday."])
def test_carrying_out_a_wave_of_attacks_names_the_doer(text: str) -> None:
    x = _x(f"Report\n\n{text}\n")
    [f] = [f for f in _events(x) if f.predicate == "attack"]
    assert (_name(x, f.args.get("agent")), _name(x, f.args.get("patient"))) == ("Jaysh al-Islam", "Damascus")


def test_the_battle_against_two_allies_is_fought_by_the_subject() -> None:
    x = _x("Report\n\nJaish al-Fatah has lost over one hundred militants in the battle against the Syrian Army "
           "and the National Defence Forces in al Mallah Farms on Monday.\n")
    [f] = [f for f in x.facts if f.predicate == "clash"]
    assert _name(x, f.args["agent"]) == "Jaysh al-Fatah"
    assert {_name(x, v) for k, v in f.args.items() if k != "agent"} == {"Syrian Arab Army", "National Defence Forces"}


def test_the_side_named_on_the_other_hand_is_a_side() -> None:
    x = _x("Report\n\nFierce clashes have erupted between the Nusra Front on one hand and the Islamic State "
           "on the other in Qalamoun on Monday.\n")
    assert any({_name(x, v) for v in f.args.values()} >= {"Jabhat al-Nusra", "Islamic State"}
               for f in x.facts if f.predicate == "clash")


def test_who_reports_clashes_with_a_group_is_no_side() -> None:
    x = _x("Report\n\nThe Syrian Observatory for Human Rights reported clashes with the Islamic State near "
           "Aleppo on Monday.\n")
    assert not any(_name(x, v) == "Syrian Observatory for Human Rights" for f in x.facts
                   if f.predicate == "clash" for v in f.args.values())


def test_a_side_taking_part_is_named_not_guessed() -> None:
    x = _x("Report\n\nThe Islamic State shelled the town. Forces from the army and Hezbollah are engaged in their "
           "11th day of heavy fighting with the Free Syrian Army in Zabadani.\n")
    sides = [{_name(x, v) for v in f.args.values()} for f in x.facts if f.predicate == "clash"]
    assert sides and all("Islamic State" not in s for s in sides)
    assert any({"Hezbollah", "Free Syrian Army"} <= s for s in sides)


def test_the_army_is_the_one_army_the_article_names() -> None:
    x = _x("ALEPPO, Syria — The Syrian Arab Army took the town of Tal Rifaat in April. "
           "Shelling by the army killed at least 21 civilians in the town of Azaz on Saturday.")
    [ev] = [f for f in _events(x) if f.fatalities == 21]
    assert _name(x, ev.args.get("agent")) == "Syrian Arab Army"


def test_the_army_of_no_named_state_has_no_doer() -> None:
    x = _x("ALEPPO, Syria — Shelling by the army killed at least 21 civilians in the town of Azaz on Saturday.")
    [ev] = [f for f in _events(x) if f.fatalities == 21]
    assert "agent" not in ev.args


def test_the_doer_a_weapon_names() -> None:
    x = _x("DAMASCUS — Rebels hold the eastern suburbs. One person was killed in central Damascus on "
           "Wednesday by rebel fire. Two civilians were wounded in Harasta on Monday by mortar shells fired "
           "by the Islamic State group.")
    by_name = {_name(x, f.args.get("agent")) for f in _events(x)}
    assert {"rebels", "Islamic State"} <= by_name


def test_the_terrorists_of_a_named_group_are_the_group() -> None:
    x = _x("ALEPPO — Jabhat al-Nusra terrorists shelled the town of Nubl on Saturday, SANA said.")
    assert any(_name(x, f.args.get("agent")) == "Jabhat al-Nusra" for f in _events(x))


def test_a_subject_shared_with_a_passive_verb_is_no_doer() -> None:
    x = _x("ALEPPO — At least 23 Islamic State militants have been killed by Turkish artillery fire and US "
           "airstrikes in the town of al-Bab on Monday.")
    isis = [e.id for e in x.entities if e.name == "Islamic State"]
    assert isis and not any(f.args.get(k) in isis for f in _events(x) for k in ("agent", "agent_2", "agent_3"))


def test_a_pronoun_doer_is_the_name_whose_clause_reports_it() -> None:
    x = _x("Report\n\nTurkey said it had shelled Islamic State positions near Jarablus on Monday.\n")
    assert any((_name(x, f.args.get("agent")), _name(x, f.args.get("patient"))) == ("Turkey", "Islamic State")
               for f in _events(x) if f.predicate == "attack")


def test_a_pronoun_that_disagrees_in_number_names_no_doer() -> None:
    # "it" is not two states
    x = _x("Report\n\nTurkey and Iran said it had shelled Islamic State positions near Jarablus on Monday.\n")
    assert not any(_name(x, v) in ("Turkey", "Iran") for f in _events(x) for v in f.args.values())


def test_every_doer_the_strikes_name_is_lent_to_the_killing() -> None:
    x = _x("Report\n\nRussia has backed the regime since 2015. Heavy air strikes by Russian and regime warplanes "
           "killed 26 people in Idlib on Monday, a monitor said.\n")
    [f] = [f for f in _events(x) if f.predicate == "killing"]
    doers = {_name(x, v) for k, v in f.args.items() if k.startswith("agent")}
    assert "Russia" in doers and len(doers) == 2


def test_a_stance_attacked_is_no_event() -> None:
    x = _x("Report\n\nThe minister attacked the position of the opposition on Monday.\n")
    assert not _events(x)


def test_whose_fire_the_modifier_says_is_the_doer() -> None:
    x = _x("Report\n\nState media said rebel fire on a market in Aleppo on Wednesday killed 13 people.\n")
    [f] = [f for f in _events(x) if f.predicate == "killing"]
    assert _name(x, f.args.get("agent")) == "rebels"


def test_a_capital_acting_is_its_state() -> None:
    x = _x("Report\n\nRussia entered the war in 2015. Moscow said its jets struck Islamic State positions near "
           "Palmyra on Monday.\n")
    assert any((_name(x, f.args.get("agent")), _name(x, f.args.get("patient"))) == ("Russia", "Islamic State")
               for f in _events(x) if f.predicate == "attack")


def test_a_capital_where_it_happened_is_a_place() -> None:
    x = _x("Report\n\nThe Syrian government denied it. Twelve people were killed in Damascus on Monday when shells "
           "hit the old city.\n")
    assert not any(_name(x, v) == "Government of Syria" for f in _events(x) for v in f.args.values())


@pytest.mark.parametrize("text, doers", [
    ("Rebel groups including Ahrar al-Sham and the Nusra Front fired rockets into Aleppo on Monday, "
     "killing 12 civilians.", {"Ahrar al-Sham", "Jabhat al-Nusra"}),
    ("Militants from the Nusra Front and its allied fighters of Jaysh al-Islam shelled Aleppo on Monday.",
     {"Jabhat al-Nusra", "Jaysh al-Islam"}),
    ("The Syrian army and its allies from the Lebanese militia Hezbollah stormed Qusayr on Monday.",
     {"Syrian Arab Army", "Hezbollah"}),
])
def test_every_group_a_doer_phrase_lists_is_a_doer(text: str, doers: set[str]) -> None:
    x = _x(f"Report\n\n{text}\n")
    ev = [f for f in _events(x) if f.predicate in ("attack", "killing")]
    assert ev and any(doers <= {_name(x, v) for k, v in f.args.items() if k.startswith("agent")} for f in ev)


def test_a_listed_doers_own_conjunct_is_not_read_through_its_pronoun() -> None:
    # "its allied fighters" is Jaysh al-Islam's, named after "of"; "its" is never resolved alone
    x = _x("Report\n\nThe Observatory said that militants from the Nusra Front and its allied fighters of "
           "Jaysh al-Islam shelled Aleppo on Monday.\n")
    ev = [f for f in _events(x) if f.predicate == "attack"]
    assert ev and not any("Observatory" in (_name(x, v) or "") for f in ev for k, v in f.args.items()
                          if k.startswith("agent"))


@pytest.mark.parametrize("text", [
    "The Syrian army repelled an attack by the Nusra Front near Aleppo on Monday.",
    "An offensive by the Nusra Front near Aleppo was repelled by the Syrian army on Monday.",
])
def test_who_repels_an_attack_is_attacked_not_the_attacker(text: str) -> None:
    x = _x(f"Report\n\n{text}\n")
    [f] = [f for f in _events(x) if f.predicate == "attack"]
    assert (_name(x, f.args.get("agent")), _name(x, f.args.get("patient"))) == ("Jabhat al-Nusra", "Syrian Arab Army")


def test_an_attack_repelled_by_no_one_named_has_no_doer() -> None:
    x = _x("Report\n\nThe Syrian army repelled an attack on Aleppo on Monday.\n")
    assert not any(_name(x, v) == "Syrian Arab Army" for f in _events(x) for k, v in f.args.items()
                   if k.startswith("agent"))


@pytest.mark.parametrize("text", [
    "In September Ahrar al-Sham's leader Hassan Abboud was killed in a bombing in Idlib province.",
    "Hassan Abboud, the leader of Ahrar al-Sham, was killed in a bombing in Idlib province on Monday.",
])
def test_a_leader_killed_is_a_blow_to_his_group_too(text: str) -> None:
    x = _x(f"Report\n\n{text}\n")
    ev = [f for f in _events(x) if f.predicate in ("killing", "attack")]
    assert ev and any({_name(x, v) for k, v in f.args.items() if k.startswith("patient")}
                      >= {"Hassan Abboud", "Ahrar al-Sham"} for f in ev)


def test_the_assault_told_again_is_by_the_doers_named_just_before() -> None:
    x = _x("Report\n\nGovernment forces launched an offensive on Kafr Nabl on Monday. The assault killed 12 "
           "civilians, a monitor said.\n")
    dead = [f for f in _events(x) if f.fatalities == 12]
    assert dead and all(_name(x, f.args.get("agent")) == "Government of Syria" for f in dead)


def test_the_attack_told_again_after_two_doers_is_by_no_one() -> None:
    x = _x("Report\n\nGovernment forces shelled Kafr Nabl on Monday, while the Islamic State stormed Palmyra. The "
           "attack killed 12 civilians, a monitor said.\n")
    assert not any(f.args.get("agent") for f in _events(x) if f.fatalities == 12)


def _doers(x: Extraction) -> list[str | None]:
    return [_name(x, f.args.get("agent")) for f in _events(x)]


def test_the_doer_of_a_passive_relative_clause_on_the_raids_is_the_agent() -> None:
    x = _x("Report\n\nAir raids which were carried out by the Islamic State group hit the village of Kafr Nasr "
           "on Monday.\n")
    assert _doers(x) == ["Islamic State"]
    # a relative clause that says who holds a place names no doer, wherever the parse hangs it
    x = _x("Report\n\nFive people were killed on Monday in air raids on the town of Kafr Nasr which is held by "
           "the Islamic State group.\n")
    assert _events(x) and not any(_doers(x))


@pytest.mark.parametrize("text", ["The Free Syrian Army responded by shelling the town of Kafr Nasr on Monday.",
                                  "The Free Syrian Army retaliated with air strikes on the town of Kafr Nasr on "
                                  "Monday."])
def test_the_subject_of_a_response_does_what_it_responds_with(text: str) -> None:
    x = _x(f"Report\n\n{text}\n")
    assert _doers(x) == ["Free Syrian Army"]


def test_who_is_believed_to_be_behind_an_attack_is_its_doer() -> None:
    x = _x("Report\n\nThe Islamic State group is believed to be behind the bombing that killed nine people in "
           "the town of Kafr Nasr on Monday.\n")
    assert _doers(x) == ["Islamic State"]


def test_a_government_modifier_read_as_nmod_names_the_state() -> None:
    x = _x("Report\n\nThe Syrian government denied the report. The village of Kafr Nasr came under a fierce "
           "government aerial assault on Monday.\n")
    assert _doers(x) == ["Government of Syria"]


def test_they_of_a_plural_name_masked_as_one_word_is_that_name() -> None:
    x = _x("Report\n\nGovernment forces blocked the highway on Sunday when they seized a ridge.\n")
    assert _doers(x) == ["Government of Syria"]


def test_a_demonym_for_a_state_named_only_by_its_forces_is_those_forces() -> None:
    # the article names no Russia, only its warplanes (the KB's Russian Aerospace Forces)
    x = _x("Report\n\nRussian warplanes struck the town of Kafr Nasr on Sunday. Ten people were killed by "
           "Russian airstrikes in the town of Tal Jabin on Monday.\n")
    [f] = [f for f in _events(x) if f.fatalities == 10]
    assert _name(x, f.args.get("agent")) == "Russian Aerospace Forces"


def test_arms_believed_to_be_of_a_nation_are_that_states() -> None:
    x = _x("Report\n\nRussia denied the report. Fighter jets believed to be Russian struck the town of Kafr Nasr "
           "on Monday, killing five civilians.\n")
    [f] = [f for f in _events(x) if f.fatalities == 5]
    assert _name(x, f.args.get("agent")) == "Russia"
    # people are no arms: a victim's nationality is never a doer
    x = _x("Report\n\nRussia denied the report. Civilians believed to be Russian were killed in the town of Kafr "
           "Nasr on Monday.\n")
    assert not any(_doers(x))


@pytest.mark.parametrize("text", [
    "Local leaders in Jayrud had a truce with the regime for two years and neither fired on the other.",
    "No one fired on the soldiers at the checkpoint in Jayrud.",
    "Neither side fired on the other in Jayrud.",
])
def test_an_act_done_by_no_one_is_no_event(text: str) -> None:
    x = _x("Report\n\nGovernment forces shelled Kafr Nabl on Monday. " + text + "\n")
    assert [f.evidence.text for f in _events(x)] == ["Government forces shelled Kafr Nabl on Monday."]


def test_what_came_under_an_attack_was_attacked_by_whom_the_verb_names() -> None:
    x = _x("Report\n\nThe town of Kafr Nasr came under heavy shelling by government forces on Monday.\n")
    [f] = _events(x)
    assert (_name(x, f.args.get("agent")), _name(x, f.args.get("patient"))) == ("Government of Syria", "Kafr Nasr")
    x = _x("Report\n\nThe Free Syrian Army came under attack by the Islamic State group near the town of Kafr "
           "Nasr on Monday.\n")
    [f] = _events(x)
    assert (_name(x, f.args.get("agent")), _name(x, f.args.get("patient"))) == ("Islamic State",
                                                                               "Free Syrian Army")


@pytest.mark.parametrize("text", [
    # the wire text without its comma: "Syria" ends the fronted phrase, the strikes are Russian
    "In the east of Syria Russian air strikes on Sunday killed 34 civilians in the village of Kafr Nasr.",
    "In the east of Syria, Russian air strikes on Sunday killed 34 civilians in the village of Kafr Nasr."])
def test_a_place_ending_the_phrase_before_the_strikes_is_not_their_doer(text: str) -> None:
    x = _x(f"Report\n\nThe Syrian government and Russia deny it. {text}\n")
    assert [d for d in _doers(x) if d] == ["Russia"]


def test_the_name_after_a_preposition_that_owns_the_strikes_is_still_their_doer() -> None:
    x = _x("Report\n\nDozens were killed in a series of US air strikes near the village of Kafr Nasr on Sunday.\n")
    assert _doers(x) == ["US"]
