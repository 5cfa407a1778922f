"""Facts as rows a person can check against the text.

`explain_rows(extraction)` turns each fact of an `Extraction` into a flat dict: the
predicate, the names (not ids) of its arguments, role, time, place, polarity, modality,
who asserts it and the quote it rests on. The CLI prints these as a table.
"""

from __future__ import annotations

from allegiance.model import EVENT_PREDICATES, Extraction, Fact, Time

COLUMNS = ("id", "predicate", "subject", "object", "role", "time", "place", "polarity",
           "modality", "speaker", "quote", "confidence")
_FIRST = ("subject", "agent")
_SECOND = ("object", "patient", "destination", "to", "from")


def explain_rows(extraction: Extraction) -> list[dict[str, str | float | None]]:
    """One row per fact, in the order of the extraction, with names in place of ids."""
    names = {e.id: e.name for e in extraction.entities}
    return [_row(f, names) for f in extraction.facts]


def _row(f: Fact, names: dict[str, str]) -> dict[str, str | float | None]:
    def name(eid: str | None) -> str | None:
        return None if eid is None else names.get(eid, eid)

    args = dict(f.args)
    first = next((args.pop(k) for k in _FIRST if k in args), None)
    second = next((args.pop(k) for k in _SECOND if k in args), None)
    obj = name(second)
    if f.predicate == "renamed_to":
        obj = args.pop("name", obj)
    elif args:
        # the other participants ("signatory", a third party to a clash), named
        extra = ", ".join(f"{k}: {name(v) if v in names else v}" for k, v in sorted(args.items()))
        obj = f"{obj}; {extra}" if obj else extra
    return {
        "id": f.id,
        "predicate": f.predicate + (" (event)" if f.predicate in EVENT_PREDICATES else ""),
        "subject": name(first),
        "object": obj,
        "role": f.role,
        "time": format_time(f.time),
        "place": name(f.place),
        "polarity": f.polarity,
        "modality": f.modality,
        "speaker": f.asserted_by,
        "quote": f.evidence.text,
        "confidence": f.confidence,
    }


def format_time(t: Time | None) -> str | None:
    """"2014-08", "2014-08 – 2015-08", "since 2013", "until 2014", "as of 2017-04-11"."""
    if t is None:
        return None
    parts = []
    if t.start and t.end:
        parts.append(t.start if t.start == t.end else f"{t.start} – {t.end}")
    elif t.start:
        parts.append(f"since {t.start}")
    elif t.end:
        parts.append(f"until {t.end}")
    if t.as_of:
        parts.append(f"as of {t.as_of}")
    return ", ".join(parts) or None
