"""How much of the UCDP actor list for Syria does the knowledge base resolve?

Reads the UCDP Actor Dataset rows under ../shared/data/ucdp/*.csv (CC BY 4.0), looks up
every name and alias of every actor in the KB, and prints:

  - resolved:   UCDP actors for which at least one name finds a KB actor
  - checkable:  resolved actors whose right answer is known, because a KB entry cites
                that UCDP actor id in its `sources` ("UCDP actor 1170")
  - wrong:      resolved to a KB actor other than the one citing the UCDP id, or to one
                that cites a different UCDP id
  - split:      UCDP actors whose names resolve to more than one KB actor (a check that
                does not depend on the KB's own citations)

A measurement, not a test: run `python bench/kb_ucdp.py [folder]`.
"""

from __future__ import annotations

import csv
import re
import sys
import time
from collections import Counter
from pathlib import Path

from allegiance.kb import KnowledgeBase, load_kb

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "ucdp"
NAME_COLUMNS = ("NameData", "NameOrig", "NameOrigFullEng", "NewName", "NewNameFullEng")
_UCDP_SOURCE = re.compile(r"^UCDP actor (\d+)$")
_BRACKET = re.compile(r"^(.*?)\s*\((.+)\)\s*$")


def ucdp_names(row: dict[str, str]) -> list[str]:
    """Every distinct name of a UCDP row; NameOrigFullEng may list several, comma-separated."""
    names: list[str] = []
    for col in NAME_COLUMNS:
        value = (row.get(col) or "").strip()
        if not value or value.lower() == "n/a":
            continue
        parts = [value, *(p.strip() for p in value.split(","))] if "," in value else [value]
        # "Government of Russia (Soviet Union)", "Jaysh al-Jihad (Saraya al- Jihad)":
        # the text outside and inside the brackets are two names.
        for part in list(parts):
            if m := _BRACKET.match(part):
                parts += [m.group(1).strip(), m.group(2).strip()]
        names.extend(p for p in parts if p and p not in names)
    return names


def cited_ucdp_ids(kb: KnowledgeBase) -> dict[str, str]:
    """UCDP actor id → KB id, from the `sources` of KB entries."""
    out: dict[str, str] = {}
    for actor in kb:
        for src in actor.sources:
            if m := _UCDP_SOURCE.match(src):
                out[m.group(1)] = actor.id
    return out


def _rows(files: list[Path]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


def main(folder: Path) -> int:
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if not files:
        print(f"skipped: no UCDP csv files under {folder}")
        return 0
    t0 = time.perf_counter()
    kb = load_kb()
    load_s = time.perf_counter() - t0
    expected = cited_ucdp_ids(kb)
    counts: Counter[str] = Counter()
    lookups = 0
    t1 = time.perf_counter()
    unresolved: list[str] = []
    wrong: list[str] = []
    for row in _rows(files):
        counts["actors"] += 1
        uid = row["ActorId"].strip()
        hits: dict[str, str] = {}
        for name in ucdp_names(row):
            lookups += 1
            for match in kb.lookup(name)[:1]:
                hits.setdefault(match.actor.id, name)
        if not hits:
            unresolved.append(f"{uid} {row['NameData']}")
            continue
        counts["resolved"] += 1
        if len(hits) > 1:
            counts["split"] += 1
            wrong.append(f"{uid} {row['NameData']} split → {hits}")
        right = expected.get(uid)
        cited_elsewhere = {k for k in hits if k in expected.values() and k != right}
        if right is not None:
            counts["checkable"] += 1
            if right not in hits or cited_elsewhere:
                counts["wrong"] += 1
                wrong.append(f"{uid} {row['NameData']} → {sorted(hits)} (want {right})")
        elif cited_elsewhere:
            counts["wrong"] += 1
            wrong.append(f"{uid} {row['NameData']} → {sorted(cited_elsewhere)}")
    look_s = time.perf_counter() - t1
    every = [n for row in _rows(files) for n in ucdp_names(row)]
    t2 = time.perf_counter()
    for _ in range(20):
        for name in every:
            kb.lookup(name)
    warm_us = (time.perf_counter() - t2) / (20 * max(len(every), 1)) * 1e6
    n = counts["actors"]
    print(f"UCDP actors read:           {n} (from {', '.join(p.name for p in files)})")
    print(f"resolved by the KB:         {counts['resolved']} ({counts['resolved'] / n:.0%})")
    print(f"checkable (KB cites UCDP):  {counts['checkable']}")
    print(f"resolved to a wrong actor:  {counts['wrong']}")
    print(f"names split across actors:  {counts['split']}")
    print(f"KB load + index:            {load_s * 1000:.0f} ms for {len(kb)} actors")
    print(f"lookups:                    {lookups} in {look_s * 1000:.1f} ms "
          f"({look_s / max(lookups, 1) * 1e6:.0f} µs each, cold; {warm_us:.1f} µs repeated)")
    if wrong:
        print("\nwrong or split:")
        print("\n".join(f"  {w}" for w in wrong))
    if unresolved:
        print(f"\nunresolved ({len(unresolved)}):")
        print("\n".join(f"  {u}" for u in unresolved))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
