"""Queries over a store holding the bundled article (extracted once for the session)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from allegiance.errors import NotFoundError
from allegiance.graph import query as q
from allegiance.graph.store import Store, open_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, bundled_extraction: Any) -> Store:
    st = open_store(Path(tmp_path_factory.mktemp("query")) / "graph.sqlite")
    st.ingest(bundled_extraction)
    return st


def test_person_timeline_is_dated_sourced_and_in_time_order(store: Store) -> None:
    data = q.person_timeline(store, "Omar al-Rahmoun")
    assert data["entity"]["name"] in ("Omar a-Rahmoun", "Omar al-Rahmoun")
    dated = [c for c in data["entries"] if c["time"]["start"] or c["time"]["as_of"]]
    assert len(dated) >= 8
    keys = [(c["time"]["start"] or c["time"]["as_of"])[:7] for c in dated]
    assert keys == sorted(keys)
    for c in data["entries"]:
        assert c["sources"], c
        for s in c["sources"]:
            assert s["quote"] and s["document_id"] and s["asserted_by"] in ("reporter", "interviewee", "editor",
                                                                             "quoted")
    preds = {c["predicate"] for c in data["entries"]}
    assert {"founded", "member_of", "flight"} <= preds
    # The interviewee's own words name him as their speaker.
    spoken = [s for c in data["entries"] for s in c["sources"] if s["asserted_by"] == "interviewee"]
    assert spoken and all(s["speaker"] and s["speaker"]["id"] == data["entity"]["id"] for s in spoken)


def test_every_spelling_finds_the_same_person(store: Store) -> None:
    ids = {q.entity(store, name, type="PERSON")["id"] for name in
           ("Omar a-Rahmoun", "Omar al-Rahmoun", "Omar Rahmoun", "a-Rahmoun", "Rahmoun")}
    assert len(ids) == 1


def test_group_lineage_shows_the_renames_with_dates(store: Store) -> None:
    data = q.group_lineage(store, "Jabhat al-Nusra")
    names = [(s["date"], s.get("name")) for s in data["steps"] if s["from"] == "kb"]
    by_name = {n: d for d, n in names}
    assert by_name.get("Jabhat Fatah al-Sham", "").startswith("2016-07")
    assert any(n and n.startswith("Hay") and "Tahrir" in n and (d or "").startswith("2017-01") for d, n in names)
    dates = [s["date"] or "9999" for s in data["steps"]]
    assert dates == sorted(dates)


def test_members_at_a_date(store: Store) -> None:
    early = q.members(store, "Ahrar a-Soufiah", on="2013-06")
    assert any(c["args"]["subject"]["name"].endswith("Rahmoun") for c in early["members"])
    assert q.members(store, "Ahrar a-Soufiah", on="2011-01")["members"] == []


def test_events_filter_by_type_actor_place_and_window(store: Store) -> None:
    every = q.events(store, limit=1000)
    assert every["total"] == len(every["events"]) > 0
    attacks = q.events(store, type="attack")
    assert attacks["events"] and all(c["predicate"] == "attack" for c in attacks["events"])
    by_nusra = q.events(store, actor="Jabhat al-Nusra")
    assert by_nusra["events"] and all(any(a["name"] and "Nusra" in a["name"] for a in c["args"].values())
                                      for c in by_nusra["events"])
    window = q.events(store, start="2014-01", end="2014-12")
    assert all((c["sort_date"] or "").startswith("2014") for c in window["events"])
    box = q.events(store, bbox=(35.0, 34.5, 37.5, 36.0))  # around Hama
    assert all(c["place"] and 35.0 <= c["place"]["lon"] <= 37.5 for c in box["events"])
    page = q.events(store, limit=2, offset=1)
    assert page["events"] == every["events"][1:3]


def test_sources_of_a_claim_and_the_document_behind_it(store: Store) -> None:
    claim = q.person_timeline(store, "Rahmoun")["entries"][0]
    detail = q.claim_sources(store, claim["id"])
    src = detail["sources"][0]
    doc = q.document(store, src["document_id"])
    assert doc["text"][src["evidence_start"]:src["evidence_end"]] == src["quote"]
    assert doc["segments"] and doc["mentions"] and doc["facts"]


def test_unknown_names_are_typed_errors(store: Store) -> None:
    with pytest.raises(NotFoundError):
        q.person_timeline(store, "Nobody Ofthisname")
    with pytest.raises(NotFoundError):
        q.group_lineage(store, "Omar a-Rahmoun")  # a person is no group
    with pytest.raises(NotFoundError):
        q.claim_sources(store, 10**9)
    with pytest.raises(NotFoundError):
        q.document(store, "0" * 64)
