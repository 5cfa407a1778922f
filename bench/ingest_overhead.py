"""What storing costs on top of extracting, on the FA-KES dev corpus (a measurement, not a test).

    .venv/bin/python bench/ingest_overhead.py [--docs 100] [--shared ../shared] [--json PATH]

For each article, in one process and one after the other (so load on a noisy machine falls
on both alike): `allegiance.batch.extract_one` (the extraction the store needs, with text),
then `Store.ingest` of that extraction into a fresh SQLite store (resolution across the
articles stored so far, claims and sources, one transaction). The overhead is ingest time
over extraction time, in wall-clock and in this thread's CPU time; the target is ≤ 10%.
Also counted: the SQL statements the ingests sent (an executemany is one), per article.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from allegiance.batch import extract_one
from allegiance.graph.store import open_store
from allegiance.read.inputs import Failure, read_path

CORPUS = "corpus/fakes/dev.jsonl"
TARGET = 0.10


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()
    corpus = args.shared / CORPUS
    if not corpus.exists():
        print(f"{corpus} is not here: nothing measured")
        return 0
    sources = [s for s in read_path(corpus) if not isinstance(s, Failure)][:args.docs + 1]
    extract_one(sources[0])  # loads the language pipeline, the KB and the gazetteer: not timed
    sources = sources[1:]

    with tempfile.TemporaryDirectory(prefix="allegiance-ingest-") as tmp:
        store = open_store(Path(tmp) / "graph.sqlite")
        sent = [0]
        sa.event.listen(store.engine, "before_cursor_execute", lambda *a, **k: sent.__setitem__(0, sent[0] + 1))
        ex_wall = ex_cpu = in_wall = in_cpu = 0.0
        per_doc: list[float] = []
        facts = 0
        for source in sources:
            w0, c0 = time.perf_counter(), time.thread_time()
            ex = extract_one(source)
            w1, c1 = time.perf_counter(), time.thread_time()
            store.ingest(ex, source_name=source.name)
            w2, c2 = time.perf_counter(), time.thread_time()
            ex_wall, ex_cpu, in_wall, in_cpu = ex_wall + w1 - w0, ex_cpu + c1 - c0, in_wall + w2 - w1, in_cpu + c2 - c1
            per_doc.append((c2 - c1) / max(c1 - c0, 1e-9))
            facts += len(ex.facts)
        n_sent = sent[0]  # the ingests' own, not stats()
        stats = store.stats()
        store.close()

    out = {"date": time.strftime("%Y-%m-%d"), "articles": len(sources), "facts": facts,
           "claims": stats["claims"], "entities": stats["entities"],
           "extract_s": round(ex_wall, 2), "ingest_s": round(in_wall, 2),
           "overhead_wall": round(in_wall / ex_wall, 4), "overhead_cpu": round(in_cpu / ex_cpu, 4),
           "overhead_cpu_median_article": round(statistics.median(per_doc), 4),
           "statements_per_article": round(n_sent / max(1, len(sources)), 1),
           "load_average": round(os.getloadavg()[0], 2), "target": TARGET}
    print(f"{len(sources)} FA-KES dev articles, {facts} facts → {stats['claims']} claims, "
          f"{stats['entities']} graph entities")
    print(f"extract  {ex_wall:7.2f} s wall   {ex_cpu:7.2f} s cpu")
    print(f"ingest   {in_wall:7.2f} s wall   {in_cpu:7.2f} s cpu   "
          f"({out['statements_per_article']} SQL statements an article)")
    print(f"overhead {out['overhead_wall']:.1%} wall, {out['overhead_cpu']:.1%} cpu "
          f"(median article {out['overhead_cpu_median_article']:.1%}; target ≤ {TARGET:.0%})")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0 if out["overhead_cpu"] <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
