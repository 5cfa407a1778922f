"""Relations and events with evidence, time, place, polarity, modality and speaker
(allegiance.extraction.facts.stage). The texts are written for these tests: names, groups and places are
made up, so the rules are exercised, not remembered."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from allegiance.extraction import pipeline
from allegiance.model import Extraction, Fact
from allegiance.read.inputs import Source


def _paragraphs(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


INTERVIEW = _paragraphs(
    "Former rebel commander turns mediator",
    "Karim al-Tahhan signed the truce on behalf of the Damascus government last October. "
    "The 41-year-old is now a negotiator with the Office of Civil Affairs.",
    "In May 2012, he founded his own rebel brigade, Liwa Nour a-Din, with the goal of "
    "protecting civilians.",
    "The brigade appears to have dissolved in June 2015 when its founder fled the country. "
    "Jaish al-Fajr had detained his brother, a Free Army commander.",
    "Q: In 2012, you founded Liwa Nour a-Din. What happened next?",
    "In 2015, Jaish al-Fajr attacked Liwa Nour a-Din and detained their fighters. "
    "Their leader and my brother, Walid al-Tahhan, was also detained.",
    "I was able to escape to Lebanon. I remained in Lebanon for two years.",
    "When Fadi Hourani established the Eastern Shield Army, he offered me a position, "
    "which I declined.",
)

NOTES = _paragraphs(
    "Defector recalls the rise of the coalition",
    "Nabil Sarraf was against the war, he tells Levant News’s Omar Zeidan.",
    "Q: How did the coalition start?",
    "In 2016, Jaish al-Fajr attacked Liwa Nour a-Din [a Free Army-affiliated brigade in the "
    "north] and detained their fighters.",
    "[Ed.: The Eastern Shield Army is a coalition of rebel factions. The coalition is allied "
    "with the Free Army, and the group joined the Northern Front in March 2016.]",
    "Jaish al-Fajr—now Jabhat al-Sabah—issued a decree which prohibited me from returning.",
    "Q: Did you join them?",
    "I did not join the Northern Front.",
)

REPORT = _paragraphs(
    "Rebels clash in the north",
    "Fighters of the Northern Front reportedly killed three members of Liwa Nour a-Din in "
    "Tell Karama on Monday. Local media reported clashes between the Northern Front and "
    "Jaish al-Fajr near Tell Karama. Sami Haddad, a Northern Front commander, was born in "
    "Tell Karama. Omar Zeidan, a reporter for Levant News, filed the report.",
)


@pytest.fixture(scope="module")
def interview() -> Extraction:
    return pipeline.extract(INTERVIEW, published="2019-03-12", with_text=True)


@pytest.fixture(scope="module")
def notes() -> Extraction:
    return pipeline.extract(NOTES, published="2018-05-01", with_text=True)


@pytest.fixture(scope="module")
def report() -> Extraction:
    return pipeline.extract(REPORT, published="2018-05-02", with_text=True)


def named(x: Extraction, predicate: str, **args: str) -> list[Fact]:
    """Facts of `predicate` whose arguments are the entities with the given names."""
    names = {e.id: e.name for e in x.entities}
    out = []
    for f in x.facts:
        if f.predicate != predicate:
            continue
        if all(names.get(f.args.get(k, ""), f.args.get(k)) == v for k, v in args.items()):
            out.append(f)
    return out


def one(x: Extraction, predicate: str, **args: str) -> Fact:
    found = named(x, predicate, **args)
    assert found, f"no {predicate} {args}; facts: {[(f.predicate, f.args) for f in x.facts]}"
    return found[0]


# -- the contract ------------------------------------------------------------------------
@pytest.mark.parametrize("fixture", ["interview", "notes", "report"])
def test_evidence_is_an_exact_slice(fixture: str, request: pytest.FixtureRequest) -> None:
    x: Extraction = request.getfixturevalue(fixture)
    assert x.facts
    text = x.document.text or ""
    for f in x.facts:
        assert text[f.evidence.start:f.evidence.end] == f.evidence.text
        assert 0 <= f.confidence <= 1


@pytest.mark.parametrize("fixture", ["interview", "notes", "report"])
def test_arguments_are_entities_and_ids_are_unique(fixture: str, request: pytest.FixtureRequest) -> None:
    x: Extraction = request.getfixturevalue(fixture)
    ids = {e.id for e in x.entities}
    assert len({f.id for f in x.facts}) == len(x.facts)
    for f in x.facts:
        for key, value in f.args.items():
            if key != "name":
                assert value in ids, (f.predicate, key, value)
        assert f.place is None or f.place in ids


def test_no_duplicates_with_the_same_evidence(interview: Extraction) -> None:
    keys = [(f.predicate, tuple(sorted(f.args.items())), f.polarity, f.evidence.start, f.evidence.end)
            for f in interview.facts]
    assert len(keys) == len(set(keys))


def test_no_facts_without_entities() -> None:
    x = pipeline.extract("It rained all day and nobody went out.", published="2018-01-01")
    assert x.facts == []


# -- verb frames -------------------------------------------------------------------------
def test_founded_with_apposition_and_date(interview: Extraction) -> None:
    f = one(interview, "founded", subject="Karim al-Tahhan", object="Liwa Nour a-Din")
    assert f.time is not None and f.time.start == "2012-05"
    assert f.asserted_by == "reporter"


def test_question_that_states_a_fact_is_the_reporters(interview: Extraction) -> None:
    facts = named(interview, "founded", subject="Karim al-Tahhan", object="Liwa Nour a-Din")
    asked = [f for f in facts if f.evidence.text.startswith("In 2012, you founded")]
    assert asked and asked[0].asserted_by == "reporter"
    assert asked[0].time is not None and asked[0].time.start == "2012"


def test_hedged_dissolution_of_a_described_group(interview: Extraction) -> None:
    f = one(interview, "dissolution", patient="Liwa Nour a-Din")
    assert f.modality == "hedged"
    assert f.time is not None and f.time.start == "2015-06"


def test_its_founder_is_the_person_who_founded_it(interview: Extraction) -> None:
    flights = named(interview, "flight", agent="Karim al-Tahhan")
    assert any("its founder fled" in f.evidence.text for f in flights)


def test_his_brother_is_named_later_in_the_text(interview: Extraction) -> None:
    f = one(interview, "detention", agent="Jaish al-Fajr", patient="Walid al-Tahhan")
    assert f.evidence.text.startswith("Jaish al-Fajr had detained his brother")
    member = one(interview, "member_of", subject="Walid al-Tahhan", object="Free Army")
    assert member.role == "commander"


def test_kin_and_leader_from_apposition(interview: Extraction) -> None:
    kin = one(interview, "relative_of", subject="Karim al-Tahhan", object="Walid al-Tahhan")
    assert kin.role == "brother" and kin.asserted_by == "interviewee"
    lead = one(interview, "leader_of", subject="Walid al-Tahhan", object="Liwa Nour a-Din")
    assert lead.role == "leader"


def test_also_detained_takes_the_agent_before(interview: Extraction) -> None:
    facts = named(interview, "detention", agent="Jaish al-Fajr", patient="Walid al-Tahhan")
    also = [f for f in facts if "was also detained" in f.evidence.text]
    assert also and also[0].time is not None and (also[0].time.start or "").startswith("2015")


def test_attack_in_an_answer(interview: Extraction) -> None:
    f = one(interview, "attack", agent="Jaish al-Fajr", patient="Liwa Nour a-Din")
    assert f.asserted_by == "interviewee"
    assert f.time is not None and f.time.start == "2015"


def test_duration_runs_from_the_event_before(interview: Extraction) -> None:
    f = one(interview, "located_in", subject="Karim al-Tahhan", object="Lebanon")
    assert f.time is not None
    assert (f.time.start, f.time.end) == ("2015-06", "2017-06")


def test_declined_offer_is_a_negative_membership(interview: Extraction) -> None:
    f = one(interview, "member_of", subject="Karim al-Tahhan", object="Eastern Shield Army")
    assert f.polarity == "negative"
    assert "which I declined" in f.evidence.text
    founded = one(interview, "founded", subject="Fadi Hourani", object="Eastern Shield Army")
    assert founded.polarity == "positive"


def test_present_role_is_as_of_publication(interview: Extraction) -> None:
    f = one(interview, "member_of", subject="Karim al-Tahhan", object="Office of Civil Affairs")
    assert f.role == "negotiator"
    assert f.time is not None and f.time.as_of == "2019-03-12"


def test_agreement_signed_on_behalf_of(interview: Extraction) -> None:
    f = one(interview, "agreement", signatory="Karim al-Tahhan")
    assert f.time is not None and f.time.start == "2018-10"


# -- notes, brackets, renames, negation ----------------------------------------------------
def test_bracket_interpolation_is_the_editors(notes: Extraction) -> None:
    f = one(notes, "part_of", subject="Liwa Nour a-Din", object="Free Army")
    assert f.asserted_by == "editor"
    assert f.evidence.text == "a Free Army-affiliated brigade in the north"


def test_editor_note_learns_what_the_coalition_is(notes: Extraction) -> None:
    ally = one(notes, "allied_with", subject="Eastern Shield Army", object="Free Army")
    assert ally.asserted_by == "editor"
    joined = one(notes, "part_of", subject="Eastern Shield Army", object="Northern Front")
    assert joined.time is not None and joined.time.start == "2016-03"
    # the date belongs to the clause that joined, not to the alliance conjoined before it
    assert ally.time is None or ally.time.start is None


def test_rename_keeps_one_entity_and_the_new_name(notes: Extraction) -> None:
    f = one(notes, "renamed_to")
    assert f.args["subject"] == f.args["object"]
    assert f.args["name"] == "Jabhat al-Sabah"
    assert f.evidence.text == "Jaish al-Fajr—now Jabhat al-Sabah"


def test_decree_bans_the_speaker(notes: Extraction) -> None:
    f = one(notes, "ban", agent="Jaish al-Fajr", patient="Nabil Sarraf")
    assert f.asserted_by == "interviewee"


def test_outlet_possessive_is_works_for_not_reported(notes: Extraction) -> None:
    f = one(notes, "works_for", subject="Omar Zeidan", object="Levant News")
    assert f.role == "reporter" and f.modality == "asserted"


def test_negation_is_negative_polarity(notes: Extraction) -> None:
    joins = [f for f in notes.facts if f.predicate == "member_of"
             and "did not join" in f.evidence.text]
    assert joins and all(f.polarity == "negative" for f in joins)


# -- narration -----------------------------------------------------------------------------
def test_reported_killing_is_hedged_and_placed(report: Extraction) -> None:
    f = one(report, "killing", agent="Northern Front", patient="Liwa Nour a-Din")
    assert f.modality == "hedged"
    names = {e.id: e.name for e in report.entities}
    assert names.get(f.place or "") == "Tell Karama"
    assert f.time is not None and f.time.start == "2018-04-30"


def test_clashes_between_two_groups(report: Extraction) -> None:
    f = one(report, "clash", agent="Northern Front", patient="Jaish al-Fajr")
    assert f.modality == "reported"


def test_apposition_role_and_birthplace(report: Extraction) -> None:
    m = one(report, "member_of", subject="Sami Haddad", object="Northern Front")
    assert m.role == "commander"
    one(report, "from_place", subject="Sami Haddad", object="Tell Karama")


@pytest.mark.parametrize(("text", "predicate", "role", "start"), [
    ("In 2015, Samir Kanaan was appointed commander of the Northern Front.", "member_of", "commander", "2015"),
    ("In 2016, Samir Kanaan was appointed as the commander of the Northern Front in Idlib.",
     "member_of", "commander", "2016"),
    ("The Northern Front named Samir Kanaan its new leader in December 2015.", "leader_of", "leader", "2015-12"),
    ("In 2016, Samir Kanaan became the leader of the Northern Front.", "leader_of", "leader", "2016"),
    ("The Northern Front elected Samir Kanaan as its leader in 2014.", "leader_of", "leader", "2014"),
])
def test_a_role_given_by_appointment_or_becoming(text: str, predicate: str, role: str, start: str) -> None:
    x = pipeline.extract(text, published="2018-05-02")
    f = one(x, predicate, subject="Samir Kanaan", object="Northern Front")
    assert f.role == role and f.time is not None and f.time.start == start


def test_appointing_a_person_to_a_post_without_a_group_states_nothing() -> None:
    x = pipeline.extract("In 2015, Samir Kanaan was appointed commander.", published="2018-05-02")
    assert not [f for f in x.facts if f.predicate in ("member_of", "leader_of")]


def test_reporter_for_an_outlet_is_works_for(report: Extraction) -> None:
    f = one(report, "works_for", subject="Omar Zeidan", object="Levant News")
    assert f.role == "reporter"


# -- the judge on the bundled article ------------------------------------------------------
TARGETS = {"fact_recall": 0.85, "fact_precision": 0.85, "time_acc": 0.9, "speaker_acc": 0.95,
           "role_acc": 0.85, "modality_acc": 1.0, "place_acc": 0.8}


def test_judge_scores_on_the_bundled_article(shared: Path, tmp_path: Path) -> None:
    text_path = shared / "corpus" / "dev" / "syria-direct-2017-04-11-rahmoun.txt"
    gold = shared / "gold" / "dev" / "syria-direct-2017-04-11-rahmoun.gold.json"
    if not text_path.exists() or not gold.exists():
        pytest.skip("the bundled article or its gold file is not in ../shared")
    from allegiance.read.inputs import read_path

    source = next(iter(read_path(text_path)))
    out = tmp_path / "out.json"
    out.write_text(pipeline.run(source).to_extraction(with_text=True).to_json(), encoding="utf-8")
    result = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(out), str(gold),
                             str(text_path), "--json"], capture_output=True, text=True, check=True)
    scores = json.loads(result.stdout)
    assert scores["evidence_mismatch"] == 0
    for key, floor in TARGETS.items():
        assert scores[key] >= floor, (key, scores[key], scores["missed_required_facts"])


# -- statements of states and coalitions -----------------------------------------------------
STATEMENT = _paragraphs(
    "Minister welcomes progress against the militants",
    "The Blue Army, as part of the Harbour Coalition, has launched 400 strikes against the "
    "Crimson Brigades in Lowland. Western Guard commander Leila Nasser said the Harbour "
    "Coalition would continue its efforts to defeat the Crimson Brigades.",
)


@pytest.fixture(scope="module")
def statement() -> Extraction:
    return pipeline.extract(STATEMENT, published="2016-06-01", with_text=True)


def test_as_part_of_a_coalition(statement: Extraction) -> None:
    names = {e.id: e.name for e in statement.entities}
    parts = [f for f in statement.facts if f.predicate == "part_of"
             and names.get(f.args["object"]) == "Harbour Coalition"]
    assert parts and names.get(parts[0].args["subject"]) == "Blue Army"


def test_strikes_launched_by_the_subject(statement: Extraction) -> None:
    f = one(statement, "attack", agent="Blue Army", patient="Crimson Brigades")
    assert f.evidence.text.startswith("The Blue Army, as part of")
    names = {e.id: e.name for e in statement.entities}
    assert names.get(f.place or "") == "Lowland"


def test_efforts_to_defeat_are_the_owners(statement: Extraction) -> None:
    one(statement, "clash", agent="Harbour Coalition", patient="Crimson Brigades")


def test_title_before_a_name(statement: Extraction) -> None:
    f = one(statement, "member_of", subject="Leila Nasser", object="Western Guard")
    assert f.role == "commander"


def test_government_of_a_named_person_is_led_by_them() -> None:
    text = ("Nadia Saleh negotiated for the Damascus government. She left when protests against "
            "the government of Victor Strand began in 2011.")
    x = pipeline.extract(text, published="2015-01-01")
    f = one(x, "leader_of", subject="Victor Strand")
    assert f.role == "leader"
    assert f.evidence.text.startswith("She left")


def test_quote_in_narration_and_a_native() -> None:
    text = ("“Jaish al-Fajr attacked Liwa Nour a-Din in 2015,” said Sami Haddad, a Northern Front "
            "commander. The Beirut native fled to Cyprus in 2016.")
    x = pipeline.extract(text, published="2018-01-01")
    assert one(x, "attack", agent="Jaish al-Fajr", patient="Liwa Nour a-Din").asserted_by == "quoted"
    # the description of the speaker is the reporter's, outside the quotation marks
    assert one(x, "member_of", subject="Sami Haddad", object="Northern Front").asserted_by == "reporter"
    one(x, "from_place", subject="Sami Haddad", object="Beirut")


# -- sides in a war: allies, the enemy they share, members of collective actors ---------
def _stated(text: str, outlet: str | None = None) -> set[tuple[str, ...]]:
    from allegiance.read.inputs import Source

    article = pipeline.run(Source(name="t", text=text, outlet=outlet))
    out = set()
    for f in article.facts:
        names = [article.entity(v).name for k, v in sorted(f.args.items()) if article.entity(v)]
        out.add((f.predicate, *names))
    return out


def test_actors_named_together_against_a_common_enemy_are_allies():
    facts = _stated("Statement\n\nThe UK, the Global Coalition and the Government of Iraq are "
                    "committed to defeating these terrorists and have already supported the "
                    "re-taking by Iraqi security forces of over 25% of the province.\n")
    allied = {f[1:] for f in facts if f[0] == "allied_with"}
    assert ("Government of Iraq", "UK") in allied or ("UK", "Government of Iraq") in allied
    assert sum("Iraqi security forces" in pair for pair in allied) == 3


def test_clashing_actors_are_not_allies():
    facts = _stated("Statement\n\nThe Harun Brigade and the Nasr Front fought each other near "
                    "the town.\n")
    assert not any(f[0] == "allied_with" for f in facts)


def test_support_noun_states_an_alliance():
    facts = _stated("Statement\n\nThe UK remains steadfast in its support of the Government of "
                    "Iraq in its fight against the Harun Brigade.\n")
    assert ("allied_with", "Government of Iraq", "UK") in facts or (
        "allied_with", "UK", "Government of Iraq") in facts


def test_members_named_of_a_collective_actor():
    facts = _stated("Statement\n\nThe international community – including Russia and Iran – "
                    "must now work to support a ceasefire.\n")
    assert ("part_of", "international community", "Russia") in facts
    assert ("part_of", "international community", "Iran") in facts


def test_aided_by_an_ally():
    facts = _stated("Statement\n\nI welcome news that Syrian opposition forces liberated the "
                    "town of Dabiq from Harun Brigade control, aided by strong support from our "
                    "ally Turkey.\n")
    assert any(f[0] == "allied_with" and set(f[1:]) == {"Syrian opposition forces", "Turkey"}
               for f in facts)


def test_its_ally_after_or_is_the_ally_of_the_conjunct_before_it():
    facts = _stated("Syria\n\nThe Observatory said it could not determine whether the strikes were "
                    "carried out by jets of the Syrian regime or its ally Russia.\n")
    allies = {frozenset(f[1:]) for f in facts if f[0] == "allied_with"}
    assert frozenset({"Government of Syria", "Russia"}) in allies
    assert not any("Syrian Observatory for Human Rights" in a for a in allies)


def test_the_actor_a_backed_participle_describes_is_the_one_backed():
    facts = _stated("Syria\n\nAt least 50 jihadists from the Islamic State were killed overnight by Syrian "
                    "troops backed by Lebanese Hezbollah fighters near the border, a monitor said.\n")
    allies = {frozenset(f[1:]) for f in facts if f[0] == "allied_with"}
    assert frozenset({"Government of Syria", "Hezbollah"}) in allies
    assert not any("Islamic State" in a for a in allies)


def test_acting_together_on_a_thing_is_no_alliance():
    x = pipeline.run(Source(name="t", published="2016-08-01", text=(
        "Aug. 1 2016 Rescuers say gas was dropped on a Syrian town. Damascus denied responsibility and "
        "blamed rebels. Later that year the United Nations and the Syrian government agreed to destroy the "
        "states declared stockpile of chemical weapons a process completed in January 2016.")))
    assert any(f.predicate == "agreement" for f in x.facts)
    assert not any(f.predicate == "allied_with" for f in x.facts)


def test_partner_in_a_purpose_fights_too():
    facts = _stated("Statement\n\nThe UK stands by Iraq to defeat the Harun Brigade.\n")
    assert ("clash", "Iraq", "Harun Brigade") in facts
    assert ("clash", "UK", "Harun Brigade") in facts


def test_the_one_led_does_what_it_is_led_to_do():
    facts = _stated("Statement\n\nThe United States will continue to lead the Global Coalition "
                    "to degrade and defeat the Harun Brigade.\n")
    clashes = {f for f in facts if f[0] == "clash"}
    assert any("Harun Brigade" in f and "United States" not in f for f in clashes)
    assert not any("United States" in f for f in clashes)


def test_speaking_government_fights_the_enemy_it_must_defeat():
    facts = _stated("Statement\n\nWe have been clear, defeating the Harun Brigade will take time "
                    "and patience but it is a fight we must win.\n", outlet="UK Government")
    assert ("clash", "United Kingdom", "Harun Brigade") in facts


def test_liberating_a_place_from_a_group_fights_it():
    facts = _stated("Statement\n\nIraqi security forces liberated the town from Harun Brigade "
                    "control last week.\n")
    assert ("clash", "Iraqi security forces", "Harun Brigade") in facts


def test_working_as_part_of_a_coalition_to_defeat_an_enemy():
    facts = _stated("Statement\n\nThe UK is working as part of the Global Coalition to degrade "
                    "and defeat the Harun Brigade in the north.\n")
    clashes = {f for f in facts if f[0] == "clash"}
    assert ("clash", "UK", "Harun Brigade") in clashes
    assert len(clashes) == 2  # the coalition fights it too


def test_committed_to_destroying_the_scourge_of_a_group():
    facts = _stated("Statement\n\nThe UK is committed to destroying the terrorist scourge of the "
                    "Harun Brigade.\n")
    assert ("clash", "UK", "Harun Brigade") in facts


def _polar(text: str) -> set[tuple[str, str, str, str]]:
    from allegiance.read.inputs import Source

    article = pipeline.run(Source(name="t", text=text, published="2019-03-03"))
    name = {e.id: e.name for e in article.entities}
    return {(f.predicate, name.get(f.args.get("subject", ""), ""), name.get(f.args.get("object", ""), ""),
             f.polarity) for f in article.facts}


def test_a_seat_offered_by_a_government_and_refused_is_a_negative_membership():
    facts = _polar("Exile speaks\n\n3 March 2019\n\nYusuf al-Tahhan left Syria in 2018.\n\n"
                   "Q: What did the government want?\n\n"
                   "A: Later the regime offered me a seat on the reconciliation committee, which I refused.")
    assert ("member_of", "Yusuf al-Tahhan", "Government of Syria", "negative") in facts
    assert not any(f[0] == "member_of" and f[3] == "positive" for f in facts)


def test_a_coalition_of_a_groups_factions_is_part_of_it():
    facts = _polar("Southern rebels\n\n3 March 2019\n\nThe Harun Front was a coalition of Free Syrian "
                   "Army factions in the south, formed in 2014.")
    assert ("part_of", "Harun Front", "Free Syrian Army", "positive") in facts


def test_an_outlet_in_the_possessive_employs_the_reporter():
    facts = _polar("Exile speaks\n\n3 March 2019\n\nYusuf al-Tahhan left in 2018, he tells The Orontes "
                   "Courier's Karim Nasser.")
    assert ("works_for", "Karim Nasser", "The Orontes Courier", "positive") in facts or \
        ("works_for", "Karim Nasser", "Orontes Courier", "positive") in facts


def test_a_specific_group_noun_needs_a_group_called_so():
    facts = _polar("Exile\n\n3 March 2019\n\nYusuf al-Tahhan led the local council of Nawa until the "
                   "Syrian army entered the town.\n\nQ: When did you join the council?\n\nA: In 2013.")
    assert not any(f[0] == "member_of" for f in facts)


def test_a_killing_of_unnamed_people_keeps_who_did_it_and_the_words_for_the_victims():
    from allegiance.read.inputs import Source

    article = pipeline.run(Source(name="t", text="Threats\n\n3 March 2019\n\nJaysh Khalid ibn al-Walid killed "
                                  "two council members near Tafas in 2017.", published="2019-03-03"))
    [fact] = [f for f in article.facts if f.predicate == "killing"]
    assert fact.args["patient_text"] == "two council members"
    assert article.entity(fact.args["agent"]).type == "ORG"
    assert article.entity(fact.place).name == "Tafas"
    assert fact.time is not None and fact.time.start == "2017"


def _events(text: str) -> list[tuple[str, dict[str, str], str | None, str, str | None]]:
    from allegiance.read.inputs import Source

    article = pipeline.run(Source(name="t", text=text, published="2020-02-20"))
    name = {e.id: e.name for e in article.entities}
    return [(f.predicate, {k: name.get(v, v) for k, v in f.args.items()}, name.get(f.place or ""),
             f.modality, f.time.start if f.time else None) for f in article.facts]


def test_capturing_a_town_is_an_attack_placed_there():
    facts = _events("Advance\n\n20 February 2020\n\nHay'at Tahrir al-Sham captured the town of Saraqib in January.")
    assert ("attack", {"agent": "Hay'at Tahrir al-Sham", "patient": "Saraqib"}, "Saraqib", "asserted",
            "2020-01") in facts


def test_formed_then_joined_shares_the_subject_in_each_verbs_own_voice():
    facts = _events("Note\n\n20 February 2020\n\nThe Harun Front was formed in May 2018 and joined the "
                    "Syrian National Army in October 2019.")
    assert ("founded", {"object": "Harun Front"}, None, "asserted", "2018-05") in facts
    assert ("part_of", {"subject": "Harun Front", "object": "Syrian National Army"}, None, "asserted",
            "2019-10") in facts


def test_a_denied_arrest_is_a_denied_detention_by_the_denier():
    facts = _events("Arrest\n\n20 February 2020\n\nHay'at Tahrir al-Sham reportedly detained Ahmad Sallum in "
                    "January. The group denied the arrest.")
    assert any(f[0] == "detention" and f[3] == "hedged" for f in facts)
    assert any(f[:4] == ("detention", {"agent": "Hay'at Tahrir al-Sham"}, None, "denied") for f in facts)


def _facts(text: str, published: str = "2018-11-15") -> Extraction:
    return pipeline.extract(text, published=published)


def test_an_earlier_event_told_relative_to_the_last_date() -> None:
    x = _facts("Samir Kanaan was detained by Jaish al-Islam in Douma in October 2015. Two years "
               "earlier, his father, Hassan Kanaan, had been arrested by Military Intelligence in Damascus.")
    f = one(x, "detention", patient="Hassan Kanaan")
    assert f.time is not None and f.time.start == "2013"


def test_merged_with_to_form_makes_both_founders_and_parts() -> None:
    x = _facts("Ahrar al-Sham merged with the Nour al-Din al-Zenki Movement to form Jabhat Tahrir Souriya.")
    one(x, "founded", subject="Nour al-Din al-Zenki Movement", object="Syrian Liberation Front")
    one(x, "part_of", subject="Ahrar al-Sham", object="Syrian Liberation Front")
    assert not named(x, "part_of", subject="Ahrar al-Sham", object="Nour al-Din al-Zenki Movement")


def test_formed_when_x_merged_puts_x_inside() -> None:
    x = _facts("Hay'at Tahrir al-Sham was formed in January 2017, when Jabhat Fateh al-Sham merged with "
               "several smaller factions.")
    f = one(x, "part_of", subject="Jabhat al-Nusra", object="Hay'at Tahrir al-Sham")
    assert f.time is not None and f.time.start == "2017-01"


@pytest.mark.parametrize(("text", "predicate", "args", "modality"), [
    ("Jaish al-Islam has denied holding civilians in secret prisons.", "detention",
     {"agent": "Jaysh al-Islam"}, "denied"),
    ("Human rights groups accused Jaish al-Islam of shelling Damascus.", "attack",
     {"agent": "Jaysh al-Islam", "patient": "Damascus"}, "reported"),
    ("Zahran Alloush was killed in an airstrike in December 2015.", "killing",
     {"patient": "Zahran Alloush"}, "asserted"),
    ("Hay'at Tahrir al-Sham took Saraqib in January.", "attack",
     {"agent": "Hay'at Tahrir al-Sham", "patient": "Saraqib"}, "asserted"),
    ("Faylaq al-Rahman took Samir Kanaan prisoner.", "detention",
     {"agent": "Faylaq al-Rahman", "patient": "Samir Kanaan"}, "asserted"),
    ("They say Faylaq al-Rahman detained Samir Kanaan.", "detention",
     {"agent": "Faylaq al-Rahman", "patient": "Samir Kanaan"}, "hedged"),
])
def test_event_verbs_and_their_modality(text: str, predicate: str, args: dict[str, str], modality: str) -> None:
    f = one(_facts(text), predicate, **args)
    assert f.modality == modality


def test_taking_without_prisoner_is_no_detention() -> None:
    x = _facts("Faylaq al-Rahman took Samir Kanaan to the hospital.")
    assert not named(x, "detention")


def test_a_crossing_is_a_flight_and_working_from_a_town_a_location() -> None:
    x = _facts("Samir Kanaan crossed to Azaz in 2018. The Ghouta Detainees Committee now works from al-Bab.")
    one(x, "flight", agent="Samir Kanaan", destination="Azaz")
    one(x, "located_in", subject="Ghouta Detainees Committee", object="al-Bab")


INTERVIEW_WE = _paragraphs(
    "A commander looks back", "By Nadia Haddad", "3 March 2019",
    "Samir Kanaan, a former rebel commander from Douma, spoke to the Orontes Courier.",
    "Q: How did you start?",
    "A: In 2012 I founded Liwa Ahfad al-Fajr in Douma. In 2013 we joined Jaish al-Islam. In 2016 "
    "Faylaq al-Rahman attacked our positions in Arbeen.",
    "Q: And Hayat Tahrir al-Sham?",
    "A: Hayat Tahrir al-Sham took Saraqib in January. They stormed my house and detained me.",
)


def test_the_interviewees_we_is_his_group_and_they_the_group_just_named() -> None:
    x = pipeline.extract(INTERVIEW_WE, published="2019-03-03")
    one(x, "part_of", subject="Liwa Ahfad al-Fajr", object="Jaysh al-Islam")
    # once his battalion joined Jaish al-Islam, "our positions" are that group's
    one(x, "attack", agent="Faylaq al-Rahman", patient="Jaysh al-Islam")
    f = one(x, "detention", agent="Hay'at Tahrir al-Sham", patient="Samir Kanaan")
    assert f.time is not None and f.time.start == "2019-01"


def test_they_is_not_a_group_when_people_are_named_in_between() -> None:
    x = _facts("The United States stands with the Iraqi people as they confront Islamic State.")
    assert not named(x, "clash", agent="United States")


def test_a_relation_said_again_through_a_pronoun_is_one_fact() -> None:
    x = _facts("Samir Kanaan worked with Jaish al-Thuwar in 2015.\n\nIn reality, he only worked with them "
               "for a short time.")
    assert len(named(x, "member_of", subject="Samir Kanaan", object="Jaysh al-Thuwar")) == 1


def test_the_speakers_never_is_a_denial() -> None:
    x = pipeline.extract(_paragraphs(
        "A commander looks back", "By Nadia Haddad", "3 March 2019",
        "Samir Kanaan, a former rebel commander from Douma, spoke to the Orontes Courier.",
        "Q: How did you start?",
        "A: In 2013 I joined Jaish al-Islam. We never shelled civilian homes in Damascus."), published="2019-03-03")
    f = one(x, "attack", agent="Jaysh al-Islam", patient="Damascus")
    assert (f.modality, f.polarity) == ("denied", "positive")


@pytest.mark.parametrize(("text", "predicate", "args"), [
    ("Jaish al-Islam and Faylaq al-Rahman spent much of 2016 fighting each other.", "clash",
     {"agent": "Jaysh al-Islam", "patient": "Faylaq al-Rahman"}),
    ("In 2014 Jaish al-Islam and Faylaq al-Rahman were allies.", "allied_with",
     {"subject": "Jaysh al-Islam", "object": "Faylaq al-Rahman"}),
    ("He spoke to Nour Barakat of The Levantine Ledger by phone.", "works_for",
     {"subject": "Nour Barakat", "object": "Levantine Ledger"}),
    ("Mohammed Alloush of Jaish al-Islam attended the talks.", "member_of",
     {"subject": "Mohammed Alloush", "object": "Jaysh al-Islam"}),
    ("Samir Kanaan was a conscript in the Syrian Arab Army in 2011.", "member_of",
     {"subject": "Samir Kanaan", "object": "Syrian Arab Army"}),
])
def test_sides_and_memberships_without_a_verb_of_their_own(text: str, predicate: str, args: dict[str, str]) -> None:
    one(_facts("A report\n\n" + text), predicate, **args)


@pytest.mark.parametrize(("text", "name", "start"), [
    ("Liwa al-Islam became Jaish al-Islam in September 2013.", "Jaish al-Islam", "2013-09"),
    ("When Liwa al-Islam grew into Jaish al-Islam, he stayed.", "Jaish al-Islam", None),
    ("Jabhat Fateh al-Sham, itself the renamed Jabhat al-Nusra, merged with smaller factions.",
     "Jabhat Fateh al-Sham", None),
])
def test_renames_said_in_a_clause(text: str, name: str, start: str | None) -> None:
    x = _facts("A report\n\n" + text)
    f = next(f for f in x.facts if f.predicate == "renamed_to")
    assert f.args["name"] == name and f.args["subject"] == f.args["object"]
    if start:
        assert f.time is not None and f.time.start == start


def test_a_unit_named_with_its_force_is_part_of_it_and_an_apposition_keeps_its_own_voice() -> None:
    x = _facts("A report\n\nBilal Hamdoun, a former Jaish al-Islam commander, has reportedly joined the "
               "4th Division of the Syrian Arab Army.")
    units = [e.name for e in x.entities if e.type == "ORG"]
    assert "Syrian Arab Army" in units and any("4th" in u and "Division" in u for u in units)
    part = one(x, "part_of", object="Syrian Arab Army")
    assert part.modality == "asserted"
    assert one(x, "member_of", subject="Bilal Hamdoun", object="Jaysh al-Islam").modality == "asserted"


def test_the_town_is_the_town_last_named_and_retook_is_an_attack() -> None:
    x = _facts("A report\n\nFor three years Samer Kanaan lived in Douma. When government forces retook the "
               "town last April, he left.")
    f = one(x, "attack", patient="Douma")
    assert f.time is not None and f.time.start == "2018-04"


def test_a_group_he_set_up_is_the_group_named_and_the_committee_is_it() -> None:
    x = _facts("A report\n\nSamer Kanaan is the director of the Ghouta Detainees Committee, a small documentation "
               "group he set up in the summer of 2015. The committee now works from al-Bab.")
    f = one(x, "founded", subject="Samer Kanaan", object="Ghouta Detainees Committee")
    assert f.time is not None and f.time.start == "2015"
    assert one(x, "leader_of", subject="Samer Kanaan", object="Ghouta Detainees Committee").role == "leader"
    one(x, "located_in", subject="Ghouta Detainees Committee", object="al-Bab")


def test_people_held_by_a_group_keep_their_words() -> None:
    x = _facts("A report\n\nMost of the people on the list were taken by the Syrian government. But 163 of them "
               "were held by Jaish al-Islam.")
    assert one(x, "detention", agent="Jaysh al-Islam").args["patient_text"] == "163 of them"
    assert one(x, "detention", agent="Government of Syria").args["patient_text"].startswith("Most of the people")


def test_a_group_that_ruled_a_town_until_a_date_was_there_until_then() -> None:
    x = _facts("A report\n\nJaish al-Islam, the rebel faction that ruled Douma until it surrendered the town "
               "last April, denied it.")
    f = one(x, "located_in", subject="Jaysh al-Islam", object="Douma")
    assert f.time is not None and (f.time.start, f.time.end) == (None, "2018-04")


@pytest.mark.parametrize(("text", "predicate", "args"), [
    ("Fighters from Hayat Tahrir al-Sham recaptured the town of Kafr Nabuda on Wednesday.", "attack",
     {"agent": "Hay'at Tahrir al-Sham", "patient": "Kafr Nabuda"}),
    ("The ceasefire is part of an agreement Russia and Turkey reached in Sochi in September 2018.", "agreement",
     {"agent": "Russia", "patient": "Turkey"}),
    ("The Syrian Arab Army has fought alongside Hezbollah.", "allied_with",
     {"subject": "Syrian Arab Army", "object": "Hezbollah"}),
    ("In February 2018 Adnan al-Hallaq left Hayat Tahrir al-Sham for Hurras al-Din.", "defection",
     {"agent": "Adnan al-Hallaq", "from": "Hay'at Tahrir al-Sham", "to": "Tanzim Hurras al-Din"}),
    ("In February 2018 Adnan al-Hallaq left Hayat Tahrir al-Sham for Hurras al-Din.", "member_of",
     {"subject": "Adnan al-Hallaq", "object": "Tanzim Hurras al-Din"}),
    ("Russia and Syria launched an offensive. Russian and Syrian warplanes carried out more than 70 air strikes "
     "on Kafr Nabuda on Thursday.", "attack", {"agent": "Russia", "patient": "Kafr Nabuda"}),
    ("That December a US drone strike on a car near Idlib city killed two men.", "killing", {"agent": "US"}),
    ("Muhannad al-Hallaq fought with Ahrar al-Sham in 2016.", "member_of",
     {"subject": "Muhannad al-Hallaq", "object": "Ahrar al-Sham"}),
])
def test_wire_report_events(text: str, predicate: str, args: dict[str, str]) -> None:
    one(_facts("A report\n\n24 May 2019\n\n" + text, published="2019-05-24"), predicate, **args)


def test_an_air_strike_that_killed_people_no_one_names_is_a_killing_in_its_town() -> None:
    x = _facts("A report\n\n24 May 2019\n\nAn air strike on a vegetable market in Maarat al-Numan on Tuesday "
               "killed nine civilians.", published="2019-05-24")
    f = next(f for f in x.facts if f.predicate == "killing")
    assert f.args == {"patient_text": "nine civilians"} and f.time is not None and f.time.start == "2019-05-21"


def test_fighting_with_a_groups_fighters_is_no_membership() -> None:
    x = _facts("A report\n\nSami Kanaan now fights with Nusra fighters under the umbrella of Hayat Tahrir al-Sham.")
    assert not named(x, "member_of", subject="Sami Kanaan", object="Jabhat al-Nusra")


@pytest.mark.parametrize(("text", "predicate", "args"), [
    ("The attack was led by the National Front for Liberation, a coalition of Turkish-backed factions that "
     "includes Ahrar al-Sham and Faylaq al-Sham.", "part_of",
     {"subject": "Faylaq al-Sham", "object": "National Front for Liberation"}),
    ("Jaysh al-Izza, a Free Syrian Army faction, joined the fight.", "part_of",
     {"subject": "Jaysh al-Izza", "object": "Free Syrian Army"}),
    ("In 2017 Adnan al-Hallaq appeared in videos as a spokesman for Hayat Tahrir al-Sham.", "member_of",
     {"subject": "Adnan al-Hallaq", "object": "Hay'at Tahrir al-Sham"}),
])
def test_memberships_said_by_description(text: str, predicate: str, args: dict[str, str]) -> None:
    one(_facts("A report\n\n24 May 2019\n\n" + text, published="2019-05-24"), predicate, **args)


def test_the_group_that_appoints_gives_the_role_a_year_later() -> None:
    x = _facts("A report\n\n17 May 2022\n\nIn March 2013 Adnan al-Hallaq joined Jabhat al-Nusra. Nusra fighters "
               "stormed Maarat al-Numan in March 2013. A year later the group appointed him a sharia official in "
               "Jabal al-Zawiya.", published="2022-05-17")
    f = next(f for f in named(x, "member_of", subject="Adnan al-Hallaq", object="Jabhat al-Nusra")
             if f.role == "official")
    assert f.time is not None and f.time.start == "2014"


def test_a_quoted_never_denies_the_act() -> None:
    x = _facts('A report\n\n17 May 2022\n\n"Adnan al-Hallaq never fought Division 13," Samir Jaber said.',
               published="2022-05-17")
    f = next(f for f in x.facts if f.predicate == "clash")
    assert (f.polarity, f.modality) == ("positive", "denied")


def test_killed_when_a_government_missile_hit_is_a_killing_by_the_government() -> None:
    x = _facts("A report\n\n24 May 2019\n\nGovernment forces shelled the area. Abdulrahman Shehadeh was killed on "
               "Thursday when a government anti-tank missile hit his pickup truck.", published="2019-05-24")
    one(x, "killing", agent="Government of Syria", patient="Abdulrahman Shehadeh")


def test_the_army_is_the_state_army_not_a_jaysh() -> None:
    x = _facts("A report\n\nThe Syrian Arab Army and Jaysh al-Izza fought near Kafr Nabuda. Hezbollah, which fought "
               "alongside the army in earlier campaigns, has not taken part.")
    one(x, "allied_with", subject="Hezbollah", object="Syrian Arab Army")
    assert not named(x, "allied_with", subject="Syrian Arab Army", object="Jaysh al-Izza")


def test_dozens_of_its_men_are_the_group() -> None:
    x = _facts("A report\n\nIn March 2016 Nusra fighters stormed the headquarters of Division 13 and detained dozens "
               "of its men.")
    one(x, "detention", agent="Jabhat al-Nusra", patient="13th Division")


def test_lineage_told_with_it_and_renamed_itself() -> None:
    x = _facts("A report\n\n14 January 2020\n\nIn July 2016 Jabhat al-Nusra announced that it had cut its ties "
               "with al-Qaeda and renamed itself Jabhat Fatah al-Sham. Six months later it merged with the Nour "
               "al-Din al-Zenki Movement to form Hayat Tahrir al-Sham.", published="2020-01-14")
    f = next(f for f in x.facts if f.predicate == "renamed_to")
    assert f.args["name"] == "Jabhat Fatah al-Sham" and f.time is not None and f.time.start == "2016-07"
    p = one(x, "part_of", subject="Jabhat al-Nusra", object="Hay'at Tahrir al-Sham")
    assert p.time is not None and p.time.start == "2017-01"


@pytest.mark.parametrize(("text", "predicate", "args"), [
    ("That August the National Front for Liberation absorbed Jabhat Tahrir Souriya.", "part_of",
     {"subject": "Syrian Liberation Front", "object": "National Front for Liberation"}),
    ("Units of the Syrian Arab Army's 4th Division deployed around Tafas and Muzayrib in May.", "part_of",
     {"subject": "4th Armoured Division", "object": "Syrian Arab Army"}),
    ("On 19 May, the 4th Division shelled farmland near Tafas, killing two children.", "killing",
     {"agent": "4th Armoured Division"}),
    ("Ayham Kanaan, a 27-year-old teacher from Tafas, was arrested by Air Force Intelligence and Military "
     "Intelligence.", "detention", {"agent": "Military Intelligence Directorate", "patient": "Ayham Kanaan"}),
    ("Ayham Kanaan, a 27-year-old teacher from Tafas, was arrested.", "from_place",
     {"subject": "Ayham Kanaan", "object": "Tafas"}),
])
def test_briefing_sentences(text: str, predicate: str, args: dict[str, str]) -> None:
    one(_facts("A report\n\n9 July 2020\n\n" + text, published="2020-07-09"), predicate, **args)


def test_unnamed_dead_and_displaced_keep_their_words() -> None:
    x = _facts("A report\n\n9 July 2020\n\nSome 60 families fled Tafas in May. Nine police officers were killed "
               "in an attack in Muzayrib.", published="2020-07-09")
    flight = next(f for f in x.facts if f.predicate == "flight")
    assert flight.args["agent_text"] == "Some 60 families"
    killing = next(f for f in x.facts if f.predicate == "killing")
    assert killing.args == {"patient_text": "Nine police officers"}


def test_not_part_of_is_a_negative_membership_but_no_relationship_with_a_brother_is_still_kin() -> None:
    x = _facts("A report\n\nThe YPJ coordinates with the Syrian Arab Army, but the YPJ is not part of the Syrian "
               "Arab Army.")
    f = one(x, "part_of", object="Syrian Arab Army")
    assert f.polarity == "negative"
    y = _facts("A report\n\nThere has not been any relationship between Omar Kanaan and his brother, Sami Kanaan, "
               "since 2016.")
    assert one(y, "relative_of", subject="Omar Kanaan", object="Sami Kanaan").polarity == "positive"


@pytest.mark.parametrize(("text", "predicate", "args", "role"), [
    ("Since 2019 Viyan Kalo has led a women's unit of the Asayish.", "member_of",
     {"subject": "Viyan Kalo", "object": "Asayish"}, "commander"),
    ("The Asayish, the internal security force of the Autonomous Administration of North and East Syria, "
     "arrested him.", "part_of",
     {"subject": "Asayish", "object": "Autonomous Administration of North and East Syria"}, None),
    ("Turkey said the YPG fired mortars into Turkey.", "attack",
     {"agent": "People's Protection Units", "patient": "Turkey"}, None),
    ("The Syrian army deployed around Manbij in October.", "located_in",
     {"subject": "Syrian Arab Army", "object": "Manbij"}, None),
    ("Russia and Turkey agreed on patrols. Turkish aircraft pounded Ras al-Ain on 9 October.", "attack",
     {"agent": "Turkey", "patient": "Ras al-Ain"}, None),
])
def test_north_east_sentences(text: str, predicate: str, args: dict[str, str], role: str | None) -> None:
    f = one(_facts("A report\n\n12 March 2020\n\n" + text, published="2020-03-12"), predicate, **args)
    if role:
        assert f.role == role


def test_my_unit_in_an_answer_is_the_speakers_group() -> None:
    x = pipeline.extract(_paragraphs(
        "A commander looks back", "By Nadia Haddad", "12 March 2020",
        "Viyan Kalo, a commander from Kobani, spoke to the Orontes Courier.",
        "Q: What do you do now?",
        "A: In 2019 I joined the Asayish. Last month my unit detained six women in al-Hol."), published="2020-03-12")
    one(x, "detention", agent="Asayish")


@pytest.mark.parametrize(("text", "predicate", "args"), [
    ("In January 2017 Hayat Tahrir al-Sham was formed, and Hashim al-Sheikh became the new alliance's first "
     "chief.", "leader_of", {"object": "Hay'at Tahrir al-Sham"}),
    ("Last October the National Front for Liberation merged with the Syrian National Army.", "part_of",
     {"subject": "National Front for Liberation", "object": "Syrian National Army"}),
    ("Bassel Haj Omar, a former Zenki commander who now lives in Afrin, disputed it.", "located_in",
     {"subject": "Bassel Haj Omar", "object": "Afrin"}),
])
def test_lineage_analysis_sentences(text: str, predicate: str, args: dict[str, str]) -> None:
    one(_facts("A report\n\n14 January 2020\n\n" + text, published="2020-01-14"), predicate, **args)


def test_merged_with_to_form_is_no_part_of_the_partner() -> None:
    x = _facts("A report\n\nAhrar al-Sham merged with Zenki to form Jabhat Tahrir Souriya.")
    assert not named(x, "part_of", subject="Ahrar al-Sham", object="Nour al-Din al-Zenki Movement")


def test_the_army_is_the_army_before_its_units() -> None:
    x = _facts("A report\n\nThe Syrian Arab Army seized the town in May.\n\nThe army's Tiger Forces have led the "
               "offensive.\n\nHezbollah, which fought alongside the army in earlier campaigns, has not taken part.")
    one(x, "allied_with", subject="Hezbollah", object="Syrian Arab Army")


def test_a_dateline_is_cut_from_the_first_sentence_and_bussed_is_an_evacuation() -> None:
    x = _facts("Title\n\n18 June 2019\n\nAZAZ: Marwan al-Haddour was a conscript in the Syrian Arab Army when "
               "the first protests reached his hometown of Douma in 2011.\n\nJaish al-Islam fighters were bussed "
               "north to Jarabulus in April 2018.", published="2019-06-18")
    f = one(x, "member_of", subject="Marwan al-Haddour", object="Syrian Arab Army")
    assert not f.evidence.text.startswith("AZAZ")
    one(x, "evacuation", patient="Jaysh al-Islam")


# -- re3d-style relations (issue 10): general English, made-up names --------------------
def test_a_passive_killing_takes_its_doer_from_the_raid_that_did_it() -> None:
    x = _facts("A report\n\nSami Haddad is a commander of Liwa Nour a-Din. He was targeted and killed in a "
               "cross-border raid conducted by Jaish al-Fajr on October 26, 2008. Walid Hourani was killed in "
               "a 2016 raid by Jaish al-Fajr near Tell Karama.")
    one(x, "killing", agent="Jaish al-Fajr", patient="Sami Haddad")
    one(x, "killing", agent="Jaish al-Fajr", patient="Walid Hourani")


def test_a_role_for_a_groups_department_is_a_role_in_the_group() -> None:
    x = _facts("A report\n\nLiwa Nour a-Din is a rebel group. Jaish al-Fajr appointed Sami Haddad the lead "
               "commander for Liwa Nour a-Din's logistics in 2004.")
    f = one(x, "member_of", subject="Sami Haddad", object="Liwa Nour a-Din")
    assert f.role == "commander"


def test_the_named_members_of_an_alliance_or_partnership_are_part_of_it() -> None:
    x = _facts("A report\n\nThe Eastern Front, an alliance of Liwa Nour a-Din and Jaish al-Fajr, took Tell Karama. "
               "The rebuilding is run by the Northern Shield project – a partnership from 2009 between the Levant "
               "Heritage Fund and Jaish al-Fajr.")
    one(x, "part_of", subject="Liwa Nour a-Din", object="Eastern Front")
    one(x, "part_of", subject="Jaish al-Fajr", object="Eastern Front")
    assert not named(x, "part_of", subject="Eastern Front", object="Jaish al-Fajr")


def test_the_words_standing_for_a_fact_argument_become_its_mentions() -> None:
    x = pipeline.extract("A report\n\nLiwa Nour a-Din was set up in 2012. The group was founded by Sami Haddad. "
                         "The army supports Jaish al-Fajr.", published="2018-11-15", with_text=True)
    one(x, "founded", subject="Sami Haddad", object="Liwa Nour a-Din")
    text = x.document.text or ""
    spans = {e.name: [text[a:b] for a, b in e.mentions] for e in x.entities}
    assert "The group" in spans["Liwa Nour a-Din"]
    assert "The army" not in spans["Jaish al-Fajr"]  # named in its sentence: "the army" is another group


def test_one_of_its_constituent_groups_along_with_others() -> None:
    x = pipeline.extract("A report\n\nIn 2006 the umbrella group known as the Northern Front announced its "
                         "formation. Liwa Nour a-Din was announced as one of its constituent groups, along with "
                         "Jaish al-Fajr and Liwa al-Haqq.", published="2018-11-15", with_text=True)
    one(x, "part_of", subject="Liwa Nour a-Din", object="Northern Front")
    one(x, "part_of", subject="Jaish al-Fajr", object="Northern Front")
    text = x.document.text or ""
    front = next(e for e in x.entities if e.name == "Northern Front")
    assert "its" in [text[a:b] for a, b in front.mentions]
    assert not named(x, "part_of", subject="Liwa Nour a-Din", object="Liwa Nour a-Din")


def test_committed_to_destroying_is_the_subjects_fight() -> None:
    x = _facts("A report\n\nBe in no doubt, Jaish al-Fajr is committed to destroying the terrorist scourge of "
               "Liwa Nour a-Din that threatens the lives of people.")
    one(x, "clash", agent="Jaish al-Fajr", patient="Liwa Nour a-Din")


def test_the_role_he_was_appointed_to_is_a_mention_of_him() -> None:
    x = pipeline.extract("A report\n\nSami Haddad is a rebel. In 2007 he was appointed by Walid Hourani as the "
                         "Northern commander for Liwa Nour a-Din.", published="2018-11-15", with_text=True)
    f = one(x, "member_of", subject="Sami Haddad", object="Liwa Nour a-Din")
    assert f.role == "commander"
    text = x.document.text or ""
    haddad = next(e for e in x.entities if e.name == "Sami Haddad")
    assert "the Northern commander" in [text[a:b] for a, b in haddad.mentions]


def test_it_was_founded_by_and_headed_by() -> None:
    x = _facts("A report\n\nLiwa Nour a-Din is a rebel group in the north. It was founded by Sami Haddad in 2012, "
               "and was subsequently headed by Walid Hourani.")
    one(x, "founded", subject="Sami Haddad", object="Liwa Nour a-Din")
    one(x, "leader_of", subject="Walid Hourani", object="Liwa Nour a-Din")


def test_the_headline_told_again_in_the_lede_is_no_second_event() -> None:
    from allegiance.read.inputs import Source

    text = ("Thu Aug 1 2013 Car bomb kills 12 in Hama market. A car bomb killed 12 people in the market "
            "of Hama on Thursday, the Observatory said.")
    article = pipeline.run(Source(name="t", text=text, title="Car bomb kills 12 in Hama market",
                                  published="2013-08-01"))
    killings = [f for f in article.facts if f.predicate == "killing"]
    assert [f.evidence.text for f in killings] == [text[text.index("A car bomb"):]]


def test_the_terrorists_or_jihadists_of_a_named_group_are_that_group() -> None:
    x = pipeline.extract("Report\n\nJaish al-Fajr terrorists shelled the village of Kafr Hamra near Aleppo on "
                         "Saturday, killing two civilians.\n", published="2016-03-05", with_text=True)
    group = next(e.id for e in x.entities if e.name == "Jaish al-Fajr")
    assert any(f.predicate in ("attack", "killing") and f.args.get("agent") == group for f in x.facts)


def test_a_lede_told_again_gives_one_fact_with_the_first_evidence() -> None:
    lede = "Two civilians were killed when rebels shelled a market in the town of Tell Karama on Sunday."
    x = pipeline.extract(f"Market shelled\n\n{lede}\n\n{lede[:-1]}, a local source said.\n",
                         published="2016-03-07", with_text=True)
    text = x.document.text or ""
    killings = [f for f in x.facts if f.predicate == "killing"]
    assert killings and len({f.evidence.start for f in killings}) == 1
    assert killings[0].evidence.start == text.index(lede)


def test_the_same_kind_of_event_told_in_other_words_keeps_both() -> None:
    x = pipeline.extract("Market shelled\n\nTwo civilians were killed when rebels shelled a market in "
                         "Tell Karama on Sunday.\n\nTwo civilians were killed on Sunday in Tell Karama after "
                         "rebels fired shells at people buying bread, a doctor told reporters.\n",
                         published="2016-03-07", with_text=True)
    assert len({f.evidence.start for f in x.facts if f.predicate == "killing"}) == 2
