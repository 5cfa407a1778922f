"""The graph commands, through click, on a store holding the bundled article."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from allegiance.graph.store import open_store
from allegiance.serve.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, bundled_extraction: Any) -> str:
    path = Path(tmp_path_factory.mktemp("cli")) / "graph.sqlite"
    with open_store(path) as store:
        store.ingest(bundled_extraction)
    return str(path)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_person_prints_dated_entries_with_quotes_in_time_order(db: str) -> None:
    out = run("person", "Omar al-Rahmoun", "--db", db, "--format", "json")
    assert out.exit_code == 0
    entries = json.loads(out.output)["entries"]
    dated = [(e["time"]["start"] or e["time"]["as_of"]) for e in entries if e["time"]["start"] or e["time"]["as_of"]]
    assert len(dated) >= 8 and [d[:7] for d in dated] == sorted(d[:7] for d in dated)
    table = run("person", "Omar al-Rahmoun", "--db", db)
    assert table.exit_code == 0 and "“" in table.output and "interviewee" in table.output


def test_group_shows_the_renames_with_dates(db: str) -> None:
    out = run("group", "Jabhat al-Nusra", "--db", db)
    assert out.exit_code == 0
    assert "Jabhat Fatah al-Sham" in out.output and "Tahrir" in out.output and "2016-07-28" in out.output


def test_stats_are_identical_after_ingesting_the_same_article_again(db: str, tmp_path: Path) -> None:
    before = json.loads(run("stats", "--db", db, "--format", "json").output)
    again = run("ingest", str(Path(__file__).parent / "data" / "syria-direct-2017-04-11-rahmoun.html"),
                "--db", db, "--workers", "1", "--quiet")
    assert again.exit_code == 0, again.output
    assert "already present 1" in again.output
    assert json.loads(run("stats", "--db", db, "--format", "json").output) == before


def test_members_events_sources_search(db: str) -> None:
    members = run("members", "Ahrar a-Soufiah", "--on", "2013-06", "--db", db, "--format", "csv")
    assert members.exit_code == 0 and "founded" in members.output
    events = json.loads(run("events", "--type", "detention", "--db", db, "--format", "json").output)
    assert events["total"] >= 1
    claim = events["events"][0]["id"]
    src = run("sources", str(claim), "--db", db)
    assert src.exit_code == 0 and "“" in src.output
    hits = json.loads(run("search", "a-Nusra", "--db", db, "--format", "json").output)
    assert hits[0]["kb_id"] == "jabhat-al-nusra"


def test_exit_codes(db: str, tmp_path: Path) -> None:
    assert run("search", "Zzyzx Qwerty", "--db", db).exit_code == 3
    assert run("person", "Nobody Ofthisname", "--db", db).exit_code == 3
    assert run("members", "Jabhat al-Nusra", "--on", "2017-02-31", "--db", db).exit_code == 2
    assert run("events", "--bbox", "1,2,3", "--db", db).exit_code == 2
    bad = tmp_path / "notes.txt"
    bad.write_text("not a database\n" * 20)
    res = run("stats", "--db", str(bad))
    assert res.exit_code == 7 and "A601" in res.output


def test_split_of_an_unknown_document_is_not_found(db: str) -> None:
    hit = json.loads(run("search", "Omar al-Rahmoun", "--db", db, "--format", "json").output)[0]
    before = json.loads(run("stats", "--db", db, "--format", "json").output)
    res = run("split", str(hit["id"]), "--document", "UNKNOWN", "--db", db)
    assert res.exit_code == 3 and "A602" in res.output and "UNKNOWN" in res.output
    assert run("split", "999999999", "--document", "UNKNOWN", "--db", db).exit_code == 3
    assert json.loads(run("stats", "--db", db, "--format", "json").output) == before


def test_csv_cells_that_would_run_in_a_spreadsheet_are_neutralised() -> None:
    from allegiance.serve.graph_cli import _csv_safe

    assert _csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _csv_safe("@SUM") == "'@SUM" and _csv_safe("-1+1") == "'-1+1" and _csv_safe("Nusra") == "Nusra"


def test_person_group_and_members_page_with_limit_and_offset(db: str) -> None:
    whole = json.loads(run("person", "Omar al-Rahmoun", "--db", db, "--format", "json", "--limit", "1000").output)
    ids = [e["id"] for e in whole["entries"]]
    page = json.loads(run("person", "Omar al-Rahmoun", "--db", db, "--format", "json", "--limit", "2",
                          "--offset", "1").output)
    assert [e["id"] for e in page["entries"]] == ids[1:3] and page["more"] is True
    table = run("person", "Omar al-Rahmoun", "--db", db, "--limit", "2")
    assert table.exit_code == 0 and "more: --offset 2" in table.output
    members = run("members", "Ahrar a-Soufiah", "--db", db, "--format", "json", "--limit", "1")
    assert members.exit_code == 0 and len(json.loads(members.output)["members"]) <= 1
    group = run("group", "Jabhat al-Nusra", "--db", db, "--limit", "1", "--offset", "0")
    assert group.exit_code == 0
    assert run("person", "Omar al-Rahmoun", "--db", db, "--limit", "0").exit_code == 2
