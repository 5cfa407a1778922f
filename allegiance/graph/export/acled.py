"""ACLED-style CSV of the graph's events.

One row per event claim that ACLED codes (`allegiance.kb.acled`: predicate and
evidence text → event_type, sub_event_type; a person's flight is none) and that
someone asserts: not negated, not denied by every source. `time_precision` follows the ACLED codebook: 1 a day, 2 a week
or a few days (we never produce it), 3 a month or coarser; a partial date is
coded at the middle of its period and kept as stated in `date_stated`. An
undated event takes its `as_of`, else the first source's publication date
(`date_basis` says which). actor1/actor2 are agent/patient (a patient alone, as
for a dissolution, is actor1), assoc_actor_1 a signatory or the side joined,
assoc_actor_2 any further party; geo_precision is the place's (1 town, 2 near a
town or a small region, 3 governorate or larger); admin2 stays empty (the store
keeps no district). `notes` holds every quote with its voice and document.
Text cells that a spreadsheet would run (= + - @, tab, CR) are neutralised.
"""

from __future__ import annotations

import csv
import io
from typing import Any, BinaryIO

from allegiance.graph.export.rows import Counts, acled_kind, asserted, claim_batches
from allegiance.graph.resolve import EVENTS
from allegiance.graph.store import Store

_PLACE_ROLES = frozenset({"destination"})
_SOLE_PARTY = frozenset({"dissolution", "evacuation"})  # the patient is the one actor


def csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ (or tab, CR): neutralise them."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities",
    # ours, after ACLED's
    "predicate", "date_stated", "date_basis", "contested", "n_sources", "injured", "source_urls",
)
# ACLED codebook: 1 the day is known, 2 a week or a few days, 3 a month (or coarser).
_PRECISION = {10: 1, 7: 3, 4: 3}
_MIDDLE = {10: "", 7: "-15", 4: "-07-01"}


def _acled_when(c: dict[str, Any]) -> tuple[str, int | str, str, str]:
    """(event_date, time_precision, date as stated, basis) of an event claim."""
    for basis, value in (("stated", c["time_start"]), ("as_of", c["time_as_of"]), ("first_cited", c["first_cited"])):
        if value:
            day = value[:10]
            size = len(day) if len(day) in _PRECISION else 4
            # a publication date is when it was said, not when it happened: never a precise day
            precision = _PRECISION[size] if basis == "stated" else 3
            return day[:size] + _MIDDLE[size], precision, value if basis == "stated" else "", basis
    return "", "", "", "none"


def _acled_actors(c: dict[str, Any]) -> dict[str, str]:
    args = {r: a for r, a in c["args"].items() if r not in _PLACE_ROLES}

    def name(*roles: str) -> str:
        return "; ".join(str(args[r]["name"]) for r in roles if r in args and args[r]["name"])

    agent = name("agent", "agent_text")
    patient = name("patient", "patient_text")
    used = {"agent", "agent_text", "patient", "patient_text", "signatory", "to", "from"}
    rest = "; ".join(str(a["name"]) for r, a in args.items() if r not in used and a["name"] and r != "name")
    actor1, actor2 = (patient, "") if not agent and c["predicate"] in _SOLE_PARTY else (agent, patient)
    if c["predicate"] == "defection":
        actor2 = "; ".join(x for x in (actor2, name("from")) if x)
    return {"actor1": actor1, "assoc_actor_1": name("signatory", "to"), "actor2": actor2, "assoc_actor_2": rest}


def _voice(s: dict[str, Any]) -> str:
    voice = " ".join(x for x in (s["asserted_by"], s["speaker_name"]) if x)
    doc = s["outlet"] or s["title"] or s["document_id"][:12]
    mod = "" if s["modality"] == "asserted" else f"[{s['modality']}] "
    return f"{mod}“{s['quote']}” — {voice or 'unattributed'}; {doc}, {s['published'] or 'undated'}"


def _acled_row(c: dict[str, Any], kind: tuple[str, str]) -> dict[str, Any]:
    date_, precision, stated, basis = _acled_when(c)
    place = c["place"] or {}
    srcs = c["sources"]
    row: dict[str, Any] = {
        "event_id_cnty": f"claim/{c['id']}", "event_date": date_, "year": date_[:4], "time_precision": precision,
        "event_type": kind[0], "sub_event_type": kind[1], **_acled_actors(c),
        "admin1": place.get("admin1") or "", "admin2": "", "location": place.get("name") or "",
        "latitude": place.get("lat") if place.get("lat") is not None else "",
        "longitude": place.get("lon") if place.get("lon") is not None else "",
        "geo_precision": place.get("geo_precision") or "",
        "source": "; ".join(dict.fromkeys(s["outlet"] or s["title"] or s["document_id"][:12] for s in srcs)),
        "notes": " | ".join(_voice(s) for s in srcs),
        "fatalities": c["fatalities"] if c["fatalities"] is not None else "",
        "predicate": c["predicate"], "date_stated": stated, "date_basis": basis, "contested": c["contested"],
        "n_sources": c["n_sources"], "injured": c["injured"] if c["injured"] is not None else "",
        "source_urls": " ".join(dict.fromkeys(s["url"] for s in srcs if s["url"])),
    }
    return {k: csv_safe(v) if isinstance(v, str) else v for k, v in row.items()}


def export_acled(store: Store, out: BinaryIO) -> Counts:
    """ACLED-style CSV: one row per asserted event claim that ACLED codes."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    n = 0
    try:
        w = csv.DictWriter(text, fieldnames=ACLED_COLUMNS)
        w.writeheader()
        with store.read() as conn:
            for batch in claim_batches(conn, EVENTS):
                for claim in batch:
                    kind = acled_kind(claim) if asserted(claim) else None
                    if kind is None:
                        continue
                    w.writerow(_acled_row(claim, kind))
                    n += 1
        text.flush()
    finally:
        text.detach()
    return {"events": n}
