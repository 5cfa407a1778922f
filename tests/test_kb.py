"""The actor knowledge base: packaged data, validation of user files, lookup, time."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from allegiance.errors import KnowledgeBaseError
from allegiance.kb import ENV_VAR, KnowledgeBase, load_kb
from allegiance.names import normalize


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


def test_flagged_ambiguous_alias_is_allowed(tmp_path: Path) -> None:
    text = GOOD.replace("aliases: [Test Brigade, LIX]", "ambiguous_aliases: [SNC]")
    kb = load_kb(extra_paths=[_write(tmp_path, text)])
    assert "test-brigade" in _ids(kb.lookup("SNC"))


def test_missing_extra_path(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="no such file"):
        load_kb(extra_paths=[tmp_path / "absent.yaml"])
