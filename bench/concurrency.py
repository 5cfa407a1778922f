"""Four writers, one API reader and one merger on one graph for 60 s, on SQLite and on a
real PostgreSQL server (issue 13's target): errors seen by users, and exact counts.

    .venv/bin/python bench/concurrency.py [--seconds 60] [--writers 4] [--backend sqlite|postgresql|both]

The documents are hand-built (tests/support/concurrent.py says how the graph they give is
known exactly); each document also reaches a second writer, which must find it present.
Writers keep making new documents until the time is up. The PostgreSQL server is started
here (tests/support/pg.py: initdb + pg_ctl on a free port).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.concurrent import counts, expected, run  # noqa: E402


def bench(db: str, *, seconds: float, writers: int, pairs: int, workdir: Path) -> dict[str, Any]:
    seen = run(db, writers=writers, docs_per_writer=10, pairs=pairs, seconds=seconds, workdir=workdir)
    got = counts(db)
    want = expected(seen["stored_docs"], pairs, seen["merges"])
    user_errors = len(seen["writer_errors"]) + len(seen["reader_errors"]) + len(seen["merger_errors"])
    exact = all(got[k] == v for k, v in want.items()) and got["duplicate_names"] == 0
    return {"seconds": seen["seconds"], "documents_written": seen["stored_docs"],
            "ingested": seen["ingested"], "present": seen["present"], "api_requests": seen["requests"],
            "merges": seen["merges"], "errors_seen_by_users": user_errors,
            "first_errors": (seen["writer_errors"] + seen["reader_errors"] + seen["merger_errors"])[:3],
            "counts": got, "expected": want, "exact": exact}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--pairs", type=int, default=20, help="entity pairs the merger merges")
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = ap.parse_args()
    report = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.backend in ("sqlite", "both"):
            work = Path(tmp) / "sqlite"
            work.mkdir()
            report["sqlite"] = bench(str(work / "graph.sqlite"), seconds=args.seconds, writers=args.writers,
                                     pairs=args.pairs, workdir=work)
            print("sqlite:", json.dumps(report["sqlite"]), flush=True)
        if args.backend in ("postgresql", "both"):
            from tests.support.pg import create_database, postgres_server

            work = Path(tmp) / "pg"
            work.mkdir()
            with postgres_server() as server:
                db = create_database(server, "bench")
                report["postgresql"] = bench(db, seconds=args.seconds, writers=args.writers, pairs=args.pairs,
                                             workdir=work)
            print("postgresql:", json.dumps(report["postgresql"]), flush=True)
    ok = all(r["exact"] and r["errors_seen_by_users"] == 0 for r in report.values())
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
