"""The events map: a small equirectangular projection of Syria and its neighbours, the
outlines the package ships (`data/region.json`, made by `build_map`), and markers
clustered by place and then by distance on the drawn map.

An equirectangular projection scaled by the cosine of the middle latitude is within a few
per cent of true shape over a region this size, and a few lines of code: no map library.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
BOX = (33.8, 31.2, 43.2, 38.2)  # min lon, min lat, max lon, max lat
WIDTH = 1000.0
_K = math.cos(math.radians((BOX[1] + BOX[3]) / 2))
_SCALE = WIDTH / ((BOX[2] - BOX[0]) * _K)
HEIGHT = round((BOX[3] - BOX[1]) * _SCALE, 1)
CLUSTER_PX = 34.0  # markers closer than this on the 1000-wide map are one cluster


def project(lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) in degrees → (x, y) on the WIDTH × HEIGHT map."""
    return (lon - BOX[0]) * _K * _SCALE, (BOX[3] - lat) * _SCALE


def inside(lon: float | None, lat: float | None) -> bool:
    return lon is not None and lat is not None and BOX[0] <= lon <= BOX[2] and BOX[1] <= lat <= BOX[3]


@lru_cache(maxsize=1)
def region() -> dict[str, Any]:
    """Country outlines (SVG paths) and governorate seats, with the seats projected."""
    data: dict[str, Any] = json.loads((DATA / "region.json").read_text(encoding="utf-8"))
    for seat in data["seats"]:
        seat["x"], seat["y"] = (round(v, 1) for v in project(seat["lon"], seat["lat"]))
    for country in data["countries"]:
        country["label"] = _LABELS.get(country["a3"])
    return data


# Where a country's name is written: inside the box, clear of Syria's seats.
_LABELS = {"TUR": (360.0, 60.0), "IRQ": (880.0, 640.0), "JOR": (260.0, 850.0), "LBN": (95.0, 420.0),
           "SYR": (560.0, 470.0), "CYP": (40.0, 250.0), "ISR": (30.0, 700.0), "SAU": (620.0, 880.0)}


def clusters(places: dict[int, dict[str, Any]], *, radius: float = CLUSTER_PX) -> list[dict[str, Any]]:
    """Group places (id → {name, lat, lon, count}) into markers: greedy, biggest first.

    Each marker: x, y (count-weighted centre), count, and its places (biggest first). Places
    outside the map's box are left out (the table still lists their events).
    """
    pts = []
    for pid, p in places.items():
        if inside(p.get("lon"), p.get("lat")):
            x, y = project(p["lon"], p["lat"])
            pts.append({"id": pid, "name": p["name"], "count": p["count"], "x": x, "y": y})
    pts.sort(key=lambda p: (-p["count"], p["name"]))
    out: list[dict[str, Any]] = []
    r2 = radius * radius
    for p in pts:
        for c in out:
            if (c["x0"] - p["x"]) ** 2 + (c["y0"] - p["y"]) ** 2 <= r2:
                c["places"].append(p)
                c["count"] += p["count"]
                break
        else:
            out.append({"x0": p["x"], "y0": p["y"], "count": p["count"], "places": [p]})
    for c in out:
        total = c["count"] or 1
        c["x"] = round(sum(p["x"] * p["count"] for p in c["places"]) / total, 1)
        c["y"] = round(sum(p["y"] * p["count"] for p in c["places"]) / total, 1)
        c["r"] = round(min(24.0, 6.0 + 2.5 * math.sqrt(c["count"])), 1)
        c["places"] = [{"id": p["id"], "name": p["name"], "count": p["count"]} for p in c["places"]]
        del c["x0"], c["y0"]
    out.sort(key=lambda c: -c["count"])  # big ones drawn first, small ones on top
    return out
