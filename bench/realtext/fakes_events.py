"""Events placed in the governorate FA-KES names (a measurement, not a test).

    .venv/bin/python bench/realtext/fakes_events.py [--split tune|test|all] [--out PRED.jsonl]
                                                    [--reuse] [--misses N]

Over FA-KES dev (`corpus/fakes/dev.jsonl`, labels in `dev.labels.jsonl`): the share of
articles carrying an event (attack, killing, clash, …) whose place lies in the governorate
the crowdsourced label names (the place's admin1, or its name, equals the label), the share
of articles with no fact at all, and facts per article. The label "damascus" stands for the
city and its countryside (Rif Dimashq), as FA-KES codes suburbs of Damascus; the strict
figure without that is printed too. `--split test` and `all` are for milestones only.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import FAKES, FAKES_LABELS, SPLITS, cached, jsonl, records, split_ids

from allegiance.model import EVENT_PREDICATES

# label (as FA-KES spells it) → the admin1 names of our gazetteer it stands for
ADMIN1 = {
    "aleppo": ("Aleppo",), "damascus": ("Damascus", "Rif Dimashq"), "daraa": ("Daraa",),
    "deir ezzor": ("Deir ez-Zor",), "hama": ("Hama",), "hasakeh": ("Al-Hasakah",),
    "homs": ("Homs",), "idlib": ("Idlib",), "lattakia": ("Latakia",), "quneitra": ("Quneitra",),
    "raqqa": ("Raqqa",), "tartous": ("Tartus",), "sweida": ("As-Suwayda",),
}


def key(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    return " ".join(w for w in s if w not in ("al", "as", "ar", "governorate", "province"))


def placed_in(pred: dict[str, Any], label: str, *, strict: bool = False) -> bool:
    wanted = ADMIN1.get(label, (label,))
    if strict:
        wanted = wanted[:1]
    keys = {key(w) for w in wanted} | {key(label)}
    places = {e["id"]: e for e in pred["entities"] if e["type"] == "PLACE"}
    for f in pred["facts"]:
        if f["predicate"] not in EVENT_PREDICATES or f.get("place") not in places:
            continue
        ent = places[f["place"]]
        names = [ent["name"], *ent.get("aliases", [])]
        if ent.get("admin1") and key(ent["admin1"]) in keys:
            return True
        if not strict and any(key(n) in keys for n in names):
            return True
    return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=SPLITS, default="tune")
    ap.add_argument("--out", type=Path, help="write (or with --reuse read) the extractions here")
    ap.add_argument("--reuse", action="store_true", help="read --out instead of extracting again")
    ap.add_argument("--misses", type=int, default=0, help="list N articles without a placed event "
                    "(tune split only)")
    args = ap.parse_args()
    if not FAKES.exists():
        print(f"no FA-KES corpus at {FAKES}; nothing to measure")
        return 0
    test = split_ids()["fakes_test"]
    recs = records(FAKES, args.split, test)
    labels = {r["id"]: r for r in jsonl(FAKES_LABELS)}
    preds = cached(args.out, recs, args.reuse)
    n = len(preds)
    placed = sum(placed_in(p, labels[p["document"]["id"]]["location"]) for p in preds)
    strict = sum(placed_in(p, labels[p["document"]["id"]]["location"], strict=True) for p in preds)
    no_fact = sum(not p["facts"] for p in preds)
    facts = sum(len(p["facts"]) for p in preds)
    events = sum(f["predicate"] in EVENT_PREDICATES for p in preds for f in p["facts"])
    by_pred = Counter(f["predicate"] for p in preds for f in p["facts"])
    print(f"FA-KES dev, split {args.split}: {n} articles")
    print(f"event placed in the labelled governorate  {placed / n:6.1%}  ({placed}; strict {strict / n:.1%})")
    print(f"articles with no fact                     {no_fact / n:6.1%}  ({no_fact})")
    print(f"facts per article                         {facts / n:6.2f}  (events {events / n:.2f})")
    print("predicates: " + ", ".join(f"{k} {v}" for k, v in by_pred.most_common()))
    if args.misses and args.split == "tune":
        missed = [p for p in preds if not placed_in(p, labels[p["document"]["id"]]["location"])]
        for p in missed[:args.misses]:
            lab = labels[p["document"]["id"]]["location"]
            places = {e["id"]: (e["name"], e.get("admin1")) for e in p["entities"] if e["type"] == "PLACE"}
            ev = [(f["predicate"], places.get(f.get("place") or "")) for f in p["facts"]
                  if f["predicate"] in EVENT_PREDICATES]
            print(f"- {p['document']['id']} [{lab}] {p['document'].get('title')!r}: events {ev}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
