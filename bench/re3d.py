"""Relations and mentions on re3d dev, scored by the shared judge (a measurement, not a test).

    .venv/bin/python bench/re3d.py [OUT.jsonl] [--shared ../shared]

Runs the pipeline over `corpus/re3d/dev.jsonl`, writes one extraction per line to OUT (a
temporary file when none is given) and prints what `eval/score_re3d.py` says about it.
Without the shared corpus it says so and exits cleanly.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from allegiance.extraction.pipeline import run_many
from allegiance.read.inputs import Failure, read_path

CORPUS = "corpus/re3d/dev.jsonl"
GOLD = "corpus/re3d/dev.gold.jsonl"
JUDGE = "eval/score_re3d.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", help="where to write the extractions (JSONL)")
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--json", action="store_true", help="the judge's figures as JSON")
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
    failures = 0
    with out.open("w", encoding="utf-8") as f:
        for item in run_many(read_path(shared / CORPUS)):
            if isinstance(item, Failure):
                failures += 1
                print(f"failed: {item.name}: {item.error}", file=sys.stderr)
                continue
            f.write(item.to_extraction().to_json(indent=None) + "\n")
    print(f"extractions: {out}" + (f" ({failures} failed)" if failures else ""))
    judge = [shutil.which("python3") or sys.executable, str(shared / JUDGE), str(out),
             str(shared / GOLD)]
    if args.json:
        judge.append("--json")
    return subprocess.run(judge, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
