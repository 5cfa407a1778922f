"""Scores on variants of the bundled article with other names, places and dates.

    .venv/bin/python bench/variants.py [--shared ../shared] [--show]

The pipeline must not know the bundled article: each variant swaps its people, local
groups, villages (and, in one, its years) in both the text and the gold, then the
judge's figures are printed side by side. A drop on a variant points at a rule that
leaned on a particular name. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

from allegiance.eval.score import score_article
from allegiance.extraction.pipeline import run
from allegiance.read.inputs import Source

ARTICLE = "corpus/dev/syria-direct-2017-04-11-rahmoun.txt"
GOLD = "gold/dev/syria-direct-2017-04-11-rahmoun.gold.json"

# (old, new) string swaps, applied in order to the text and to every gold string;
# coordinates of swapped places are replaced by the new place's (GeoNames).
VARIANTS: dict[str, dict] = {
    "names": {
        "swaps": [("Rahmoun", "Haddad"), ("Omar", "Khaled"), ("Sami", "Fadi"),
                  ("Soufiah", "Qusour"), ("Abu al-Alameen", "Shuhada al-Asi"),
                  ("Abu a-Alameen", "Shuhada a-Asi"), ("Ali Barad", "Ahmad Sultan"),
                  ("Mohammed al-Haj Ali", "Walid Khoury"), ("Mohammed a-Haj Ali", "Walid Khoury")],
        "coords": {},
    },
    "places": {
        "swaps": [("Halfaya", "Kafr Zita"), ("Halfaiya", "Kafr Zeita"), ("Ḩalfāyā", "Kafr Zayta"),
                  ("Azaz", "Marea"), ("Aazaz", "Mare'"), ("I‘zāz", "Māri‘"), ("A'zaz", "Mare'a"),
                  ("A‘zaz", "Mari'"), ("Izaz", "Mare")],
        "coords": {"halfaya": (35.3736, 36.6011), "azaz": (36.4876, 37.1973)},
    },
    "years": {
        "swaps": [("2011", "2010"), ("2013", "2012"), ("2014", "2013"), ("2015", "2014"),
                  ("2016", "2015"), ("2017", "2016")],
        "coords": {},
    },
}
KEYS = ("entity_precision", "entity_recall", "entity_split", "entity_merged", "geo_acc",
        "fact_precision", "fact_recall", "time_acc", "speaker_acc", "role_acc", "modality_acc",
        "place_acc", "evidence_mismatch", "structure_ok")


def swap(value: object, swaps: list[tuple[str, str]]) -> object:
    if isinstance(value, str):
        for old, new in swaps:
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [swap(v, swaps) for v in value]
    if isinstance(value, dict):
        return {k: swap(v, swaps) if k not in ("key", "id", "subject", "object", "participants", "place",
                                                 "answer_speaker") else v
                for k, v in value.items()}
    return value


def make(text: str, gold: dict, spec: dict) -> tuple[str, dict]:
    swaps = spec["swaps"]
    if any(old.isdigit() for old, _ in swaps):
        # shift years in descending order so one swap does not feed the next
        swaps = sorted(swaps, key=lambda s: s[0])
    new_text = str(swap(text, swaps))
    new_gold = swap(copy.deepcopy(gold), swaps)
    assert isinstance(new_gold, dict)
    for e in new_gold["entities"]:
        if e["key"] in spec["coords"]:
            e["lat"], e["lon"] = spec["coords"][e["key"]]
    return new_text, new_gold


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--show", action="store_true", help="list missed facts per variant")
    args = ap.parse_args()
    shared = Path(args.shared)
    if not (shared / GOLD).exists():
        print(f"no shared corpus at {shared}; nothing to measure")
        return 0
    text = (shared / ARTICLE).read_text(encoding="utf-8")
    gold = json.loads((shared / GOLD).read_text(encoding="utf-8"))
    rows = {}
    for name, spec in [("original", {"swaps": [], "coords": {}}), *VARIANTS.items()]:
        vtext, vgold = make(text, gold, spec)
        out = run(Source(name=name, text=vtext)).to_extraction(with_text=True).to_dict(with_text=True)
        scores = score_article(out, vgold).as_dict()
        rows[name] = scores
        if args.show:
            print(name, "missed facts:", scores["missed_required_facts"],
                  "missed entities:", scores["missed_required_entities"])
    print(f"{'':20}" + "".join(f"{n:>10}" for n in rows))
    for key in KEYS:
        print(f"{key:20}" + "".join(f"{rows[n].get(key) if rows[n].get(key) is not None else '-':>10}"
                                    for n in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
