"""Extraction quality on the shared corpora and the own annotated articles (not a test).

    .venv/bin/python bench/eval.py [--shared ../shared]

Prints the judges' figures for the bundled article, for the project's own annotated
articles under tests/data/articles, and for re3d dev. Speed and memory are measured by
bench/throughput.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from allegiance.eval import format_table, score_article, score_corpus
from allegiance.extraction.pipeline import run, run_many
from allegiance.read.inputs import Failure, read_path

ARTICLE = "corpus/dev/syria-direct-2017-04-11-rahmoun.txt"
GOLD = "gold/dev/syria-direct-2017-04-11-rahmoun.gold.json"
RE3D = "corpus/re3d/dev.jsonl"
# the project's own annotated articles (fictional people, real groups and places)
OWN = Path(__file__).resolve().parents[1] / "tests" / "data" / "articles"
RE3D_GOLD = "corpus/re3d/dev.gold.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    shared = Path(parser.parse_args().shared)
    if not (shared / GOLD).exists():
        print(f"no shared corpus at {shared}; nothing to measure")
        return 0

    articles = [(shared / ARTICLE, shared / GOLD)]
    articles += [(g.with_name(g.name.replace(".gold.json", ".txt")), g) for g in sorted(OWN.glob("*.gold.json"))]
    for text_path, gold_path in articles:
        article = next(iter(read_path(text_path)))
        assert not isinstance(article, Failure)
        extraction = run(article).to_extraction(with_text=True).to_dict(with_text=True)
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        print(f"== {text_path.name}")
        scores = score_article(extraction, gold).as_dict()
        print(format_table({k: v for k, v in scores.items() if k != "structure_checks"}))
        print()

    print("\n== re3d dev")
    sources = [s for s in read_path(shared / RE3D) if not isinstance(s, Failure)]
    preds = [a.to_extraction().to_dict() for a in run_many(sources) if not isinstance(a, Failure)]
    golds = [json.loads(line) for line in (shared / RE3D_GOLD).read_text(encoding="utf-8").splitlines() if line]
    print(format_table(score_corpus(preds, golds).as_dict()))

    return 0


if __name__ == "__main__":
    sys.exit(main())
