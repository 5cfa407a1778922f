"""The events page's work over `query.events`: filters from the URL, sorting and paging,
the map's clusters, and the ACLED CSV of the filtered rows.

`query.events` answers in time order, a page at a time. Newest-first is the same order
read backwards (pages counted from the end), so it pages over any number of events.
Sorting by type, place or actor needs every row: offered while the filter leaves at most
one query page (`query.MAX_PAGE`); beyond that the table keeps time order and says so.
The map counts events by place over every filtered event, a query page at a time,
remembered until the graph changes.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from allegiance.errors import BadRequestError
from allegiance.graph import query
from allegiance.graph.resolve import EVENTS
from allegiance.graph.store import Store
from allegiance.serve.web import mapview

PAGE = 50
SORTS = {"date": "date (oldest first)", "-date": "date (newest first)", "type": "type", "place": "place",
         "actor": "actor"}
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True, slots=True)
class Filters:
    actor: str | None = None
    type: str | None = None
    place: str | None = None
    start: str | None = None
    end: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def kwargs(self) -> dict[str, Any]:
        return {"actor": self.actor, "type": self.type, "place": self.place, "start": self.start, "end": self.end,
                "bbox": self.bbox}

    def params(self) -> dict[str, str]:
        """The filter as URL parameters (the API's names), empty ones left out."""
        out = {"actor": self.actor, "type": self.type, "place": self.place, "from": self.start, "to": self.end,
               "bbox": ",".join(f"{v:g}" for v in self.bbox) if self.bbox else None}
        return {k: v for k, v in out.items() if v}


def iso_date(value: str | None, name: str) -> str | None:
    """A partial ISO date that exists (2014, 2014-08, 2014-08-12), else a `BadRequestError`."""
    if not value:
        return None
    ok = bool(_DATE.fullmatch(value))
    if ok:
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            date(parts[0], parts[1], parts[2])
        except ValueError:
            ok = False
    if not ok:
        raise BadRequestError(f"{name} must be a date: YYYY, YYYY-MM or YYYY-MM-DD", input=value[:40])
    return value


def filters(params: dict[str, str]) -> Filters:
    """Filters from URL parameters; a bad one is a `BadRequestError` naming it."""
    def text(name: str) -> str | None:
        value = (params.get(name) or "").strip()
        if len(value) > 300:
            raise BadRequestError(f"{name} is too long", input=value[:40])
        return value or None

    type_ = text("type")
    if type_ and type_ not in EVENTS:
        raise BadRequestError(f"type must be one of {', '.join(sorted(EVENTS))}", input=type_)
    dates = {}
    for name in ("from", "to"):
        dates[name] = iso_date(text(name), name)
    box = None
    if text("bbox"):
        try:
            x0, y0, x1, y1 = (float(v) for v in str(params["bbox"]).split(","))
        except ValueError:
            raise BadRequestError("bbox must be min_lon,min_lat,max_lon,max_lat", input=params["bbox"][:80]) from None
        if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
            raise BadRequestError("bbox must be min_lon,min_lat,max_lon,max_lat", input=params["bbox"][:80])
        box = (x0, y0, x1, y1)
    return Filters(actor=text("actor"), type=type_, place=text("place"), start=dates["from"], end=dates["to"],
                   bbox=box)


def _place_key(c: dict[str, Any]) -> str:
    return ((c.get("place") or {}).get("name") or "\uffff").casefold()


def _actor_key(c: dict[str, Any]) -> str:
    for role in ("agent", "signatory", "patient"):
        arg = c["args"].get(role)
        if arg and arg.get("name"):
            return str(arg["name"]).casefold()
    return "\uffff"


_KEYS = {"type": lambda c: c["predicate"], "place": _place_key, "actor": _actor_key}


def table(store: Store, f: Filters, *, sort: str = "date", page: int = 1, size: int = PAGE) -> dict[str, Any]:
    """One page of the filtered events in the asked order, with the total and the pager."""
    if sort not in SORTS:
        sort = "date"
    head = query.events(store, **f.kwargs(), limit=1, offset=0)
    total = int(head["total"])
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    note = None
    if sort in _KEYS and total > query.MAX_PAGE:
        note = (f"Sorting by {sort} needs at most {query.MAX_PAGE} events; {total} match, so they are in time "
                "order. Narrow the filter to sort them.")
        sort = "date"
    if sort == "date":
        rows = query.events(store, **f.kwargs(), limit=size, offset=(page - 1) * size)["events"] if total else []
    elif sort == "-date":
        hi = total - (page - 1) * size
        lo = max(0, hi - size)
        rows = query.events(store, **f.kwargs(), limit=hi - lo, offset=lo)["events"][::-1] if hi > 0 else []
    else:
        every = query.events(store, **f.kwargs(), limit=query.MAX_PAGE, offset=0)["events"]
        every.sort(key=lambda c: (_KEYS[sort](c), c.get("sort_date") or "9999", c["id"]))
        rows = every[(page - 1) * size:page * size]
    return {"total": total, "page": page, "pages": pages, "size": size, "sort": sort, "rows": rows, "note": note}


def _all_events(store: Store, f: Filters) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        batch = query.events(store, **f.kwargs(), limit=query.MAX_PAGE, offset=offset)
        yield from batch["events"]
        offset += len(batch["events"])
        if not batch["events"] or offset >= batch["total"]:
            return


_cache: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
_cache_lock = threading.Lock()


def _version(store: Store) -> tuple[Any, ...]:
    """Changes whenever an ingest, merge, split or resolution run changes the graph."""
    s = store.stats()
    return (id(store), s["documents"], s["claims"], s["sources"], s["merges"], s["entities"])


def map_clusters(store: Store, f: Filters) -> dict[str, Any]:
    """Markers for every filtered event with a place: counted by place, then clustered."""
    key = (_version(store), f)
    with _cache_lock:
        hit = _cache.get(key)
    if hit is None:
        places: dict[int, dict[str, Any]] = {}
        for c in _all_events(store, f):
            p = c.get("place")
            if not p or p.get("id") is None:
                continue
            cur = places.setdefault(p["id"], {"name": p["name"], "lat": p["lat"], "lon": p["lon"], "count": 0})
            cur["count"] += 1
        hit = _with_links(mapview.clusters(places), places, f)
        with _cache_lock:
            if len(_cache) > 64:
                _cache.clear()
            _cache[key] = hit
    return {"width": mapview.WIDTH, "height": mapview.HEIGHT, "clusters": hit,
            "events": sum(c["count"] for c in hit)}


def _with_links(clusters: list[dict[str, Any]], places: dict[int, dict[str, Any]], f: Filters) -> list[Any]:
    """Each marker filters the table: to its place, or to the box around its places."""
    for c in clusters:
        base = {k: v for k, v in f.params().items() if k not in ("place", "bbox")}
        if len(c["places"]) == 1:
            base["place"] = str(c["places"][0]["id"])
        else:
            lats = [places[p["id"]]["lat"] for p in c["places"]]
            lons = [places[p["id"]]["lon"] for p in c["places"]]
            box = (min(lons) - 0.01, min(lats) - 0.01, max(lons) + 0.01, max(lats) + 0.01)
            base["bbox"] = ",".join(f"{v:.3f}" for v in box)
        c["params"] = base
        names = ", ".join(f"{p['name']} ({p['count']})" for p in c["places"][:4])
        more = len(c["places"]) - 4
        c["label"] = f"{c['count']} events: {names}" + (f" and {more} more places" if more > 0 else "")
    return clusters


def acled_csv(store: Store, f: Filters) -> Iterator[bytes]:
    """The ACLED CSV (`allegiance.graph.export`) of the filtered events only.

    The export writes the whole graph's events; its rows are keyed `claim/ID`, so the
    rows of the filtered claims are kept as they stream from a spooled copy.
    """
    from allegiance.graph.export import export_acled

    wanted = {f"claim/{c['id']}" for c in _all_events(store, f)}
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
        export_acled(store, spool)  # type: ignore[arg-type]
        spool.seek(0)
        reader = csv.reader(io.TextIOWrapper(spool, encoding="utf-8", newline=""))
        out = io.StringIO()
        writer = csv.writer(out)
        for n, row in enumerate(reader):
            if n == 0 or (row and row[0] in wanted):
                writer.writerow(row)
            if out.tell() > 64 * 1024:
                yield out.getvalue().encode("utf-8")
                out.seek(0)
                out.truncate()
        yield out.getvalue().encode("utf-8")
