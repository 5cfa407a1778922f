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


# -- pages read from claim_args' copies give the answers a plain reading of the claims gives ---

GROUPS = ("Liwa al-Misbar al-Awwal", "Katibat al-Tajriba", "Jaish al-Namudhaj al-Thani")
PEOPLE = ("Samir Fadi Haddad", "Nabil Zaher Khouri", "Walid Anas Mansour", "Hisham Qasim Darwish")
PLACES = ("Kafr Misbar", "Tell Tajriba")
DATES = (None, "2012", "2013-05", "2013-05-20", "2014-11", "2016-02-03")


def _article(k: int, rng: Any) -> Any:
    """One made-up article naming some of the groups, people and places above in random facts."""
    from tests.support.fake import extraction

    ents = [{"name": n, "type": "ORG"} for n in GROUPS] + [{"name": n, "type": "PERSON"} for n in PEOPLE]
    ents += [{"name": n, "type": "PLACE"} for n in PLACES]
    ids = {e["name"]: f"e{i}" for i, e in enumerate(ents, 1)}
    sentences, facts = [], []
    for j in range(rng.randint(3, 7)):
        kind = rng.choice(("member", "member", "attack", "clash", "part_of", "founded"))
        date = rng.choice(DATES)
        when = {"start": date} if date else None
        if kind == "member":
            who, grp = rng.choice(PEOPLE), rng.choice(GROUPS)
            pred = rng.choice(("member_of", "member_of", "leader_of"))
            if date and rng.random() < 0.3:
                when = {"start": date, "end": "2015-06"} if rng.random() < 0.5 else {"as_of": date}
            text, args = f"{who} was in {grp} ({j})", {"subject": ids[who], "object": ids[grp]}
        elif kind in ("attack", "clash"):
            a, b = rng.sample(GROUPS, 2)
            if rng.random() < 0.3:
                b = rng.choice(PEOPLE)
            pred, text, args = kind, f"{a} fought {b} ({j})", {"agent": ids[a], "patient": ids[b]}
        elif kind == "part_of":
            a, b = rng.sample(GROUPS, 2)
            pred, text, args = "part_of", f"{a} joined {b} ({j})", {"subject": ids[a], "object": ids[b]}
        else:
            who, grp = rng.choice(PEOPLE), rng.choice(GROUPS)
            pred, text, args = "founded", f"{who} founded {grp} ({j})", {"subject": ids[who], "object": ids[grp]}
        fact = {"predicate": pred, "args": args, "quote": text, "time": when,
                "polarity": "negative" if rng.random() < 0.1 else "positive"}
        if pred in ("attack", "clash") and rng.random() < 0.7:
            fact["place"] = ids[rng.choice(PLACES)]
        sentences.append(text)
        facts.append(fact)
    body = f"Report {k}. " + ". ".join(sentences) + ". " + " ".join(GROUPS + PEOPLE + PLACES) + "."
    return extraction(body, ents, facts, published=f"{2012 + k % 6}-{1 + k % 12:02d}-15", doc_id=f"report-{k}")


@pytest.fixture
def many(db_url: str) -> Store:
    import random

    st = open_store(db_url)
    rng = random.Random(11)
    for k in range(24):
        st.ingest(_article(k, rng))
    return st


def _plain(store: Store) -> tuple[dict[int, Any], dict[int, list[tuple[str, int | None]]]]:
    """Every claim and its arguments, read whole."""
    import sqlalchemy as sa

    from allegiance.graph import schema as t

    with store.read() as conn:
        claims = {int(r["id"]): r for r in conn.execute(sa.select(t.claims)).mappings().all()}
        args: dict[int, list[tuple[str, int | None]]] = {}
        for cid, role, eid in conn.execute(sa.select(t.claim_args.c.claim_id, t.claim_args.c.role,
                                                     t.claim_args.c.entity_id)):
            args.setdefault(int(cid), []).append((role, eid))
    return claims, args


