"""Exports round-trip: each format is read back and compared with the store it came from."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from allegiance.graph import schema as t
from allegiance.graph.export import ACLED_COLUMNS, FORMATS, csv_safe, export, jsonld_context
from allegiance.graph.resolve import EVENTS
from allegiance.graph.store import Store, open_store
from allegiance.kb.acled import acled_type
from allegiance.serve.cli import main
from tests.support.fake import extraction

slow = pytest.mark.slow
MEMBERSHIP = ("member_of", "leader_of", "founded", "works_for")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, bundled_extraction: Any) -> Iterator[Store]:
    """The bundled article, ingested once for the module."""
    with open_store(tmp_path_factory.mktemp("export") / "graph.sqlite") as s:
        s.ingest(bundled_extraction)
        yield s


@pytest.fixture(scope="module")
def exported(store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exported")
    paths = {}
    for fmt in FORMATS:
        paths[fmt] = folder / f"graph.{fmt}"
        with paths[fmt].open("wb") as fh:
            export(store, fmt, fh)
    return paths


def _count(store: Store, sql: str) -> int:
    with store.read() as conn:
        return int(conn.execute(sa.text(sql)).scalar_one())


def _live(store: Store, type_: str) -> int:
    return _count(store, f"SELECT count(*) FROM entities WHERE merged_into IS NULL AND type = '{type_}'")


_ASSERTED = ("c.polarity = 'positive' AND EXISTS (SELECT 1 FROM sources x WHERE x.claim_id = c.id"
             " AND x.modality != 'denied')")


def _memberships(store: Store, *, negated: bool) -> int:
    """Membership claims with an entity as subject and a group as object, asserted or not."""
    preds = ", ".join(f"'{p}'" for p in MEMBERSHIP)
    return _count(store, f"""
        SELECT count(*) FROM claims c
        JOIN claim_args s ON s.claim_id = c.id AND s.role = 'subject' AND s.entity_id IS NOT NULL
        JOIN claim_args o ON o.claim_id = c.id AND o.role = 'object'
        JOIN entities oe ON oe.id = o.entity_id AND oe.type = 'ORG'
        WHERE c.predicate IN ({preds}) AND {"NOT" if negated else ""} ({_ASSERTED})""")


def _claims(store: Store) -> list[dict[str, Any]]:
    with store.read() as conn:
        return [dict(r) for r in conn.execute(sa.select(t.claims)).mappings()]


def _quotes(store: Store, claim_id: int) -> list[str]:
    with store.read() as conn:
        return [r[0] for r in conn.execute(sa.select(t.sources.c.quote).where(t.sources.c.claim_id == claim_id))]


def _relation_edges(store: Store) -> int:
    preds = ", ".join(f"'{p}'" for p in sorted(EVENTS))
    return _count(store, f"""
        SELECT count(*) FROM claims c
        JOIN claim_args s ON s.claim_id = c.id AND s.role = 'subject' AND s.entity_id IS NOT NULL
        JOIN claim_args o ON o.claim_id = c.id AND o.role = 'object' AND o.entity_id IS NOT NULL
        WHERE c.predicate NOT IN ({preds})""")


def _event_edges(store: Store) -> int:
    preds = ", ".join(f"'{p}'" for p in sorted(EVENTS))
    args = _count(store, f"""SELECT count(*) FROM claim_args a JOIN claims c ON c.id = a.claim_id
                             WHERE a.entity_id IS NOT NULL AND c.predicate IN ({preds})""")
    places = _count(store, f"SELECT count(*) FROM claims WHERE place_id IS NOT NULL AND predicate IN ({preds})")
    return args + places


# -- Popolo ----------------------------------------------------------------------------------


@slow
def test_popolo_round_trip_counts(store: Store, exported: dict[str, Path]) -> None:
    data = json.loads(exported["popolo"].read_text(encoding="utf-8"))
    assert len(data["persons"]) == _live(store, "PERSON") > 0
    assert len(data["organizations"]) == _live(store, "ORG") > 0
    assert len(data["memberships"]) == _memberships(store, negated=False) > 0
    assert len(data["negated_memberships"]) == _memberships(store, negated=True) > 0  # "which I declined"
    ids = {p["id"] for p in data["persons"]} | {o["id"] for o in data["organizations"]}
    for m in data["memberships"]:
        assert m["member"]["id"] in ids and m["organization_id"] in ids
        assert m["sources"] and all(s["quote"] and s["document_id"] and s["date"] for s in m["sources"])
    for record in (*data["persons"], *data["organizations"]):
        assert record["sources"], record["name"]


@slow
def test_popolo_membership_has_role_start_and_sourced_quote(exported: dict[str, Path]) -> None:
    data = json.loads(exported["popolo"].read_text(encoding="utf-8"))
    people = {p["id"]: p["name"] for p in data["persons"]}
    founded = [m for m in data["memberships"] if m["predicate"] == "founded" and m.get("start_date") == "2013-04"
               and "Rahmoun" in people.get(m.get("person_id", ""), "")]
    assert founded, "the founding of April 2013 is a membership of the interviewee"
    m = founded[0]
    assert m["role"] == "founder" and m["organization_name"] == "Ahrar a-Soufiah"
    assert "April 2013" in m["sources"][0]["quote"]
    negotiator = [m for m in data["memberships"] if m.get("role") == "negotiator"]
    assert negotiator and all(m["sources"][0]["speaker"] is None or m["sources"][0]["speaker"]["name"]
                              for m in negotiator)
    interviewee = [s for m in data["memberships"] for s in m["sources"] if s["asserted_by"] == "interviewee"]
    assert interviewee and any(s["speaker"] and "Rahmoun" in s["speaker"]["name"] for s in interviewee)


@slow
def test_popolo_rename_is_a_dated_other_name_and_parents_are_linked(exported: dict[str, Path]) -> None:
    data = json.loads(exported["popolo"].read_text(encoding="utf-8"))
    nusra = next(o for o in data["organizations"] if o.get("identifiers")
                 and {"scheme": "allegiance-kb", "identifier": "jabhat-al-nusra"} in o["identifiers"])
    jfs = [n for n in nusra["other_names"] if n["name"] == "Jabhat Fatah al-Sham"]
    assert jfs and jfs[0]["start_date"].startswith("2016-07") and jfs[0]["end_date"].startswith("2017-01")
    orgs = {o["id"] for o in data["organizations"]}
    assert nusra["parents"] and any(p["from"] == "kb" for p in nusra["parents"])
    for p in nusra["parents"]:
        assert p.get("parent_id") is None or p["parent_id"] in orgs
        assert p["sources"]
    assert nusra["parent_id"] in orgs


# -- ACLED ----------------------------------------------------------------------------------------


def _acled_events(store: Store) -> int:
    preds = ", ".join(f"'{p}'" for p in sorted(EVENTS))
    with store.read() as conn:
        ids = [r[0] for r in conn.execute(sa.text(f"SELECT c.id FROM claims c WHERE c.predicate IN ({preds})"
                                                  f" AND {_ASSERTED}"))]
    preds_of = {c["id"]: c["predicate"] for c in _claims(store)}
    return sum(acled_type(preds_of[i], " ".join(_quotes(store, i)[:20])) is not None for i in ids)


@slow
def test_acled_round_trip(store: Store, exported: dict[str, Path]) -> None:
    with exported["acled"].open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
        rows = list(reader)
    assert len(rows) == _acled_events(store) > 0
    claims = {f"claim/{c['id']}": c for c in _claims(store)}
    for row in rows:
        claim = claims[row["event_id_cnty"]]
        assert row["predicate"] == claim["predicate"] and row["event_type"] and row["sub_event_type"]
        assert row["time_precision"] in ("1", "2", "3") and len(row["event_date"]) == 10
        if claim["time_start"]:
            assert row["date_stated"] == claim["time_start"] and row["event_date"].startswith(claim["time_start"])
        for quote in _quotes(store, claim["id"]):
            assert quote in row["notes"] or csv_safe(quote) in row["notes"]
    agreement = [r for r in rows if r["predicate"] == "agreement" and r["date_stated"] == "2016-12"]
    assert agreement, "the east Aleppo agreement of December 2016"
    assert agreement[0]["event_date"] == "2016-12-15" and agreement[0]["time_precision"] == "3"
    assert agreement[0]["event_type"] == "Strategic developments" and "Last December" in agreement[0]["notes"]
    placed = [r for r in rows if r["location"]]
    assert placed and all(r["latitude"] and r["longitude"] for r in placed if r["geo_precision"])


def test_csv_safe() -> None:
    assert csv_safe("=1+1") == "'=1+1" and csv_safe("+x") == "'+x" and csv_safe("-x") == "'-x"
    assert csv_safe("@SUM(A1)") == "'@SUM(A1)" and csv_safe("\tx") == "'\tx" and csv_safe("\rx") == "'\rx"
    assert csv_safe("Jabhat al-Nusra") == "Jabhat al-Nusra" and csv_safe("") == ""


def _formula_store(path: Path | str) -> Store:
    text = ("=HYPERLINK(\"http://x\") attacked Liwa Test in Testville on 3 May 2019, killing 4 people. "
            "@Brigade joined =HYPERLINK(\"http://x\"). Abu Test Tester denies that he is in Liwa Test.")
    ex = extraction(text, [
        {"name": "=HYPERLINK(\"http://x\")", "type": "ORG"},
        {"name": "Liwa Test", "type": "ORG"},
        {"name": "Testville", "type": "PLACE", "lat": 35.0, "lon": 36.5, "admin1": "-Hama"},
        {"name": "@Brigade", "type": "ORG"},
        {"name": "Abu Test Tester", "type": "PERSON"},
    ], [
        {"predicate": "attack", "args": {"agent": "e1", "patient": "e2"}, "place": "e3",
         "time": {"start": "2019-05-03"}, "quote": "=HYPERLINK(\"http://x\") attacked Liwa Test in Testville"},
        {"predicate": "part_of", "args": {"subject": "e4", "object": "e1"}, "time": {"start": "2019"},
         "quote": "@Brigade joined =HYPERLINK(\"http://x\")"},
        {"predicate": "member_of", "args": {"subject": "e5", "object": "e2"}, "modality": "denied",
         "quote": "Abu Test Tester denies that he is in Liwa Test"},
    ], published="2019-05-04")
    ex.facts[0].fatalities = 4
    s = open_store(path)
    s.ingest(ex)
    return s


def test_formula_names_are_neutralised_in_the_csv(tmp_path: Path) -> None:
    with _formula_store(tmp_path / "g.sqlite") as s:
        buf = io.BytesIO()
        assert export(s, "acled", buf) == {"events": 1}
    (row,) = list(csv.DictReader(io.StringIO(buf.getvalue().decode("utf-8"))))
    assert row["actor1"] == "'=HYPERLINK(\"http://x\")" and row["actor2"] == "Liwa Test"
    assert row["admin1"] == "'-Hama" and row["notes"].startswith("“=HYPERLINK")  # quoted, so inert
    assert row["event_date"] == "2019-05-03" and row["time_precision"] == "1" and row["fatalities"] == "4"
    assert row["event_type"] == "Battles" and row["location"] == "Testville" and row["latitude"] == "35.0"
    for cell in row.values():
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_every_format_on_both_back_ends(db_url: str) -> None:
    with _formula_store(db_url) as s:
        outs = {}
        for fmt in FORMATS:
            buf = io.BytesIO()
            outs[fmt] = (export(s, fmt, buf), buf.getvalue())
    popolo = json.loads(outs["popolo"][1])
    assert len(popolo["organizations"]) == 3 and len(popolo["persons"]) == 1
    assert popolo["memberships"] == [] and len(popolo["negated_memberships"]) == 1  # denied by its one source
    brigade = next(o for o in popolo["organizations"] if o["name"] == "@Brigade")
    assert brigade["parents"][0]["start_date"] == "2019" and brigade["parent_id"].startswith("entity/")
    g = nx.read_graphml(io.BytesIO(outs["graphml"][1]), force_multigraph=True)
    assert g.number_of_nodes() == 6 and g.number_of_edges() == 2 + 3  # part_of, member_of; agent, patient, place
    ld = json.loads(outs["jsonld"][1])
    assert len(ld["@graph"]) == 1 + 5 + 3 and not [n for n in ld["@graph"] if "Membership" in n["@type"]]
    denied = [d for *_, d in g.edges(data=True) if d["predicate"] == "member_of"]
    assert [d["asserted"] for d in denied] == [False]


# -- GraphML ------------------------------------------------------------------------------------


@slow
def test_graphml_round_trip(store: Store, exported: dict[str, Path]) -> None:
    g = nx.read_graphml(exported["graphml"], force_multigraph=True)
    nodes = dict(g.nodes(data=True))
    kinds = [d["kind"] for d in nodes.values()]
    entities = _count(store, "SELECT count(*) FROM entities WHERE merged_into IS NULL")
    events = sum(c["predicate"] in EVENTS for c in _claims(store))
    assert kinds.count("entity") == entities and kinds.count("event") == events > 0
    edges = list(g.edges(keys=True, data=True))
    assert sum(d["kind"] == "relation" for *_, d in edges) == _relation_edges(store) > 0
    assert sum(d["kind"] == "event_arg" for *_, d in edges) == _event_edges(store) > 0
    for node in nodes.values():
        assert node["type"] in ("PERSON", "ORG", "PLACE", "EVENT") and node["name"]
    placed = [d for d in nodes.values() if d["type"] == "PLACE" and "lat" in d]
    assert placed and all(isinstance(d["lat"], float) and isinstance(d["lon"], float) for d in placed)
    founded = [(u, v, d) for u, v, k, d in edges if d["predicate"] == "founded" and d.get("start") == "2013-04"]
    assert founded and nodes[founded[0][1]]["name"] == "Ahrar a-Soufiah" and founded[0][2]["role"] == "founder"
    assert all(isinstance(d["contested"], bool) and d["n_sources"] >= 1 for *_, d in edges if d["kind"] == "relation")


# -- JSON-LD ------------------------------------------------------------------------------------


@slow
def test_jsonld_round_trip(store: Store, exported: dict[str, Path]) -> None:
    data = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert data["@context"] == jsonld_context() and data["@context"]["Membership"] == "org:Membership"
    nodes = data["@graph"]
    by_type: dict[str, int] = {}
    for n in nodes:
        for ty in [n["@type"]] if isinstance(n["@type"], str) else n["@type"]:
            by_type[ty] = by_type.get(ty, 0) + 1
    claims = _claims(store)
    assert by_type["Person"] == _live(store, "PERSON") and by_type["Organization"] == _live(store, "ORG")
    assert by_type["Article"] == _count(store, "SELECT count(*) FROM documents") == 1
    assert by_type["Claim"] == len(claims)
    assert by_type["Event"] == sum(c["predicate"] in EVENTS for c in claims)
    assert by_type["Membership"] == _memberships(store, negated=False)
    ids = {n["@id"] for n in nodes}
    for n in nodes:
        for src in n.get("sources", []):
            assert src["isPartOf"] in ids and src["text"]
        for key in ("subject", "object", "member", "organization", "agent", "patient"):
            if isinstance(n.get(key), dict) and "@id" in n[key]:
                assert n[key]["@id"] in ids
    agreement = next(n for n in nodes if n.get("predicate") == "agreement" and n.get("startDate") == "2016-12")
    assert "Event" in agreement["@type"] and "Last December" in agreement["sources"][0]["text"]
    assert agreement["acledEventType"] == "Strategic developments"


# -- the command -------------------------------------------------------------------------------


@slow
def test_export_command_writes_a_file_or_stdout(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    out = CliRunner().invoke(main, ["export", "acled", "--db", store.name, "-o", str(target)],
                             catch_exceptions=False)
    assert out.exit_code == 0 and target.read_text(encoding="utf-8").startswith("event_id_cnty,")
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]  # no temporary file left behind
    out = CliRunner().invoke(main, ["export", "popolo", "--db", store.name], catch_exceptions=False)
    assert out.exit_code == 0 and json.loads(out.stdout)["persons"]
    bad = CliRunner().invoke(main, ["export", "xml", "--db", store.name])
    assert bad.exit_code == 2
    missing = CliRunner().invoke(main, ["export", "jsonld", "--db", store.name, "-o", str(tmp_path / "no" / "x")])
    assert missing.exit_code == 3 and "does not exist" in missing.output
