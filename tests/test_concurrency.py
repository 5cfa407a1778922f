"""Concurrent use of one graph (issue 13): several processes ingest into the same SQLite
file or PostgreSQL database while the HTTP API reads and a person merges entities.

Nothing is lost, nothing is stored twice, racing writers make one entity of one new name
(and of one KB actor), no user sees "database is locked", and the counts are exact.
The documents are hand-built (tests/support/concurrent.py), so no spaCy is loaded;
bench/concurrency.py runs the same for 60 s with four writers.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.concurrent import counts, expected, run

WRITERS, DOCS, PAIRS = 3, 8, 3
RESTARTS = 3


def test_writers_reader_and_merger_on_one_graph(db_url: str, tmp_path: Path) -> None:
    seen = run(db_url, writers=WRITERS, docs_per_writer=DOCS, pairs=PAIRS, seconds=0, workdir=tmp_path)
    assert seen["writer_errors"] == [] and seen["reader_errors"] == [] and seen["merger_errors"] == []
    assert seen["requests"] > 0
    assert seen["pairs_left"] == [] and seen["merges"] == PAIRS
    n = WRITERS * DOCS
    # every document reached two writers: one stored it, the other found it present
    assert seen["stored_docs"] == n
    assert seen["ingested"] == n + 2 * PAIRS and seen["present"] == n
    got = counts(db_url)
    assert got.pop("duplicate_names") == 0
    assert got.pop("distinct_seq") == n + 2 * PAIRS
    assert got == expected(n, PAIRS, PAIRS)


def test_postgresql_restarted_under_a_writer_the_run_completes(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The server is stopped (clients lose their connections) and started again three
    times while a writer ingests: its writes wait with back-off, retry and complete."""
    import json
    import multiprocessing as mp
    import time

    from tests.support.concurrent import writer
    from tests.support.pg import create_database, postgres_server, restart

    try:
        server_cm = postgres_server()
        server = server_cm.__enter__()
    except Exception as exc:
        if os.environ.get("ALLEGIANCE_REQUIRE_PG"):
            raise
        pytest.skip(f"no PostgreSQL server could be started here ({exc})")
    try:
        db = create_database(server, "restart")
        from allegiance.graph.store import open_store

        open_store(db).close()
        monkeypatch.setenv("ALLEGIANCE_DB_RETRY_SECONDS", "60")
        out = tmp_path / "writer.json"
        proc = mp.get_context("spawn").Process(target=writer, args=(db, [], [], str(out)),
                                               kwargs={"until": time.time() + 300})
        proc.start()

        def done() -> int:
            path = Path(f"{out}.progress")
            return len(path.read_text().splitlines()) if path.exists() else 0

        def wait_for(n: int) -> None:
            deadline = time.time() + 90
            while done() < n and time.time() < deadline and proc.is_alive():
                time.sleep(0.1)
            assert done() >= n, f"the writer did {done()} documents, not {n}"

        wait_for(3)
        restarts = 0
        for _ in range(RESTARTS):
            restart(server, down=1.5)  # the writer is mid-run: its connections are cut
            restarts += 1
            wait_for(done() + 3)  # it came back and went on
        Path(f"{out}.stop").write_text("")
        proc.join(timeout=60)
        assert proc.exitcode == 0
        seen = json.loads(out.read_text())
        assert seen["errors"] == []
        n = len(set(seen["docs"]))
        assert n >= 3 * (RESTARTS + 1) and restarts == RESTARTS
        got = counts(db)
        assert got.pop("duplicate_names") == 0 and got.pop("distinct_seq") == n
        assert got == expected(n, 0, 0)  # every document whole: its entities, claims and sources
    finally:
        server_cm.__exit__(None, None, None)
