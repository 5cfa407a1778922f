"""Check gold files of real reports: exact evidence and names, known keys and predicates.

    python bench/realtext/check_gold.py [GOLD.json …]   (default: every file under gold/)

Exit 1 with one line per problem.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared"
PREDICATES = {"member_of", "founded", "leader_of", "relative_of", "from_place", "located_in", "part_of",
              "allied_with", "renamed_to", "works_for", "attack", "clash", "detention", "killing", "agreement",
              "evacuation", "protest", "flight", "defection", "dissolution", "ban"}


def texts() -> dict[str, str]:
    out = {}
    for name in ("fakes", "re3d"):
        path = SHARED / "corpus" / name / "dev.jsonl"
        if path.exists():
            for line in path.open(encoding="utf-8"):
                rec = json.loads(line)
                out[rec["id"]] = rec["text"]
    return out


def check(path: Path, corpus: dict[str, str]) -> list[str]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    doc_id = gold["document"]["id"]
    text = corpus.get(doc_id)
    if text is None:
        return [f"{path}: unknown document id {doc_id}"]
    bad: list[str] = []
    keys = set()
    for ent in gold["entities"]:
        keys.add(ent["key"])
        if ent["type"] not in ("PERSON", "ORG", "PLACE"):
            bad.append(f"{path}: entity {ent['key']} has type {ent['type']}")
        if not any(n in text for n in ent["names"]):
            bad.append(f"{path}: no name of entity {ent['key']} occurs in the text")
    for fact in gold["facts"]:
        fid = fact.get("id")
        for p in fact["predicate"]:
            if p not in PREDICATES:
                bad.append(f"{path}: fact {fid}: unknown predicate {p}")
        for ev in fact["evidence"]:
            if ev not in text:
                bad.append(f"{path}: fact {fid}: evidence is not in the text: {ev!r}")
        refs = [fact.get("subject"), fact.get("object"), *fact.get("participants", []), *fact.get("place", [])]
        for ref in refs:
            if ref is not None and ref not in keys:
                bad.append(f"{path}: fact {fid}: unknown entity key {ref}")
        if "subject" in fact and "object" not in fact:
            bad.append(f"{path}: fact {fid}: subject without object")
    return bad


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(HERE.glob("gold/*/*.gold.json"))
    corpus = texts()
    problems = [p for path in paths for p in check(path, corpus)]
    for p in problems:
        print(p)
    print(f"{len(paths)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
