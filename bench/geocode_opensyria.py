"""Geocode every English name and alias of OpenSyria's admin units; share within 25 km.

    python bench/geocode_opensyria.py [--data ../shared/data/opensyria] [--km 25] [--misses]

OpenSyria (CC BY 4.0, Open-Syria/data-geography) is used here only as a yardstick:
its centroids are the reference points, nothing from it is read by the package. Each
name is geocoded as a reporter would write it, with `geocode(name, country="SY")`, and
scored on the top candidate ("top-1"); "top-5" counts a name when any of the first five
candidates is near the centroid, which shows ambiguity that ranking did not settle.
"as unit" asks for the admin unit itself, as reporting does with a kind word ("Hama
province", "Azaz district") when the name has none: a bare "Hama" is the city, whose
centre is not the governorate's centroid.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from allegiance.geo.gazetteer import haversine_km
from allegiance.geo.places import geocode

LEVELS = ("governorates", "districts", "subdistricts")
UNIT_WORD = {"governorates": "governorate", "districts": "district", "subdistricts": "subdistrict"}
KIND_WORDS = ("governorate", "province", "district", "subdistrict", "nahiyat", "muhafazat")
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "opensyria"


def english_names(unit: dict) -> list[str]:
    out = [unit["name"]["en"]]
    out += [a["value"] for a in unit.get("aliases", []) if a.get("language") == "en"]
    return list(dict.fromkeys(n for n in out if n))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--km", type=float, default=25.0)
    ap.add_argument("--misses", action="store_true", help="list the names that missed")
    args = ap.parse_args()
    if not (args.data / "governorates.json").exists():
        print(f"skipped: no OpenSyria data at {args.data}")
        return 0
    geocode("Xqzzvrt")  # build or open the index and the fuzzy index outside the timing
    report = {}
    for level in LEVELS:
        units = json.loads((args.data / f"{level}.json").read_text(encoding="utf-8"))
        n = top1 = top5 = unresolved = unit1 = 0
        # unvowelled machine romanisations ("nahyt mrkz alhskt") are no reporter's spelling;
        # they are counted in the totals and also left out in a second figure
        machine = machine_hit = 0
        misses: list[tuple[str, str | None, int | None]] = []
        unit_misses: list[tuple[str, str | None, int | None]] = []
        started = time.perf_counter()
        for unit in units:
            c = unit["centroid"]
            for name in english_names(unit):
                n += 1
                cands = geocode(name, country="SY")
                dists = [haversine_km(x.lat, x.lon, c["latitude"], c["longitude"])
                         for x in cands if x.lat is not None and x.lon is not None]
                if not cands:
                    unresolved += 1
                is_machine = name.lower().startswith("nahyt ")
                machine += is_machine
                if dists and cands[0].lat is not None and dists[0] <= args.km:
                    top1 += 1
                    machine_hit += is_machine
                else:
                    misses.append((name, cands[0].name if cands else None,
                                   round(dists[0]) if dists else None))
                top5 += any(d <= args.km for d in dists)
                as_unit = name if any(w in name.lower() for w in KIND_WORDS) else \
                    f"{name} {UNIT_WORD[level]}"
                u = geocode(as_unit, country="SY", limit=1)
                ukm = (haversine_km(u[0].lat, u[0].lon, c["latitude"], c["longitude"])
                       if u and u[0].lat is not None and u[0].lon is not None else None)
                if ukm is not None and ukm <= args.km:
                    unit1 += 1
                else:
                    unit_misses.append((as_unit, u[0].name if u else None,
                                        round(ukm) if ukm is not None else None))
        ms = (time.perf_counter() - started) * 1000 / max(n, 1)
        report[level] = {"names": n, "top1": round(top1 / n, 3), "top5": round(top5 / n, 3),
                         "as_unit_top1": round(unit1 / n, 3),
                         "top1_reporter_spellings": round((top1 - machine_hit) / max(n - machine, 1), 3),
                         "unresolved": unresolved, "ms_per_name": round(ms, 3)}
        print(f"{level:13s} names={n:4d}  within {args.km:g} km: top-1 {top1 / n:6.1%}  "
              f"top-5 {top5 / n:6.1%}  as unit {unit1 / n:6.1%}  unresolved {unresolved:3d}  "
              f"{ms:.2f} ms/name (both queries)")
        if machine:
            print(f"{'':13s} without {machine} unvowelled romanisations: top-1 "
                  f"{(top1 - machine_hit) / max(n - machine, 1):6.1%}")
        if args.misses:
            for name, got, km in misses:
                print(f"    miss: {name!r} -> {got!r} ({km} km)")
            for name, got, km in unit_misses:
                print(f"    unit miss: {name!r} -> {got!r} ({km} km)")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
