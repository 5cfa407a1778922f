"""Where the time goes: stage shares of the whole extraction, sampled with py-spy (not a test).

    .venv/bin/pip install -e ".[dev]"     # py-spy is in the dev extra
    .venv/bin/python bench/profile_stages.py [--docs 120] [--rate 50] [--keep out.txt]

Runs `run_many` over the first --docs documents of bench/throughput.py's corpus under
`py-spy record --format raw`, then sorts every sample into one stage by the frames on
its stack (the first rule that matches, innermost stages first) and prints the shares
of the samples taken after the warm-up. bench/profile.md keeps the figures.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# (stage, a frame that puts a sample in it); order matters: the first match wins
RULES: list[tuple[str, tuple[str, ...]]] = [
    ("paragraph_breaks", ("paragraph_breaks",)),
    ("facts: masked re-parse (spaCy)", ("extraction/facts/", "spacy/language.py")),
    ("facts: masked re-parse (spaCy)", ("_facts_of_batch", "spacy/")),  # one parse per batch (pipeline.py)
    ("gazetteer look-ups", ("allegiance/geo/",)),
    ("timex", ("extraction/timex.py",)),
    ("facts: rules", ("extraction/facts/",)),
    ("mentions", ("entities/mentions.py",)),
    ("linking", ("entities/linking.py",)),
    ("coref", ("entities/coref.py",)),
    ("main parse (spaCy)", ("spacy/",)),
    ("structure", ("read/structure.py",)),
    ("to_extraction / model", ("allegiance/model.py", "extraction/article.py")),
]


def work(n: int) -> None:
    sys.path.insert(0, str(HERE))
    from throughput import corpus

    from allegiance.read.inputs import record_to_source

    records = corpus(n)
    warm([record_to_source(records[0], name="warm")])
    measured([record_to_source(r, name=f"p:{i}") for i, r in enumerate(records)])


def warm(sources: list[Any]) -> None:
    from allegiance.extraction.pipeline import run_many

    list(run_many(sources))


def measured(sources: list[Any]) -> None:
    from allegiance.extraction.pipeline import run_many

    for _ in run_many(sources):
        pass


def stage_of(stack: str) -> str:
    for stage, needles in RULES:
        if all(n in stack for n in needles):
            return stage
    return "other"


def summarise(raw: Path) -> Counter[str]:
    shares: Counter[str] = Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit() or "measured (" not in stack:
            continue
        shares[stage_of(stack)] += int(count)
    return shares


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=120)
    ap.add_argument("--rate", type=int, default=50, help="Samples a second.")
    ap.add_argument("--keep", default=None, help="Keep the raw py-spy output here.")
    ap.add_argument("--work", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--summarise", default=None, help="Only summarise an existing raw py-spy file.")
    args = ap.parse_args()
    if args.work is not None:
        work(args.work)
        return 0
    if args.summarise:
        raw = Path(args.summarise)
    else:
        raw = Path(args.keep) if args.keep else Path(tempfile.mkdtemp()) / "py-spy.txt"
        spy = Path(sys.executable).with_name("py-spy")
        subprocess.run([str(spy), "record", "--format", "raw", "--rate", str(args.rate), "--output", str(raw),
                        "--", sys.executable, __file__, "--work", str(args.docs)], check=True)
    shares = summarise(raw)
    total = sum(shares.values()) or 1
    for stage, n in shares.most_common():
        print(f"{stage:34} {100 * n / total:5.1f}%")
    print(f"{'(samples)':34} {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
