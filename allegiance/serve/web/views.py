"""What the pages draw, computed from query answers: timeline charts, the chain of a
group's names, contested claims side by side, an article cut into shaded, linked pieces.

Nothing here reads the store: each function takes what `allegiance.graph.query` returned.
Nothing here writes markup either: the templates do, so every string is escaped there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from allegiance.graph.resolve import EVENTS
from allegiance.serve.web.render import PREDICATES, SPANS, when

CHART_W, LABEL_W, LANE_H, AXIS_H = 960.0, 210.0, 26.0, 28.0
MAX_LANES = 24


def year_of(value: str | None) -> float | None:
    """A partial ISO date as a fractional year: 2014 → 2014.0, 2014-08 → 2014.58."""
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value or "")
    if not m:
        return None
    month = int(m.group(2) or 1)
    day = int(m.group(3) or 1)
    return int(m.group(1)) + (month - 1) / 12 + (day - 1) / 365


def _span(c: dict[str, Any]) -> tuple[float | None, float | None, bool]:
    """(start, end, open) of a claim on the time axis; a dated point has end == start."""
    tm = c.get("time") or {}
    start, end, as_of = year_of(tm.get("start")), year_of(tm.get("end")), year_of(tm.get("as_of"))
    if start is None:
        return (as_of, as_of, False) if as_of is not None else (None, None, False)
    if end is not None:
        # A stated month or year lasts the whole month or year.
        size = len(tm["end"] or "")
        return start, end + (1 / 12 if size == 7 else 1.0 if size == 4 else 1 / 365), False
    if c.get("predicate") in SPANS or c.get("predicate") == "founded":
        # Open-ended: drawn (lighter) up to when it was last said, never beyond.
        seen = as_of if as_of is not None else year_of(c.get("last_cited"))
        return start, seen if seen is not None and seen > start else None, True
    return start, start, False


def chart(items: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """Lanes of bars and points on one time axis. Items: lane, start, end (None: open),
    open, point, label, href, cls. None when nothing is dated."""
    items = [i for i in items if i["start"] is not None]
    if not items:
        return None
    lo = min(i["start"] for i in items)
    hi = max(max(i["start"], i["end"] or i["start"]) for i in items)
    lo, hi = float(int(lo)), float(int(hi) + 1)
    if hi - lo < 3:
        hi = lo + 3
    scale = (CHART_W - LABEL_W - 16) / (hi - lo)

    def x(v: float) -> float:
        return round(LABEL_W + (v - lo) * scale, 1)

    lanes: dict[str, int] = {}
    for i in items:
        if i["lane"] not in lanes and len(lanes) < MAX_LANES:
            lanes[i["lane"]] = len(lanes)
    marks = []
    for i in items:
        row = lanes.get(i["lane"])
        if row is None:
            continue
        y = AXIS_H + row * LANE_H
        x0 = x(i["start"])
        end = i["end"] if i["end"] is not None else (hi if i.get("open") else i["start"])
        mark = {**i, "x": x0, "y": round(y + 5, 1), "h": LANE_H - 10, "cx": x0, "cy": round(y + LANE_H / 2, 1)}
        mark["w"] = max(4.0, round(x(end) - x0, 1))
        mark["point"] = i.get("point", False) or (i["end"] is not None and end == i["start"] and not i.get("open"))
        marks.append(mark)
    step = 1 if hi - lo <= 16 else 2 if hi - lo <= 32 else 5
    ticks = [{"x": x(float(yr)), "label": str(yr)} for yr in range(int(lo), int(hi) + 1, step)]
    height = AXIS_H + len(lanes) * LANE_H + 8
    return {"width": CHART_W, "height": height, "label_w": LABEL_W, "ticks": ticks, "marks": marks,
            "lanes": [{"name": name, "y": round(AXIS_H + n * LANE_H + LANE_H / 2 + 4, 1), "y0": AXIS_H + n * LANE_H}
                      for name, n in lanes.items()],
            "omitted": max(0, len({i["lane"] for i in items}) - len(lanes)), "from": int(lo), "to": int(hi)}


def _other(c: dict[str, Any], focus: int | None) -> dict[str, Any] | None:
    for role in ("object", "patient", "agent", "destination", "to", "from", "signatory", "subject"):
        arg = c["args"].get(role)
        if arg and arg.get("id") != focus:
            return dict(arg)
    return None


def person_chart(entries: list[dict[str, Any]], focus: int) -> dict[str, Any] | None:
    items = []
    for c in entries:
        start, end, is_open = _span(c)
        label = f"{PREDICATES.get(c['predicate'], c['predicate'])}"
        other = _other(c, focus)
        if c["predicate"] in EVENTS:
            lane = "events"
            label += f" ({other['name']})" if other and other.get("name") else ""
        elif c["predicate"] in SPANS or c["predicate"] == "founded":
            lane = other["name"] if other and other.get("name") else label
            label = f"{label} {lane}" + (f" as {c['role']}" if c.get("role") else "")
        else:
            continue
        cls = ("negative " if c["polarity"] == "negative" else "") + ("contested " if c["contested"] else "")
        items.append({"lane": lane, "start": start, "end": end, "open": is_open, "label": f"{when(c)}: {label}",
                      "href": f"#claim-{c['id']}", "cls": cls + ("event" if lane == "events" else "span"),
                      "point": lane == "events"})
    # Groups first, in the order the person joined them; events last.
    items.sort(key=lambda i: (i["lane"] == "events", i["start"] if i["start"] is not None else 9999))
    return chart(items)


def contested_groups(entries: list[dict[str, Any]], rivals: dict[int, list[dict[str, Any]]]) -> dict[int, list[Any]]:
    """Contested claims gathered with their rivals: first claim id of a group → its claims."""
    seen: set[int] = set()
    groups: dict[int, list[dict[str, Any]]] = {}
    for c in entries:
        if not c["contested"] or c["id"] in seen:
            continue
        group = [c] + [r for r in rivals.get(c["id"], []) if r["id"] != c["id"]]
        ids = {g["id"] for g in group}
        for other in entries:
            if other["id"] in ids:
                continue
            if any(r["id"] in ids for r in rivals.get(other["id"], [])):
                group.append(other)
                ids.add(other["id"])
        seen |= ids
        groups[c["id"]] = sorted({g["id"]: g for g in group}.values(), key=lambda g: g["id"])
    return groups


def name_chain(lineage: dict[str, Any]) -> list[dict[str, Any]]:
    """The names a group went by, oldest first: its founding name, renames, the body it merged into."""
    ent = lineage["entity"]
    chain: list[dict[str, Any]] = []
    for s in lineage["steps"]:
        if s["from"] != "kb":
            continue
        if s["event"] == "founded" and s.get("kb_id") == ent.get("kb_id") and not chain:
            chain.append({"name": s["name"], "date": s["date"], "event": "founded"})
        elif s["event"] == "renamed":
            chain.append({"name": s["name"], "date": s["date"], "event": "renamed"})
        elif s["event"] == "merged_into":
            chain.append({"name": s["name"], "date": s["date"], "event": "merged into"})
    if not chain:
        for s in lineage["steps"]:
            c = s.get("claim")
            if c and c["predicate"] == "renamed_to" and c["polarity"] == "positive":
                new = (c["args"].get("name") or {}).get("name")
                if new and new not in {x["name"] for x in chain}:
                    chain.append({"name": new, "date": s["date"], "event": "renamed"})
        if chain:
            chain.insert(0, {"name": ent["name"], "date": None, "event": "first name"})
    return chain


def lineage_chart(lineage: dict[str, Any]) -> dict[str, Any] | None:
    """Names as consecutive bars; parents and allies as bars of their own; text claims as points."""
    chain = name_chain(lineage)
    items = []
    for n, link in enumerate(chain):
        start = year_of(link["date"])
        nxt = year_of(chain[n + 1]["date"]) if n + 1 < len(chain) else None
        items.append({"lane": "names", "start": start, "end": nxt, "open": nxt is None, "label": link["name"],
                      "href": "#names", "cls": "span name", "text": link["name"]})
    end_of_group = next((year_of(s["date"]) for s in lineage["steps"]
                         if s["from"] == "kb" and s["event"] in ("merged_into", "dissolved")
                         and s.get("kb_id") == lineage["entity"].get("kb_id")), None)
    for n, s in enumerate(lineage["steps"]):
        if s["from"] == "kb" and s["event"] in ("part_of", "allied_with"):
            end = year_of(s.get("end")) if s.get("end") else end_of_group
            items.append({"lane": f"{PREDICATES[s['event']]} {s['name']}", "start": year_of(s["date"]), "end": end,
                          "open": end is None, "label": f"{s['date'] or ''}: {PREDICATES[s['event']]} {s['name']}",
                          "href": f"#step-{n}", "cls": "span " + s["event"]})
        elif s["from"] == "text":
            c = s["claim"]
            items.append({"lane": "told in articles", "start": year_of(s["date"]), "end": None, "open": False,
                          "point": True, "label": f"{s['date']}: {PREDICATES.get(c['predicate'], c['predicate'])}",
                          "href": f"#step-{n}", "cls": "event" + (" negative" if c["polarity"] == "negative" else "")})
    return chart(items)


# -- documents -----------------------------------------------------------------------------


def document_blocks(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The article as blocks (its segments, and any text between them), each cut into pieces
    at every evidence and mention boundary. A piece: text, evidence ids, mention, anchors
    (ids of the evidence spans that start there)."""
    text: str = doc.get("text") or ""
    segs = sorted(doc.get("segments") or [], key=lambda s: (s["start"], s["end"]))
    blocks: list[dict[str, Any]] = []
    pos = 0
    speakers: dict[str, int] = {}
    for s in segs:
        start, end = max(s["start"], pos), min(s["end"], len(text))
        if start > pos and text[pos:start].strip():
            blocks.append({"kind": "other", "start": pos, "end": start, "speaker": None})
        if end > start:
            spk = s.get("speaker")
            if spk and spk not in speakers:
                speakers[spk] = len(speakers)
            blocks.append({"kind": s["kind"], "start": start, "end": end,
                           "speaker": speakers.get(spk) if spk else None})
            pos = end
    if pos < len(text) and text[pos:].strip():
        blocks.append({"kind": "other" if blocks else "body", "start": pos, "end": len(text), "speaker": None})
    evidence = [(f["id"], f["evidence_start"], f["evidence_end"]) for f in doc.get("facts") or []
                if f.get("evidence_start") is not None and f.get("evidence_end") is not None]
    mentions = [m for m in doc.get("mentions") or [] if m["end"] > m["start"]]
    cuts = sorted({0, len(text), *(b["start"] for b in blocks), *(b["end"] for b in blocks),
                   *(x for _, a, z in evidence for x in (a, z)),
                   *(x for m in mentions for x in (m["start"], m["end"]))})
    at = {c: i for i, c in enumerate(cuts)}
    # One sweep: what covers each atomic interval [cuts[i], cuts[i+1]).
    evs: list[list[int]] = [[] for _ in cuts]
    ment: list[dict[str, Any] | None] = [None] * len(cuts)
    for sid, a, z in evidence:
        for i in range(at[a], at[z]):
            evs[i].append(sid)
    for m in mentions:
        if m.get("entity_id"):
            for i in range(at[m["start"]], at[m["end"]]):
                ment[i] = ment[i] or {"id": m["entity_id"], "type": m["type"], "name": m["name"]}
    starts: dict[int, list[int]] = {}
    for sid, a, _ in evidence:
        starts.setdefault(a, []).append(sid)
    for b in blocks:
        b["pieces"] = [{"text": text[cuts[i]:cuts[i + 1]], "evs": evs[i], "anchors": starts.pop(cuts[i], []),
                        "mention": ment[i]} for i in range(at[b["start"]], at[b["end"]])]
    if starts and blocks:  # evidence starting outside every block: anchor it at the end
        blocks[-1]["pieces"].append({"text": "", "evs": [], "anchors": [i for v in starts.values() for i in v],
                                     "mention": None})
    return blocks
