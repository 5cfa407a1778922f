"""Shared by the real-text benchmarks: the frozen split, the corpora, one pipeline run.

The test split (`split.json`) is scored at milestones only; everything else is "tune".
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from allegiance.extraction.pipeline import run_many
from allegiance.read.inputs import Failure, record_to_source

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared"
FAKES = SHARED / "corpus" / "fakes" / "dev.jsonl"
FAKES_LABELS = SHARED / "corpus" / "fakes" / "dev.labels.jsonl"
RE3D = SHARED / "corpus" / "re3d" / "dev.jsonl"
RE3D_GOLD = SHARED / "corpus" / "re3d" / "dev.gold.jsonl"
SPLITS = ("tune", "test", "all")


def split_ids() -> dict[str, set[str]]:
    data = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
    return {"fakes_test": set(data["fakes_test"]), "re3d_test": set(data["re3d_test"])}


def jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def in_split(doc_id: str, split: str, test: set[str]) -> bool:
    if split == "all":
        return True
    return (doc_id in test) == (split == "test")


def records(path: Path, split: str, test: set[str]) -> list[dict[str, Any]]:
    return [r for r in jsonl(path) if in_split(r["id"], split, test)]


def extract(recs: list[dict[str, Any]], *, progress: bool = True) -> Iterator[dict[str, Any]]:
    """One extraction (a dict, with the document text) per record, in order."""
    sources = (record_to_source(r, name=r["id"]) for r in recs)
    for n, item in enumerate(run_many(sources), start=1):
        if isinstance(item, Failure):
            print(f"failed: {item.name}: {item.error}", file=sys.stderr)
            continue
        if progress and n % 50 == 0:
            print(f"  {n}/{len(recs)}", file=sys.stderr)
        yield item.to_extraction(with_text=True).to_dict(with_text=True)


def cached(out: Path | None, recs: list[dict[str, Any]], reuse: bool) -> list[dict[str, Any]]:
    """Extractions of `recs`, read from `out` when `reuse` and it exists, else computed
    (and written to `out` when given)."""
    if out is not None and reuse and out.exists():
        return jsonl(out)
    preds = list(extract(recs))
    if out is not None:
        with out.open("w", encoding="utf-8") as fh:
            for p in preds:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    return preds
