"""The actor knowledge base: packaged data, validation of user files, lookup, time."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from allegiance.errors import KnowledgeBaseError
from allegiance.kb import ENV_VAR, KnowledgeBase, load_kb
from allegiance.kb.entries import LINK_FIELDS, earlier, floor_day
from allegiance.names import normalize

PLACES = Path(__file__).parent.parent / "allegiance" / "kb" / "places"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _ids(matches: list) -> list[str]:
    return [m.actor.id for m in matches]


# -- the packaged data ---------------------------------------------------------------


def test_at_least_150_actors(kb: KnowledgeBase) -> None:
    assert len(kb) >= 150


def test_every_entry_has_a_source(kb: KnowledgeBase) -> None:
    assert all(actor.sources for actor in kb)


def test_wikidata_ids_are_listed_as_sources(kb: KnowledgeBase) -> None:
    for actor in kb:
        if actor.wikidata:
            assert actor.wikidata in actor.sources, actor.id


def test_people_lead_or_belong_to_something(kb: KnowledgeBase) -> None:
    people = [a for a in kb if a.type == "PERSON"]
    assert len(people) >= 20
    for person in people:
        assert person.leader_of or person.member_of, person.id


def test_no_shared_normalised_alias_unless_flagged(kb: KnowledgeBase) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in kb:
        for name in actor.all_names():
            owners[normalize(name)].add(actor.id)
    for key, ids in owners.items():
        if len(ids) > 1:
            flagged = {a for a in ids if key in kb.get(a).ambiguous_aliases}
            assert flagged == ids, (key, ids)


def test_acronyms_are_not_shared_unless_flagged(kb: KnowledgeBase) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in kb:
        for name in actor.all_names():
            if re.fullmatch(r"[A-Z][A-Z0-9&-]{1,7}", name.replace(".", "")):
                owners[name.replace(".", "")].add(actor.id)
    for acro, ids in owners.items():
        if len(ids) > 1:
            assert all(normalize(acro) in kb.get(a).ambiguous_aliases for a in ids), acro


def test_no_article_specific_local_militias(kb: KnowledgeBase) -> None:
    names = {normalize(n) for actor in kb for n in actor.all_names()}
    assert normalize("Ahrar a-Soufiah") not in names
    assert normalize("Liwa Abu al-Alameen") not in names


# -- lookup -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "Jabhat a-Nusra",
        "Jabhat al-Nusra",
        "Jabhat an-Nusra",
        "Jebhat al-Nusra",
        "Nusra Front",
        "al-Nusra Front",
        "Nusra",
        "JFS",
        "Jabhat Fateh al-Sham",
        "Jabhat Fatah a-Sham",
        "Jabhat Fath al-Sham",
    ],
)
def test_nusra_spellings_resolve_to_one_actor(kb: KnowledgeBase, spelling: str) -> None:
    assert _ids(kb.lookup(spelling))[:1] == ["jabhat-al-nusra"]


@pytest.mark.parametrize(
    "spelling",
    ["HTS", "Hay'at Tahrir al-Sham", "Hay’at Tahrir a-Sham", "Hayat Tahrir ash-Sham",
     "Hayʼat Tahrir al-Sham", "Tahrir al-Sham"],
)
def test_hts_spellings(kb: KnowledgeBase, spelling: str) -> None:
    assert _ids(kb.lookup(spelling))[:1] == ["hay-at-tahrir-al-sham"]


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("YPG", "ypg"),
        ("SDF", "syrian-democratic-forces"),
        ("FSA", "free-syrian-army"),
        ("PYD", "pyd"),
        ("ISIS", "islamic-state"),
        ("ISIL", "islamic-state"),
        ("IS", "islamic-state"),
        ("Daesh", "islamic-state"),
        ("Syrian regime", "government-of-syria"),
        ("Assad regime", "government-of-syria"),
        ("the regime", "government-of-syria"),
        ("Syrian state", "government-of-syria"),
        ("Ahrar a-Sham", "ahrar-al-sham"),
        ("Faylak al-Sham", "faylaq-al-sham"),
        ("Hizbullah", "hezbollah"),
        ("White Helmets", "white-helmets"),
        ("Abu Mohammed al-Jolani", "ahmed-al-sharaa"),
        ("Nur al-Din al-Zinki", "nour-al-din-al-zenki"),
        ("AFP", "afp"),
        ("Agence France Presse", "afp"),
        ("TRTWorld", "trt-world"),
        ("Al Manar TV", "al-manar"),
        ("Iraqi Kurdish Peshmerga", "peshmerga"),
    ],
)
def test_lookup_names_and_acronyms(kb: KnowledgeBase, name: str, actor_id: str) -> None:
    assert _ids(kb.lookup(name))[:1] == [actor_id]


def test_acronyms_are_case_sensitive(kb: KnowledgeBase) -> None:
    assert kb.lookup("is") == []
    assert kb.lookup("Is") == []


@pytest.mark.parametrize(
    "name", ["Ahrar a-Soufiah", "Ahrar al-Shams", "Jaysh al-Nusra", "", "   ", "Sham"]
)
def test_unknown_or_near_names_do_not_resolve(kb: KnowledgeBase, name: str) -> None:
    assert kb.lookup(name) == []


def test_lookup_reports_alias_score_and_method(kb: KnowledgeBase) -> None:
    exact = kb.lookup("Jabhat a-Nusra")[0]
    assert (exact.alias, exact.score, exact.method) == ("Jabhat al-Nusra", 1.0, "exact")
    fuzzy = kb.lookup("Harakat Hazem")[0]
    assert fuzzy.actor.id == "harakat-hazm"
    assert fuzzy.method == "fuzzy"
    assert 0.9 <= fuzzy.score < 1.0


def test_ambiguous_acronym_returns_every_owner(kb: KnowledgeBase) -> None:
    ids = set(_ids(kb.lookup("SNC")))
    assert {"syrian-national-council", "national-coalition"} <= ids


def test_name_on_a_date(kb: KnowledgeBase) -> None:
    assert kb.lookup("Nusra", on="2015-05-01")[0].name_on == "Jabhat al-Nusra"
    assert kb.lookup("Nusra", on="2016-09")[0].name_on == "Jabhat Fatah al-Sham"
    assert kb.lookup("Jaysh al-Islam", on="2012")[0].name_on == "Liwa al-Islam"
    assert kb.lookup("Jaysh al-Islam", on="2016-01-01")[0].name_on == "Jaysh al-Islam"
    assert kb.lookup("Jaysh al-Islam")[0].name_on is None


# -- structure over time -------------------------------------------------------------


def test_lineage_of_hts_in_order(kb: KnowledgeBase) -> None:
    steps = kb.lineage("hay-at-tahrir-al-sham")
    assert [(s.date, s.event, s.name) for s in steps][:4] == [
        ("2012-01-23", "founded", "Jabhat al-Nusra"),
        ("2016-07-28", "renamed", "Jabhat Fatah al-Sham"),
        ("2017-01-28", "founded", "Hay'at Tahrir al-Sham"),
        ("2017-01-28", "merged_into", "Hay'at Tahrir al-Sham"),
    ]
    assert kb.lineage("jabhat-al-nusra") == steps


def test_lineage_does_not_wander_sideways(kb: KnowledgeBase) -> None:
    # Hazm merged into the Levant Front; Liwa al-Tawhid did too, but is not Hazm's past.
    ids = {s.actor_id for s in kb.lineage("harakat-hazm")}
    assert ids == {"harakat-hazm", "levant-front"}
    assert {"liwa-al-tawhid", "harakat-hazm"} <= {s.actor_id for s in kb.lineage("levant-front")}


def test_dated_names_are_listed_oldest_first(kb: KnowledgeBase) -> None:
    for actor in kb:
        starts = [n.start for n in actor.names if n.start]
        padded = [(d + "-01-01")[:10] if len(d) == 4 else (d + "-01")[:10] for d in starts]
        assert padded == sorted(padded), actor.id


def test_parents_over_time(kb: KnowledgeBase) -> None:
    def parents(ident: str, on: str) -> set[str]:
        return {a.id for a, _ in kb.parents(ident, on=on)}

    assert "islamic-front" in parents("ahrar-al-sham", "2014-06-01")
    assert "islamic-front" not in parents("ahrar-al-sham", "2018-03-01")  # dissolved 2015
    assert "syrian-liberation-front" in parents("ahrar-al-sham", "2018-03-01")
    assert "hay-at-tahrir-al-sham" in parents("nour-al-din-al-zenki", "2017-03-01")
    assert "hay-at-tahrir-al-sham" not in parents("nour-al-din-al-zenki", "2017-09-01")
    assert "al-qaeda" in parents("jabhat-al-nusra", "2014-01-01")
    assert "al-qaeda" not in parents("jabhat-al-nusra", "2016-09-01")


def test_allies_are_symmetric_and_dated(kb: KnowledgeBase) -> None:
    assert "russian-armed-forces" in {a.id for a, _ in kb.allies("government-of-syria")}
    assert "government-of-syria" in {a.id for a, _ in kb.allies("russian-armed-forces")}
    on_2014 = {a.id for a, _ in kb.allies("government-of-syria", on="2014-01-01")}
    assert "russian-armed-forces" not in on_2014  # intervention began 2015-09-30


def test_assad_government_alliances_end_with_its_fall(kb: KnowledgeBase) -> None:
    allies_2016 = {a.id for a, _ in kb.allies("government-of-syria", on="2016-06-01")}
    assert {"hezbollah", "ssnp", "wagner-group", "liwa-al-quds", "russian-armed-forces",
            "government-of-iran"} <= allies_2016
    assert kb.allies("government-of-syria", on="2024-12-08") == []
    assert kb.allies("government-of-syria", on="2025-03-01") == []
    for actor in kb:  # written out, not only implied by the succession
        for link in actor.allied_with:
            if link.target == "government-of-syria":
                assert link.end and floor_day(link.end) <= "2024-12-08", actor.id


def test_the_transitional_government_succeeds_the_baathist_one(kb: KnowledgeBase) -> None:
    old, new = kb.get("government-of-syria"), kb.get("syrian-transitional-government")
    assert [(lk.target, lk.start) for lk in old.succeeded_by] == [(new.id, "2024-12-08")]
    assert new.founded == "2024-12-08"
    assert kb.in_being(old, "2024-12-07") and not kb.in_being(old, "2024-12-08")
    assert kb.in_being(new, "2024-12-08") and not kb.in_being(new, "2024-12-07")
    steps = [(s.date, s.actor_id, s.event) for s in kb.lineage("government-of-syria")]
    assert ("2024-12-08", "government-of-syria", "succeeded_by") in steps
    assert kb.lineage("syrian-transitional-government") == kb.lineage("government-of-syria")
    assert new.name_on("2025-03-01") == "Syrian caretaker government"
    assert new.name_on("2025-04-01") == "Syrian transitional government"
    # the Ba'athist state's bodies are no longer part of a government that has fallen
    assert "government-of-syria" in {a.id for a, _ in kb.parents("syrian-armed-forces", on="2016-01-01")}
    assert "government-of-syria" not in {a.id for a, _ in kb.parents("syrian-armed-forces", on="2025-03-01")}
    assert [p.id for p, _ in kb.leaders("government-of-syria", on="2016-01-01")] == ["bashar-al-assad"]
    assert [p.id for p, _ in kb.leaders("syrian-transitional-government", on="2025-06-01")] == [
        "ahmed-al-sharaa"]


@pytest.mark.parametrize(
    ("name", "on", "actor_id"),
    [
        ("Syrian government", "2025-03-01", "syrian-transitional-government"),
        ("Syrian government", "2016-01-01", "government-of-syria"),
        ("Syrian government", None, "government-of-syria"),  # undated: the older entry
        ("Government of Syria", "2025-06-01", "syrian-transitional-government"),
        ("government forces", "2024-12-07", "government-of-syria"),
        ("the regime", "2017-04-11", "government-of-syria"),
        ("the regime", None, "government-of-syria"),
        ("Assad regime", "2025-03-01", "government-of-syria"),  # only ever the Ba'athist one
    ],
)
def test_government_names_resolve_by_date(kb: KnowledgeBase, name: str, on: str | None,
                                          actor_id: str) -> None:
    assert _ids(kb.lookup(name, on=on))[:1] == [actor_id]


def test_corrected_links_and_names(kb: KnowledgeBase) -> None:
    def parents(ident: str, on: str) -> set[str]:
        return {a.id for a, _ in kb.parents(ident, on=on)}

    assert "syrian-national-army" not in parents("levant-front", "2016-06-01")
    assert "syrian-national-army" in parents("levant-front", "2018-06-01")
    assert "popular-mobilization-forces" not in parents("asaib-ahl-al-haq", "2014-05-01")
    assert "popular-mobilization-forces" in parents("asaib-ahl-al-haq", "2014-07-01")
    aanes = kb.get("aanes")
    assert aanes.name_on("2016-06-01") == "Federation of Northern Syria – Rojava"
    assert aanes.name_on("2017-06-01") == "Democratic Federation of Northern Syria"
    assert aanes.name_on("2019-01-01") == "Autonomous Administration of North and East Syria"


def test_no_link_starts_before_the_body_it_names(kb: KnowledgeBase) -> None:
    for actor in kb:
        for key in LINK_FIELDS:
            for link in getattr(actor, key):
                far = kb.get(link.target)
                start = link.start or actor.founded
                if start and far.founded:
                    assert not earlier(start, far.founded), (actor.id, key, far.id)


def test_a_link_holds_only_while_both_ends_exist(kb: KnowledgeBase) -> None:
    # no start written, but the SNA was founded on 2017-12-30
    assert "syrian-national-army" not in {a.id for a, _ in kb.parents("sultan-murad-division", on="2016-01-01")}
    assert "syrian-national-army" in {a.id for a, _ in kb.parents("sultan-murad-division", on="2019-01-01")}


def test_regions_have_their_own_point() -> None:
    regions = yaml.safe_load((PLACES / "regions.yaml").read_text(encoding="utf-8"))["places"]
    by_name = {r["name"]: r for r in regions}
    akrad, turkman = by_name["Jabal al-Akrad"], by_name["Jabal Turkman"]
    assert "anchor" not in akrad  # Rabi'ah, Jabal Turkman's anchor, is not in Jabal al-Akrad
    assert (akrad["lat"], akrad["lon"]) == (35.65, 36.2)
    assert "Jabal_al-Akrad" in akrad["source"]
    assert turkman.get("anchor") == 167880


def test_leaders_on_a_date(kb: KnowledgeBase) -> None:
    assert [p.id for p, _ in kb.leaders("islamic-state", on="2015-01-01")] == [
        "abu-bakr-al-baghdadi"
    ]
    assert [p.id for p, _ in kb.leaders("hay-at-tahrir-al-sham", on="2017-03-01")] == [
        "abu-jaber-al-shaykh"
    ]


def test_get_unknown_id_is_a_typed_error(kb: KnowledgeBase) -> None:
    with pytest.raises(KnowledgeBaseError, match="no-such-group"):
        kb.get("no-such-group")


def test_iteration_and_membership(kb: KnowledgeBase) -> None:
    assert "ypg" in kb
    assert len(list(kb)) == len(kb)


def test_default_kb_is_cached() -> None:
    assert load_kb() is load_kb()


# -- user files ----------------------------------------------------------------------

GOOD = """\
actors:
  - id: test-brigade
    name: Liwa al-Ikhtibar
    type: ORG
    kind: armed_group
    aliases: [Test Brigade, LIX]
    names:
      - {name: Katibat al-Ikhtibar, start: 2013}
      - {name: Liwa al-Ikhtibar, start: 2014-05}
    part_of: [{id: free-syrian-army, start: 2013-06}]
    allied_with: [{id: ahrar-al-sham}]
    sources: [https://example.org/test-brigade]
"""


def _write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_extends_the_kb(tmp_path: Path) -> None:
    kb = load_kb(extra_paths=[_write(tmp_path, GOOD)])
    assert _ids(kb.lookup("Liwa al-Ikhtibar"))[:1] == ["test-brigade"]
    assert _ids(kb.lookup("LIX")) == ["test-brigade"]
    assert kb.get("test-brigade").name_on("2013-08") == "Katibat al-Ikhtibar"
    assert "test-brigade" in {a.id for a, _ in kb.allies("ahrar-al-sham")}
    assert len(kb) == len(load_kb()) + 1


def test_user_folder_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, GOOD)
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert "test-brigade" in load_kb()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("    type: ORG\n", ""), "missing `type`"),
        (GOOD.replace("type: ORG", "type: GROUP"), "not ORG or PERSON"),
        (GOOD.replace("kind: armed_group", "kind: gang"), "kind 'gang' is unknown"),
        (GOOD.replace("    sources: [https://example.org/test-brigade]\n", ""), "no `sources`"),
        (GOOD.replace("start: 2014-05", "start: May 2014"), "not an ISO date"),
        (GOOD.replace("id: free-syrian-army", "id: no-such-army"), "unknown id 'no-such-army'"),
        (GOOD.replace("id: test-brigade", "id: Test Brigade"), "is not a slug"),
        (GOOD.replace("aliases:", "alias:"), "unknown keys ['alias']"),
        (GOOD.replace("Test Brigade, LIX", "Nusra Front"), "also a name of 'jabhat-al-nusra'"),
        (GOOD.replace("LIX", "HTS"), "also a name of 'hay-at-tahrir-al-sham'"),
        (GOOD.replace("id: test-brigade", "id: ypg"), "id already used"),
        (GOOD + "    wikidata: 12345\n", "not a Q-id"),
        ("actors: {}\n", "no `actors:` list"),
        ("actors: [\n", "cannot be read as YAML"),
    ],
)
def test_bad_user_file_names_file_entry_and_fix(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb(extra_paths=[path])
    assert message in str(err.value)
    assert err.value.input == str(path.resolve())
    assert err.value.hint
    assert err.value.code == "A301"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # an explicit start before the parent's founding (the FSA: 2011-07-29)
        (GOOD.replace("start: 2013-06}", "start: 2010-06}"),
         "`part_of` → free-syrian-army starts 2010-06, before free-syrian-army was founded (2011-07-29)"),
        # no start: the link starts at the entry's own founding, before the SNA's
        (GOOD.replace("    kind: armed_group\n", "    kind: armed_group\n    founded: 2013\n")
             .replace("id: free-syrian-army, start: 2013-06", "id: syrian-national-army"),
         "`part_of` → syrian-national-army has no `start`, so starts at the entry's founding (2013)"),
        (GOOD.replace("allied_with: [{id: ahrar-al-sham}]", "succeeded_by: [{id: ahrar-al-sham}]"),
         "`succeeded_by` → ahrar-al-sham needs a `start`"),
    ],
)
def test_link_before_its_parent_was_founded_is_rejected(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb(extra_paths=[path])
    assert "entry 'test-brigade'" in str(err.value)
    assert message in str(err.value)
    assert err.value.input == str(path.resolve())
    assert err.value.hint and "start" in err.value.hint
    assert err.value.code == "A301"


def test_link_on_its_parents_founding_day_is_accepted(tmp_path: Path) -> None:
    text = GOOD.replace("start: 2013-06}", "start: 2011-07}")  # same month as the FSA's founding
    kb = load_kb(extra_paths=[_write(tmp_path, text)])
    assert "free-syrian-army" in {a.id for a, _ in kb.parents("test-brigade", on="2012-01-01")}


def test_flagged_ambiguous_alias_is_allowed(tmp_path: Path) -> None:
    text = GOOD.replace("aliases: [Test Brigade, LIX]", "ambiguous_aliases: [SNC]")
    kb = load_kb(extra_paths=[_write(tmp_path, text)])
    assert "test-brigade" in _ids(kb.lookup("SNC"))


def test_missing_extra_path(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="no such file"):
        load_kb(extra_paths=[tmp_path / "absent.yaml"])


def test_news_agencies_cited_by_acronym_are_outlets(kb: KnowledgeBase) -> None:
    for alias, actor_id in (("FNA", "fars-news-agency"), ("NNA", "national-news-agency-lebanon"),
                            ("Sputnik", "sputnik")):
        [match] = kb.lookup(alias, limit=1)
        assert match.actor.id == actor_id and match.actor.kind == "media"