def _expected(store: Store, eid: int, keep: Any) -> list[int]:
    """Ids of the claims naming `eid` that `keep(claim, args)` takes, in date order (none last), then id."""
    claims, args = _plain(store)
    ids = [cid for cid, a in args.items() if any(e == eid for _, e in a) and keep(claims[cid], a)]
    return sorted(ids, key=lambda cid: (claims[cid]["sort_date"] or "9999", cid))


def _active(claim: Any, day: str) -> bool:
    start, end = claim["time_start"] or "", claim["time_end"] or ""
    if start or end:
        return q._on(day, start or None, end or None)
    cited = claim["first_cited"] or ""
    return bool(cited) and cited[:10] >= day[:10] and cited[:4] <= str(int(day[:4]) + 1)


def _ids(rows: list[dict[str, Any]]) -> list[int]:
    return [r["id"] for r in rows]


def test_entity_pages_equal_a_plain_reading_of_the_claims(many: Store) -> None:
    people = {p: q.entity(many, p, type="PERSON")["id"] for p in PEOPLE}
    groups = {g: q.entity(many, g, type="ORG")["id"] for g in GROUPS}
    types = {eid: "PERSON" for eid in people.values()}
    for pid in people.values():
        want = _expected(many, pid, lambda c, a: True)
        assert len(want) >= 3
        assert _ids(q.person_timeline(many, pid, limit=1000)["entries"]) == want
        page = q.person_timeline(many, pid, limit=2, offset=1)
        assert _ids(page["entries"]) == want[1:3] and page["more"] == (len(want) > 3)
    for gid in groups.values():
        lineage = _expected(many, gid, lambda c, a: c["predicate"] in q.LINEAGE)
        steps = q.group_lineage(many, gid, limit=1000)["steps"]
        assert sorted(s["claim"]["id"] for s in steps if s["from"] == "text") == sorted(lineage)
        assert [s["claim"]["id"] for s in q.group_lineage(many, gid, limit=2, offset=1)["steps"]] == lineage[1:3]
        for day in ("2012-03", "2013-05-20", "2015", "2019-01"):
            want = _expected(many, gid, lambda c, a, day=day, gid=gid: (
                c["predicate"] in q.MEMBERSHIP and (("object", gid) in a) and _active(c, day)
                and any(r == "subject" and types.get(e) == "PERSON" for r, e in a)))
            assert _ids(q.members(many, gid, on=day, limit=1000)["members"]) == want, day
            assert _ids(q.members(many, gid, on=day, limit=2, offset=1)["members"]) == want[1:3]
        for start, end in ((None, None), ("2013-01", "2014-12"), ("2013-05-20", None), (None, "2013")):
            hi = (end + "-99" if len(end) < 10 else end) if end else None
            want = _expected(many, gid, lambda c, a, start=start, hi=hi: (
                c["predicate"] in q.EVENTS and (not (start or hi) or c["sort_date"] is not None)
                and (not start or c["sort_date"] >= start) and (not hi or c["sort_date"] <= hi)))
            got = q.events(many, actor=gid, start=start, end=end, limit=1000)
            assert (_ids(got["events"]), got["total"]) == (want, len(want))
            assert _ids(q.events(many, actor=gid, start=start, end=end, limit=2, offset=1)["events"]) == want[1:3]
            window = q.events(many, start=start, end=end, limit=1)
            claims, _ = _plain(many)
            assert window["total"] == sum(1 for c in claims.values() if c["predicate"] in q.EVENTS and (
                not (start or hi) or (c["sort_date"] is not None and (not start or c["sort_date"] >= start)
                                      and (not hi or c["sort_date"] <= hi))))
        clashes = _expected(many, gid, lambda c, a: c["predicate"] == "clash")
        assert _ids(q.events(many, actor=gid, type="clash", limit=1000)["events"]) == clashes
