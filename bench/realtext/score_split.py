"""Fact precision / recall and entity F1 over the annotated gold of a split (a measurement).

    .venv/bin/python bench/realtext/score_split.py [--split tune|val|test] [--out PRED.jsonl]
                                                   [--reuse] [--per-article] [--json]

Reads every `gold/<split>/*.gold.json` present, runs the pipeline on those FA-KES articles
(or reads `--out` with `--reuse`), scores each with `allegiance.eval.score_article` and
prints micro-averaged fact precision and recall (over all predicted facts and all required
gold facts), entity precision / recall / F1, and the macro means. The test split is scored
at milestones only, and its per-article figures are never printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import FAKES, HERE, cached, jsonl

from allegiance.eval import score_article


def gold_files(split: str) -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted((HERE / "gold" / split).glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        out[gold["document"]["id"]] = gold
    return out


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score(preds: list[dict[str, Any]], golds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    totals = {"pred_facts": 0, "matched_facts": 0.0, "required": 0, "found": 0.0,
              "pred_entities": 0, "gold_entities": 0, "ep": 0.0, "er": 0.0}
    rows = []
    for p in preds:
        gold = golds[p["document"]["id"]]
        s = score_article(p, gold, text=p["document"]["text"])
        required = [f for f in gold["facts"] if f["required"]]
        req_ents = [e for e in gold["entities"] if e.get("required")]
        totals["pred_facts"] += s.predicted_facts
        totals["matched_facts"] += s.fact_precision * s.predicted_facts
        totals["required"] += len(required)
        totals["found"] += s.fact_recall * len(required)
        totals["pred_entities"] += s.predicted_entities
        totals["ep"] += s.entity_precision * s.predicted_entities
        totals["gold_entities"] += len(req_ents)
        totals["er"] += s.entity_recall * len(req_ents)
        rows.append((p["document"]["id"], s))
    fp = totals["matched_facts"] / max(totals["pred_facts"], 1)
    fr = totals["found"] / max(totals["required"], 1)
    ep = totals["ep"] / max(totals["pred_entities"], 1)
    er = totals["er"] / max(totals["gold_entities"], 1)
    n = max(len(rows), 1)
    return {
        "articles": len(rows), "predicted_facts": totals["pred_facts"],
        "required_facts": totals["required"],
        "fact_precision": round(fp, 3), "fact_recall": round(fr, 3), "fact_f1": round(_f1(fp, fr), 3),
        "entity_precision": round(ep, 3), "entity_recall": round(er, 3),
        "entity_f1": round(_f1(ep, er), 3),
        "macro_fact_precision": round(sum(s.fact_precision for _, s in rows) / n, 3),
        "macro_fact_recall": round(sum(s.fact_recall for _, s in rows) / n, 3),
        "macro_entity_f1": round(sum(s.entity_f1 for _, s in rows) / n, 3),
        "rows": rows,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("tune", "val", "test"), default="tune")
    ap.add_argument("--out", type=Path, help="write (or with --reuse read) the extractions here")
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--per-article", action="store_true", help="one line per article (tune only)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    golds = gold_files(args.split)
    if not golds or not FAKES.exists():
        print(f"no gold under gold/{args.split} (or no FA-KES corpus); nothing to score")
        return 0
    recs = [r for r in jsonl(FAKES) if r["id"] in golds]
    preds = cached(args.out, recs, args.reuse)
    preds = [p for p in preds if p["document"]["id"] in golds]
    res = score(preds, golds)
    rows = res.pop("rows")
    if args.json:
        print(json.dumps(res, indent=1))
    else:
        print(f"split {args.split}: {res['articles']} annotated articles, "
              f"{res['predicted_facts']} predicted facts, {res['required_facts']} required gold facts")
        print(f"fact   P {res['fact_precision']:.3f}  R {res['fact_recall']:.3f}  F1 {res['fact_f1']:.3f}"
              f"   (macro P {res['macro_fact_precision']:.3f} R {res['macro_fact_recall']:.3f})")
        print(f"entity P {res['entity_precision']:.3f}  R {res['entity_recall']:.3f}  F1 {res['entity_f1']:.3f}"
              f"   (macro F1 {res['macro_entity_f1']:.3f})")
    if args.per_article and args.split == "tune":
        for doc_id, s in rows:
            print(f"{doc_id}  facts P {s.fact_precision:.2f} R {s.fact_recall:.2f} ({s.predicted_facts})  "
                  f"entities F1 {s.entity_f1:.2f}  missed {s.missed_required_facts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
