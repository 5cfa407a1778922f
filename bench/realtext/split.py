"""Draw the frozen test split of issue 10 once: 40 FA-KES dev articles and 15 re3d dev documents.

    python bench/realtext/split.py      writes bench/realtext/split.json (only if absent)

The draw is random with a fixed seed, so it can be checked, and the file is written once:
the test split is never tuned on. Rules and the trained extractor may be developed only on
the other articles (the "tune" split); the test split is scored at milestones only.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared"
OUT = HERE / "split.json"
SEED = 20261201


def ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["id"] for line in fh if line.strip()]


def main() -> None:
    if OUT.exists():
        sys.exit(f"{OUT} exists: the split is frozen; delete it only to start a new protocol")
    rng = random.Random(SEED)
    fakes = ids(SHARED / "corpus" / "fakes" / "dev.jsonl")
    re3d = ids(SHARED / "corpus" / "re3d" / "dev.jsonl")
    split = {
        "seed": SEED,
        "drawn": "2026-12-01",
        "note": "frozen test split: never read its errors while developing; score at milestones only",
        "fakes_test": sorted(rng.sample(fakes, 40)),
        "re3d_test": sorted(rng.sample(re3d, 15)),
    }
    OUT.write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(split['fakes_test'])} FA-KES, {len(split['re3d_test'])} re3d")


if __name__ == "__main__":
    main()
