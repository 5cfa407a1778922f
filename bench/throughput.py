"""Throughput and memory of the pipeline, as ratios against spaCy alone (not a test).

    .venv/bin/python bench/throughput.py [--docs 60] [--workers 1]

Texts: the bundled article and its fixtures under tests/data, repeated to --docs. The
baseline is `nlp.pipe` on the same texts in the same process, so the ratio holds on a
noisy machine where seconds do not. Memory is the peak resident size (ru_maxrss) after
the baseline and after the pipeline.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from allegiance.extraction.language import load_pipeline
from allegiance.extraction.pipeline import run_many
from allegiance.read.inputs import Source

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=60)
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*.txt"))]
    texts = (texts * (args.docs // len(texts) + 1))[:args.docs]
    chars = sum(map(len, texts))
    nlp = load_pipeline()
    list(run_many([Source(name="warm", text=texts[0], published="2017-01-01")]))  # load KB, gazetteer

    t0 = time.perf_counter()
    list(nlp.pipe(texts, batch_size=8))
    base = time.perf_counter() - t0
    base_rss = rss_mb()

    t0 = time.perf_counter()
    results = list(run_many(Source(name=str(i), text=t, published="2017-01-01") for i, t in enumerate(texts)))
    full = time.perf_counter() - t0
    full_rss = rss_mb()
    facts = sum(len(getattr(r, "facts", [])) for r in results)
    print(f"{len(texts)} documents, {chars / 1000:.0f} k chars, {facts} facts")
    print(f"spaCy alone   {len(texts) / base:7.1f} docs/s  ({chars / base / 1000:.0f} k chars/s)")
    print(f"pipeline      {len(texts) / full:7.1f} docs/s  ({chars / full / 1000:.0f} k chars/s)")
    print(f"time ratio pipeline/spaCy {full / base:.2f}")
    print(f"peak RSS after spaCy {base_rss:.0f} MB, after pipeline {full_rss:.0f} MB "
          f"(ratio {full_rss / base_rss:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
