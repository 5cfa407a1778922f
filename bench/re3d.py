"""Relations and mentions on re3d dev, scored by the shared judge (a measurement, not a test).

    .venv/bin/python bench/re3d.py [OUT.jsonl] [--shared ../shared] [--split tune|test|all]

Runs the pipeline over `corpus/re3d/dev.jsonl`, writes one extraction per line to OUT (a
temporary file when none is given) and prints what `eval/score_re3d.py` says about it.
`--split` keeps the documents of the frozen test split of bench/realtext/split.json out
(`tune`, the default, for development), or scores only them / all 67 (`test`, `all`: at
milestones only). Without the shared corpus it says so and exits cleanly.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from allegiance.extraction.pipeline import run_many
from allegiance.read.inputs import Failure, record_to_source

CORPUS = "corpus/re3d/dev.jsonl"
GOLD = "corpus/re3d/dev.gold.jsonl"
JUDGE = "eval/score_re3d.py"
SPLIT = Path(__file__).resolve().parent / "realtext" / "split.json"


def _keep(doc_id: str, split: str, test: set[str]) -> bool:
    return split == "all" or (doc_id in test) == (split == "test")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", help="where to write the extractions (JSONL)")
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--json", action="store_true", help="the judge's figures as JSON")
    parser.add_argument("--split", choices=("tune", "test", "all"), default="tune")
    args = parser.parse_args()
    shared = Path(args.shared)
    if not all((shared / p).exists() for p in (CORPUS, GOLD, JUDGE)):
        print(f"no re3d corpus or judge under {shared}; nothing to measure")
        return 0
    if args.out:
        out = Path(args.out)
    else:
        fd, name = tempfile.mkstemp(prefix="re3d-", suffix=".jsonl")
        os.close(fd)
        out = Path(name)
    test = set(json.loads(SPLIT.read_text(encoding="utf-8"))["re3d_test"]) if SPLIT.exists() else set()
    lines = (shared / CORPUS).read_text(encoding="utf-8").splitlines()
    recs = [r for r in map(json.loads, filter(str.strip, lines)) if _keep(r["id"], args.split, test)]
    gold_lines = [g for g in (shared / GOLD).read_text(encoding="utf-8").splitlines()
                  if g.strip() and _keep(json.loads(g)["id"], args.split, test)]
    fd, gold_name = tempfile.mkstemp(prefix="re3d-gold-", suffix=".jsonl")
    os.close(fd)
    Path(gold_name).write_text("\n".join(gold_lines) + "\n", encoding="utf-8")
    failures = 0
    with out.open("w", encoding="utf-8") as f:
        for item in run_many(record_to_source(r, name=r["id"]) for r in recs):
            if isinstance(item, Failure):
                failures += 1
                print(f"failed: {item.name}: {item.error}", file=sys.stderr)
                continue
            f.write(item.to_extraction().to_json(indent=None) + "\n")
    print(f"extractions: {out}, split {args.split}: {len(recs)} documents"
          + (f" ({failures} failed)" if failures else ""))
    judge = [shutil.which("python3") or sys.executable, str(shared / JUDGE), str(out), gold_name]
    if args.json:
        judge.append("--json")
    try:
        return subprocess.run(judge, check=False).returncode
    finally:
        os.unlink(gold_name)


if __name__ == "__main__":
    sys.exit(main())
