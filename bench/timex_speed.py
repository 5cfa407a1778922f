"""How fast allegiance.extraction.timex reads a news article.

    .venv/bin/python bench/timex_speed.py [ARTICLE.txt] [--published 2017-04-11] [--runs 200]

Reports expressions/second and KB/second three ways: the first call in a fresh process
(dateparser loads its English data), warm calls on the same text (dateparser results
cached), and warm calls with the cache cleared each time (new articles, same process).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from allegiance.extraction import timex

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / (
    "syria-direct-2017-04-11-rahmoun.txt")


def _run(text: str, published: str, runs: int, *, clear: bool) -> tuple[float, int]:
    # Best of five batches, as timeit does: the machine is shared, and the minimum is the
    # figure least disturbed by other processes.
    found, best = 0, float("inf")
    for _ in range(5 if runs > 1 else 1):
        t0 = time.perf_counter()
        for _ in range(max(1, runs // 5)):
            if clear:
                timex._absolute.cache_clear()
            found = len(timex.find_timexes(text, published=published))
        best = min(best, (time.perf_counter() - t0) / max(1, runs // 5))
    return best, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("article", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--published", default="2017-04-11")
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--kb", type=float, default=5.0, help="cut the article to this many KB")
    args = ap.parse_args()
    text = args.article.read_text(encoding="utf-8")[: int(args.kb * 1000)]
    kb = len(text.encode("utf-8")) / 1000

    first, n = _run(text, args.published, 1, clear=False)
    print(f"{kb:.1f} KB, {n} expressions")
    for label, (secs, count) in [
        ("first call", (first, n)),
        ("warm, cached", _run(text, args.published, args.runs, clear=False)),
        ("warm, cache cleared", _run(text, args.published, args.runs, clear=True)),
    ]:
        print(f"{label:>20}: {secs * 1000:8.2f} ms/article  {count / secs:10.0f} expressions/s"
              f"  {kb / secs:8.0f} KB/s")


if __name__ == "__main__":
    main()
