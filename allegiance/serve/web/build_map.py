"""Build the events map's outlines (`data/region.json`), at development time only.

    npm pack @geo-maps/countries-land-10km@0.6.0 && tar xzf geo-maps-countries-land-10km-0.6.0.tgz
    python -m allegiance.serve.web.build_map package/map.geo.json

Reads the world's land borders (MIT, Simone Primarosa; from Natural Earth), keeps Syria
and its neighbours, clips them to the region's box, projects them with `mapview`'s
equirectangular projection, simplifies them (Douglas–Peucker, under a pixel) and writes
SVG path strings. Governorate seats come from the gazetteer (GeoNames), each with its id.
The output is committed; the server never reads the npm package.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from allegiance.serve.web.mapview import BOX, DATA, project

COUNTRIES = {"SYR": "Syria", "TUR": "Turkey", "IRQ": "Iraq", "JOR": "Jordan", "LBN": "Lebanon", "ISR": "Israel",
             "PSE": "Palestine", "CYP": "Cyprus", "EGY": "Egypt", "SAU": "Saudi Arabia", "IRN": "Iran"}
# (seat, governorate): Rif Dimashq's seat is Damascus, drawn once.
SEATS = (("Aleppo", "Aleppo"), ("Idlib", "Idlib"), ("Hama", "Hama"), ("Homs", "Homs"), ("Latakia", "Latakia"),
         ("Tartus", "Tartus"), ("Damascus", "Damascus"), ("Daraa", "Daraa"), ("As-Suwayda", "As-Suwayda"),
         ("Quneitra", "Quneitra"), ("Raqqa", "Raqqa"), ("Deir ez-Zor", "Deir ez-Zor"),
         ("Al-Hasakah", "Al-Hasakah"))
Ring = list[tuple[float, float]]


def _clip(ring: Ring, x0: float, y0: float, x1: float, y1: float) -> Ring:
    """Sutherland–Hodgman against a box: a filled ring stays closed along the box's edges."""
    def cut(pts: Ring, inside: Any, cross: Any) -> Ring:
        out: Ring = []
        for i, cur in enumerate(pts):
            prev = pts[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
        return out

    def at_x(x: float) -> Any:
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y: float) -> Any:
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    for inside, cross in ((lambda p: p[0] >= x0, at_x(x0)), (lambda p: p[0] <= x1, at_x(x1)),
                          (lambda p: p[1] >= y0, at_y(y0)), (lambda p: p[1] <= y1, at_y(y1))):
        ring = cut(ring, inside, cross) if ring else ring
    return ring


def _simplify(pts: Ring, tol: float) -> Ring:
    if len(pts) < 3:
        return pts
    if pts[0] == pts[-1]:
        # A closed ring has no chord to measure from: split it at its farthest point.
        far = max(range(len(pts)), key=lambda i: (pts[i][0] - pts[0][0]) ** 2 + (pts[i][1] - pts[0][1]) ** 2)
        if 0 < far < len(pts) - 1:
            return _simplify(pts[:far + 1], tol)[:-1] + _simplify(pts[far:], tol)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5 or 1.0
        best, idx = 0.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, idx = d, i
        if best > tol and idx > 0:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def _path(polygons: list[list[Ring]]) -> str:
    lon0, lat0, lon1, lat1 = BOX
    parts = []
    for poly in polygons:
        for ring in poly:
            lonlat = _clip([(x, y) for x, y in ring], lon0 - 0.5, lat0 - 0.5, lon1 + 0.5, lat1 + 0.5)
            pts = _simplify([project(lon, lat) for lon, lat in lonlat], 0.6)
            if len(pts) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def _seats() -> list[dict[str, Any]]:
    from allegiance.geo.places import geocode

    out = []
    for seat, admin1 in SEATS:
        hits = [c for c in geocode(seat, country="SY", limit=5) if c.admin1 == admin1 and c.precision == 1]
        if not hits:
            raise SystemExit(f"the gazetteer has no town {seat!r} in {admin1}")
        c = hits[0]
        out.append({"name": seat, "admin1": admin1, "geonames": c.geonames, "lat": round(c.lat or 0, 4),
                    "lon": round(c.lon or 0, 4)})
    return out


def build(source: Path, out: Path) -> dict[str, Any]:
    world = json.loads(source.read_text(encoding="utf-8"))
    countries = []
    for feat in world["features"]:
        a3 = feat["properties"].get("A3")
        if a3 not in COUNTRIES:
            continue
        geom = feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        d = _path(polys)
        if d:
            countries.append({"a3": a3, "name": COUNTRIES[a3], "d": d})
    countries.sort(key=lambda c: (c["a3"] == "SYR", c["a3"]))  # Syria drawn last, on top
    data = {"source": "@geo-maps/countries-land-10km 0.6.0 (MIT; Natural Earth); seats: the gazetteer (GeoNames)",
            "box": list(BOX), "countries": countries, "seats": _seats()}
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return data


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    result = build(Path(sys.argv[1]), DATA / "region.json")
    print(f"{len(result['countries'])} countries, {len(result['seats'])} seats → {DATA / 'region.json'}")
