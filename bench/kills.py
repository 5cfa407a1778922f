"""Kill an ingest at random points, restart PostgreSQL under a writer: is anything lost,
stored twice or left partial? (issue 13's targets: ≥ 50 kills, ≥ 5 restarts, 0/0/0)

    .venv/bin/python bench/kills.py                        # 50 kills on SQLite, 5 PostgreSQL restarts
    .venv/bin/python bench/kills.py --kills 10 --restarts 0 --docs 40   # a quick look

1. SQLite. `allegiance ingest CORPUS.jsonl --db g.sqlite --workers 1` over short real
   articles (a paragraph each of tests/data/articles; tests/support/faults.py) is started
   and SIGKILLed `--kills` times, each time at a random point: while it starts (loading
   spaCy and the gazetteer), or after 0-3 more documents are stored plus a random
   0-0.4 s (mid-extraction or mid-write), then run once more to the end. The store is
   then compared document by document with a clean, uninterrupted ingest of the same
   corpus: lost = a document of the clean run missing; duplicated = an id stored twice;
   partial = a document whose sources, local entities or mentions differ in number from
   the clean run's. A worker that outlives its killed parent is counted too.
2. PostgreSQL. A throw-away server (tests/support/pg.py) and one writer process
   (tests/support/concurrent.py: hand-built documents, no spaCy) that ingests without a
   pause; the server is stopped and started `--restarts` times while it writes (1.5 s
   down each time). The writer waits with back-off (ALLEGIANCE_DB_RETRY_SECONDS=60) and
   goes on; then the same three counts, and the exact totals the documents give.

Exit 0 when every count is 0 and the kills and restarts asked for happened. CPU-bound
parts run one at a time (2 shared cores); figures go to stdout as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.faults import children_of, per_document, running, short_articles, stored  # noqa: E402

BIN = Path(sys.executable).with_name("allegiance")


def compare(got: dict[str, list[tuple[int, int, int]]], want: dict[str, list[tuple[int, int, int]]]
            ) -> dict[str, Any]:
    """Lost, duplicated and partial documents of `got` against a clean run `want`."""
    lost = sorted(k for k in want if k not in got)
    duplicated = sorted(k for k, rows in got.items() if len(rows) > 1)
    partial = sorted(k for k, rows in got.items() if k in want and rows[0] != want[k][0])
    extra = sorted(k for k in got if k not in want)
    return {"documents": sum(len(r) for r in got.values()), "expected": len(want), "lost": len(lost),
            "duplicated": len(duplicated), "partial": len(partial), "unexpected": len(extra),
            "examples": (lost + duplicated + partial + extra)[:5]}


def kill_once(cmd: list[str], db: str, rng: random.Random, *, deadline: float) -> dict[str, Any] | None:
    """Start the ingest, kill it at a random point; None when it finished first."""
    before = stored(db)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if rng.random() < 0.2:
        how, wait_for = "while starting", before
        time.sleep(rng.uniform(0.0, 2.0))
    else:
        how, wait_for = "after documents", before + rng.randint(0, 3)
        while proc.poll() is None and stored(db) < wait_for and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 0.4))
    if proc.poll() is not None:
        return None
    workers = children_of(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    end = time.monotonic() + 10  # the workers notice their parent is gone and stop
    while any(running(w) for w in workers) and time.monotonic() < end:
        time.sleep(0.1)
    orphans = [w for w in workers if running(w)]
    for w in orphans:
        os.kill(w, signal.SIGKILL)
    return {"how": how, "stored_before": before, "stored_after": stored(db), "orphans": len(orphans)}


def sqlite_kills(n_kills: int, n_docs: int, seed: int, work: Path) -> dict[str, Any]:
    from allegiance.batch import ingest
    from allegiance.graph.store import open_store

    corpus = work / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in short_articles(n_docs, ROOT / "tests/data/articles")),
                      encoding="utf-8")
    clean = str(work / "clean.sqlite")
    t = time.monotonic()
    with open_store(clean) as store:
        ingest([str(corpus)], store=store, workers=0)
    want = per_document(clean)
    print(f"  clean run: {len(want)} documents [{time.monotonic() - t:.0f} s]", flush=True)
    db = str(work / "killed.sqlite")
    cmd = [str(BIN), "ingest", str(corpus), "--db", db, "--workers", "1", "--quiet"]
    rng = random.Random(seed)
    kills: list[dict[str, Any]] = []
    deadline = time.monotonic() + 60 * 60
    while len(kills) < n_kills and time.monotonic() < deadline:
        k = kill_once(cmd, db, rng, deadline=deadline)
        if k is None:
            print("  the ingest finished before every kill: give more --docs", flush=True)
            break
        kills.append(k)
        if len(kills) % 10 == 0:
            print(f"  {len(kills)} kills, {k['stored_after']} documents stored", flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    report = compare(per_document(db), want)
    report.update({
        "kills": len(kills), "while_starting": sum(k["how"] == "while starting" for k in kills),
        "kills_with_progress": sum(k["stored_after"] > k["stored_before"] for k in kills),
        "orphan_workers": sum(k["orphans"] for k in kills), "final_exit": done.returncode,
        "rerun": (again.stdout.strip().splitlines() or [""])[-1]})
    return report


def pg_restarts(n_restarts: int, work: Path) -> dict[str, Any]:
    import multiprocessing as mp

    from allegiance.graph.store import open_store
    from tests.support.concurrent import counts, document, expected, writer
    from tests.support.pg import create_database, postgres_server, restart

    os.environ["ALLEGIANCE_DB_RETRY_SECONDS"] = "60"  # inherited by the writer
    with postgres_server() as server:
        db = create_database(server, "kills")
        open_store(db).close()
        out = work / "writer.json"
        proc = mp.get_context("spawn").Process(target=writer, args=(db, [], [], str(out)),
                                               kwargs={"until": time.time() + 1800})
        proc.start()

        def done() -> int:
            path = Path(f"{out}.progress")
            return len(path.read_text().splitlines()) if path.exists() else 0

        def wait_for(n: int) -> bool:
            end = time.time() + 120
            while done() < n and time.time() < end and proc.is_alive():
                time.sleep(0.1)
            return done() >= n

        restarts, resumed = 0, 0
        wait_for(3)
        for _ in range(n_restarts):
            restart(server, down=1.5)  # the writer is mid-run: its connections are cut
            restarts += 1
            resumed += wait_for(done() + 3)  # it came back and went on
        Path(f"{out}.stop").write_text("")
        proc.join(timeout=120)
        seen = json.loads(out.read_text()) if out.exists() else {"docs": [], "errors": ["no report"]}
        got = per_document(db)
        totals = counts(db)
    clean = str(work / "pg-clean.sqlite")
    with open_store(clean) as store:
        for i in sorted(set(seen["docs"])):
            store.ingest(document(i), source_name=f"doc-{i}")
    report = compare(got, per_document(clean))
    n = len(set(seen["docs"]))
    want = expected(n, 0, 0)
    report.update({"restarts": restarts, "resumed_after_each": resumed == restarts, "writer_documents": n,
                   "writer_errors": len(seen["errors"]), "first_errors": seen["errors"][:2],
                   "totals_exact": all(totals[k] == v for k, v in want.items()) and totals["duplicate_names"] == 0})
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--docs", type=int, default=120, help="articles in the corpus the ingest is killed in")
    ap.add_argument("--restarts", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    report: dict[str, Any] = {}
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        if args.kills:
            t = time.monotonic()
            r = report["sqlite_kills"] = sqlite_kills(args.kills, args.docs, args.seed, Path(tmp))
            print("sqlite kills:", json.dumps(r), f"[{time.monotonic() - t:.0f} s]", flush=True)
            ok &= (r["kills"] >= args.kills and r["lost"] == r["duplicated"] == r["partial"] == r["unexpected"]
                   == r["orphan_workers"] == 0 and r["final_exit"] == 0)
        if args.restarts:
            t = time.monotonic()
            r = report["postgresql_restarts"] = pg_restarts(args.restarts, Path(tmp))
            print("postgresql restarts:", json.dumps(r), f"[{time.monotonic() - t:.0f} s]", flush=True)
            ok &= (r["restarts"] >= args.restarts and r["resumed_after_each"] and r["writer_errors"] == 0
                   and r["lost"] == r["duplicated"] == r["partial"] == r["unexpected"] == 0 and r["totals_exact"])
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
