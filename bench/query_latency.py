"""Query latency on a synthetic graph of N facts, on SQLite and PostgreSQL (a measurement, not a test).

    .venv/bin/python bench/query_latency.py [--facts 1000000 | --quick] [--queries 200]
        [--backends sqlite,postgresql] [--seed 7] [--json bench/query_latency.json]

One synthetic corpus is generated in memory and written, row for row the same, into a fresh
store on each back end: executemany on SQLite, COPY on PostgreSQL, straight into the tables
the migrations built (not through extraction). Its shapes, for N facts (source rows):

  entities   ≈ N/10: 70% people, 12% groups, 18% places. Groups ranked first are the
             knowledge base's organisations, with their KB names; places are the 14
             governorates, then districts and towns with coordinates and admin1.
  popularity Zipf-like within each type (groups s=1.1: the top group is in ~15% of the
             claims naming a group, tens of thousands at N=10^6; places s=1.0; people s=0.9);
             lineage links (renames, parents, alliances, founders) spread more evenly, as a
             group has a few parents and allies, not thousands.
  claims     ≈ N/3; sources per claim Zipf (a=2.2, most 1, a long tail to 1,000); 30%
             memberships (with roles, some with end dates or as-of dates), 52% events (most
             with a place, some with fatalities), 7% lineage, the rest relations; 35% undated
             (ordered by when first cited); 2% contested pairs; 4% negative.
  documents  ≈ N/10, published 2011-2025 in order, each a short text made of its facts'
             sentences, so every evidence span, mention and quote points into its text; a
             claim's sources are published after its date. Speakers on 25% of sources.

Then, on a fresh connection pool, it times the query functions (allegiance.graph.query) at
their default page sizes over the same seeded workload on both back ends: person timeline
and group lineage of entities drawn in proportion to how many claims name them (so the hot
ones come up often), members of such a group on a random date, and events in a random
window (1 month to 3 years), alone, with an actor so drawn, and in a place so drawn (a
governorate takes in every place inside it). Warm caches: a short warm-up runs first. Each
query's wall-clock time and CPU time are kept (this thread, plus on PostgreSQL the server
processes of its connections, from /proc/PID/schedstat): on a loaded machine the second is
the one to compare; and the client's CPU alone (process_time). Each answer's JSON is hashed,
and the report says how many of the queries the two back ends answered differently (0: every
answer byte-identical).
PostgreSQL is a throw-away server (tests/support/pg.py) with `VACUUM ANALYZE` after the
load, as autovacuum leaves a freshly loaded table; SQLite is left as the store leaves it.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import gc
import hashlib
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.schema import CreateIndex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from allegiance import names  # noqa: E402
from allegiance.graph import query as q  # noqa: E402
from allegiance.graph import schema as t  # noqa: E402
from allegiance.graph.resolve import name_key  # noqa: E402
from allegiance.graph.store import EXTRACTOR_VERSION, Store, open_store, recount_claim_dates  # noqa: E402

TARGET_MS = 50.0
NOW = "2026-12-01T00:00:00+00:00"

GOVERNORATES = [("Damascus", 33.51, 36.29), ("Rif Dimashq", 33.52, 36.60), ("Aleppo", 36.20, 37.16),
                ("Idlib", 35.93, 36.63), ("Hama", 35.13, 36.75), ("Homs", 34.73, 36.72), ("Latakia", 35.52, 35.79),
                ("Tartus", 34.89, 35.89), ("Daraa", 32.62, 36.10), ("As-Suwayda", 32.71, 36.57),
                ("Quneitra", 33.13, 35.82), ("Deir ez-Zor", 35.34, 40.14), ("Raqqa", 35.95, 39.01),
                ("Al-Hasakah", 36.50, 40.75)]
GIVEN = ("Khalid Omar Ahmad Mohammed Hassan Hussein Ali Mahmoud Yusuf Ibrahim Abdullah Samir Fadi Bassam Nizar "
         "Walid Ziad Tariq Hamza Anas Bilal Jamal Rami Majd Firas Ghassan Nabil Adnan Maher Hisham Zaher Qasim "
         "Riyad Salim Talal Wael Yasser Ayman Haitham Munir").split()
FAMILY = ("al-Hamwi al-Halabi al-Idlibi al-Homsi al-Shami al-Ahmad Haddad Khouri Mansour Qassab al-Ali "
          "al-Hassan Sheikh Darwish Najjar Hallaq Kurdi Masri Tamimi Jubouri Ansari Saleh Zoubi Rifai Khatib "
          "al-Masalmeh Abboud Hariri Barazi Makhlouf Tlass Shalish Jaber Hamdan Farhat Suleiman Khaddour Nasser "
          "Zein Rahmoun Akkad Hamoud Bakkour Dabbagh Ghanem Issa Qaddour").split()
UNIT = ("Liwa Katibat Jaish Harakat Tajammu Firqat Kataib Alwiyat Suqour Fawj").split()
WORD = ("Shuhada Badr al-Furqan al-Tawhid al-Haq al-Izza al-Nasr al-Fath al-Sham al-Islam Ahrar Thuwar "
        "al-Mujahideen al-Ansar al-Sunna al-Qadisiyah Salah al-Din Omar Khalid al-Asifa Dir al-Watan "
        "al-Jabal al-Sahel al-Badia al-Ghouta al-Sultan Murad Hamza al-Mutasim al-Rahman al-Umma").split()
SYLL = ("kaf nab tal deir ain jis bin ham rab sar qib mar ash ras hal mal kin zab daf tum sal").split()
PLACE_PREFIX = ("Kafr ", "Tell ", "Deir ", "Ain ", "Khirbet ", "Maarat ", "", "", "")
ROLES = ("commander", "fighter", "spokesman", "emir", "member", "leader", "field commander", "sharia official",
         "deputy commander", "officer")
TEXT_PATIENTS = ("civilians", "residents", "a checkpoint", "protesters", "a hospital", "a convoy", "fighters")

# predicate, share of claims, argument kinds: role -> P person | G group | Gl lineage group | X person or group
# | T words; "place" when the claim has a place.
PREDICATES: list[tuple[str, float, dict[str, str], float]] = [
    ("member_of", 0.22, {"subject": "P", "object": "G"}, 0.0),
    ("leader_of", 0.04, {"subject": "P", "object": "G"}, 0.0),
    ("works_for", 0.02, {"subject": "P", "object": "G"}, 0.0),
    ("founded", 0.02, {"subject": "P", "object": "Gl"}, 0.0),
    ("attack", 0.18, {"agent": "G", "patient": "GPT"}, 0.9),
    ("clash", 0.10, {"agent": "G", "patient": "G"}, 0.9),
    ("killing", 0.10, {"agent": "X", "patient": "PT"}, 0.85),
    ("detention", 0.06, {"agent": "G", "patient": "P"}, 0.8),
    ("agreement", 0.02, {"agent": "G", "patient": "G"}, 0.5),
    ("evacuation", 0.02, {"patient": "GT"}, 1.0),
    ("protest", 0.015, {"agent": "T"}, 1.0),
    ("flight", 0.01, {"agent": "P"}, 1.0),
    ("defection", 0.01, {"agent": "P", "patient": "G"}, 0.3),
    ("dissolution", 0.003, {"subject": "Gl"}, 0.0),
    ("ban", 0.002, {"agent": "G", "patient": "G"}, 0.3),
    ("renamed_to", 0.005, {"subject": "Gl", "object": "Gl"}, 0.0),
    ("part_of", 0.03, {"subject": "Gl", "object": "Gl"}, 0.0),
    ("allied_with", 0.035, {"subject": "Gl", "object": "Gl"}, 0.0),
    ("relative_of", 0.02, {"subject": "P", "object": "P"}, 0.0),
    ("from_place", 0.01, {"subject": "P", "object": "L"}, 0.0),
]
SENTENCES = {
    "member_of": "{subject} was a {role} of {object}", "leader_of": "{subject} led {object}",
    "works_for": "{subject} worked for {object}", "founded": "{subject} founded {object}",
    "attack": "{agent} attacked {patient}", "clash": "{agent} clashed with {patient}",
    "killing": "{agent} killed {patient}", "detention": "{agent} detained {patient}",
    "agreement": "{agent} signed a truce with {patient}", "evacuation": "{patient} were evacuated",
    "protest": "{agent} protested", "flight": "{agent} fled", "defection": "{agent} defected from {patient}",
    "dissolution": "{subject} dissolved itself", "ban": "{agent} banned {patient}",
    "renamed_to": "{subject} renamed itself {object}", "part_of": "{subject} joined the ranks of {object}",
    "allied_with": "{subject} fought alongside {object}", "relative_of": "{subject} is the {role} of {object}",
    "from_place": "{subject} comes from {object}",
}
MEMBERSHIP_PREDICATES = frozenset(p for p, *_ in PREDICATES[:4])

COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("id", "external_id", "source_name", "title", "published", "outlet", "byline", "url", "language",
                  "text", "extractor_version", "ingested_at", "seq"),
    "segments": ("document_id", "idx", "kind", "start", "end", "speaker"),
    "entities": ("id", "type", "name", "name_key", "kb_id", "wikidata", "geonames", "lat", "lon", "admin1",
                 "geo_precision", "merged_into", "created_at", "n_documents"),
    "entity_names": ("entity_id", "name", "norm", "skel", "start", "end", "origin"),
    "local_entities": ("document_id", "local_id", "entity_id", "type", "name", "aliases", "kb_id", "reason"),
    "mentions": ("document_id", "local_id", "start", "end"),
    "claims": ("id", "key", "contest_key", "predicate", "role", "time_start", "time_end", "time_as_of", "sort_date",
               "place_id", "polarity", "first_cited", "last_cited", "n_sources", "fatalities", "injured", "contested"),
    "claim_args": ("claim_id", "role", "entity_id", "text", "predicate", "time_start", "sort_key", "cited"),
    "sources": ("id", "document_id", "fact_id", "claim_id", "predicate", "args", "role", "time_start", "time_end",
                "time_as_of", "place", "polarity", "modality", "asserted_by", "speaker", "evidence_start",
                "evidence_end", "quote", "confidence", "fatalities", "injured", "published"),
}


@dataclass
class Corpus:
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: {k: [] for k in COLUMNS})
    claim_count: dict[int, int] = field(default_factory=dict)  # entity id -> claims naming it
    by_type: dict[str, list[int]] = field(default_factory=dict)
    seconds: float = 0.0


# -- the synthetic corpus ---------------------------------------------------------------------


def _zipf(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return np.asarray(w / w.sum())


def _drawer(rng: np.random.Generator, ids: Sequence[int], p: np.ndarray, size: int) -> Iterator[int]:
    while True:
        yield from rng.choice(np.asarray(ids), size=size, p=p).tolist()


def _date(r: random.Random, year: int) -> str:
    kind = r.random()
    month, day = r.randint(1, 12), r.randint(1, 28)
    return f"{year}" if kind < 0.2 else f"{year}-{month:02d}" if kind < 0.5 else f"{year}-{month:02d}-{day:02d}"


def _entities(c: Corpus, n: int, r: random.Random) -> dict[int, tuple[str, str, str | None]]:
    """Entity rows and names; returns id -> (type, name, kb_id). Ids are ranks within a type."""
    from allegiance.kb import load_kb

    try:
        kb_orgs = sorted((a for a in load_kb() if a.type == "ORG"), key=lambda a: a.kind != "armed_group")
    except Exception as exc:  # the KB is someone's work in progress: measure without it
        print(f"(knowledge base not loaded, groups get no KB ids: {exc})", file=sys.stderr)
        kb_orgs = []
    n_groups, n_places = max(30, n * 12 // 100), max(40, n * 18 // 100)
    n_people = max(50, n - n_groups - n_places)
    out: dict[int, tuple[str, str, str | None]] = {}
    keys: dict[str, tuple[str, str]] = {}
    ent, nam = c.rows["entities"], c.rows["entity_names"]

    def add(type_: str, name: str, *, kb: Any = None, geo: tuple[Any, ...] = (None, None, None, None, None)) -> None:
        eid = len(out) + 1
        if name not in keys:
            keys[name] = (names.normalize(name), name_key(name))
        ent.append((eid, type_, name, keys[name][1], kb.id if kb else None, None, *geo, None, NOW))
        out[eid] = (type_, name, kb.id if kb else None)
        c.by_type.setdefault(type_, []).append(eid)
        dated = {d.name: (d.start, d.end) for d in kb.names} if kb else {}
        for alias in dict.fromkeys(kb.all_names() if kb else [name]):
            if alias not in keys:
                keys[alias] = (names.normalize(alias), name_key(alias))
            start, end = dated.get(alias, (None, None))
            nam.append((eid, alias, *keys[alias], start, end, "kb" if kb else "text"))

    for i in range(n_groups):
        if i < len(kb_orgs):
            add("ORG", kb_orgs[i].name, kb=kb_orgs[i])
        else:
            add("ORG", f"{r.choice(UNIT)} {r.choice(WORD)} {r.choice(WORD)}")
    for i in range(n_places):
        if i < len(GOVERNORATES):
            gov, lat, lon = GOVERNORATES[i]
            add("PLACE", gov, geo=(10_000 + i, lat, lon, gov, 3))
            continue
        gov, lat, lon = GOVERNORATES[r.randrange(len(GOVERNORATES))]
        stem = "".join(r.choice(SYLL) for _ in range(r.randint(2, 3)))
        add("PLACE", r.choice(PLACE_PREFIX) + stem.capitalize(),
            geo=(100_000 + i, round(lat + r.gauss(0, 0.3), 4), round(lon + r.gauss(0, 0.3), 4), gov,
                 2 if i < 80 else 1))
    for _ in range(n_people):
        add("PERSON", f"{r.choice(GIVEN)} {r.choice(GIVEN)} {r.choice(FAMILY)}")
    return out


def build(n_facts: int, seed: int) -> Corpus:
    t0 = time.perf_counter()
    r, rng = random.Random(seed), np.random.default_rng(seed)
    c = Corpus()
    ents = _entities(c, max(200, n_facts // 10), r)
    big = max(1000, n_facts // 2)
    groups, places, people = c.by_type["ORG"], c.by_type["PLACE"], c.by_type["PERSON"]
    draw = {"G": _drawer(rng, groups, _zipf(len(groups), 1.1), big),
            "Gl": _drawer(rng, groups, _zipf(len(groups), 0.5), big),
            "L": _drawer(rng, places, _zipf(len(places), 1.0), big),
            "P": _drawer(rng, people, _zipf(len(people), 0.9), big)}

    # Sources per claim: most claims have one, a few hundreds (repeated across articles).
    sizes = np.minimum(rng.zipf(2.2, size=n_facts), 1000)
    cut = int(np.searchsorted(np.cumsum(sizes), n_facts))
    sizes = sizes[:cut + 1].tolist()
    sizes[-1] -= sum(sizes) - n_facts
    n_claims = len(sizes)

    n_docs = max(50, n_facts // 10)
    first_day = dt.date(2011, 3, 15).toordinal()
    span = dt.date(2025, 6, 30).toordinal() - first_day
    doc_dates = [dt.date.fromordinal(first_day + span * i // n_docs).isoformat() for i in range(n_docs)]
    year_docs = max(1, n_docs // 14)

    preds = [p for p, *_ in PREDICATES]
    pred_draw = iter(rng.choice(len(preds), size=n_claims, p=_norm([w for _, w, _, _ in PREDICATES])).tolist())
    years = list(range(2011, 2025))
    year_w = [1, 3, 5, 5, 5, 5, 4, 3, 3, 2, 2, 1, 1, 2]
    claims: list[dict[str, Any]] = []
    doc_sources: list[list[int]] = [[] for _ in range(n_docs)]
    sources: list[tuple[int, str]] = []  # claim index, published
    for i in range(n_claims):
        pred, _, kinds, p_place = PREDICATES[next(pred_draw)]
        args: list[tuple[str, int | None, str | None]] = []
        for role, kind in kinds.items():
            k = r.choice(kind) if kind in ("GPT", "PT", "GT", "X") else kind
            k = {"X": r.choice("GP")}.get(k, k)
            if k == "T":
                args.append((role, None, r.choice(TEXT_PATIENTS)))
            else:
                args.append((role, next(draw[k]), None))
        start = end = as_of = None
        if r.random() >= 0.35:
            year = r.choices(years, year_w)[0]
            if pred in MEMBERSHIP_PREDICATES and r.random() < 0.12:
                as_of = _date(r, year)
            else:
                start = _date(r, year)
                if pred in MEMBERSHIP_PREDICATES and r.random() < 0.3:
                    end = _date(r, min(2025, year + r.randint(1, 4)))
        role = r.choice(ROLES) if pred == "member_of" and r.random() < 0.6 else (
            r.choice(("brother", "son", "cousin")) if pred == "relative_of" else None)
        when = start or as_of
        base = bisect.bisect_left(doc_dates, when) if when else r.randrange(n_docs)
        cited = []
        for _ in range(sizes[i]):
            d = min(n_docs - 1, base + int(r.expovariate(1 / year_docs)))
            doc_sources[d].append(len(sources))
            sources.append((i, doc_dates[d]))
            cited.append(doc_dates[d])
        claims.append({"pred": pred, "args": args, "start": start, "end": end, "as_of": as_of, "role": role,
                       "place": next(draw["L"]) if r.random() < p_place else None,
                       "polarity": "negative" if r.random() < 0.04 else "positive",
                       "first": min(cited), "last": max(cited), "n": sizes[i],
                       "dead": r.choice((None, None, 1, 2, 5, 12, 30)) if pred in ("attack", "killing") else None})

    rows = c.rows
    contested: set[int] = set()
    for i, cl in enumerate(claims):
        cid = i + 1
        key = hashlib.sha256(f"claim {i}".encode()).hexdigest()
        contest = key
        if i and r.random() < 0.01 and claims[i - 1]["pred"] == cl["pred"]:
            contest = rows["claims"][-1][2]
            contested.update((cid - 1, cid))
        sort = (cl["start"] or cl["as_of"] or cl["first"])[:10]
        rows["claims"].append((cid, key, contest, cl["pred"], cl["role"], cl["start"], cl["end"], cl["as_of"], sort,
                               cl["place"], cl["polarity"], cl["first"], cl["last"], cl["n"], cl["dead"], None, False))
        cited_day = cl["first"][:10] if not (cl["start"] or cl["end"]) else None
        for role, eid, text in cl["args"]:
            rows["claim_args"].append((cid, role, eid, text, cl["pred"], cl["start"], sort, cited_day))
            if eid is not None:
                c.claim_count[eid] = c.claim_count.get(eid, 0) + 1
        if cl["place"]:
            c.claim_count[cl["place"]] = c.claim_count.get(cl["place"], 0) + 1
    rows["claims"] = [(*row[:-1], row[0] in contested) for row in rows["claims"]]
    _documents(c, claims, sources, doc_sources, doc_dates, ents, draw["P"], r)
    # entities.n_documents, as resolution keeps it: the documents with a local entity mapped here
    n_docs = dict.fromkeys(ents, 0)
    for row in rows["local_entities"]:
        n_docs[row[2]] += 1
    rows["entities"] = [(*row, n_docs[row[0]]) for row in rows["entities"]]
    c.seconds = time.perf_counter() - t0
    return c


def _norm(w: list[float]) -> np.ndarray:
    a = np.asarray(w, dtype=float)
    return np.asarray(a / a.sum())


def _documents(c: Corpus, claims: list[dict[str, Any]], sources: list[tuple[int, str]],
               doc_sources: list[list[int]], doc_dates: list[str], ents: dict[int, tuple[str, str, str | None]],
               people: Iterator[int], r: random.Random) -> None:
    """Each document: its facts' sentences as text, local entities, mentions, source rows."""
    rows = c.rows
    sid = 0
    n = len(sources)
    rng = np.random.default_rng(r.randrange(2**32))
    voices = rng.choice(["reporter", "quoted", "interviewee", "editor"], size=n, p=[0.7, 0.15, 0.1, 0.05]).tolist()
    modalities = rng.choice(["asserted", "reported", "hedged", "denied"], size=n, p=[0.7, 0.2, 0.07, 0.03]).tolist()
    confidence = np.round(0.5 + rng.random(n) / 2, 3).tolist()
    for d, mine in enumerate(doc_sources):
        if not mine:
            continue
        local: dict[int, str] = {}
        first_at: dict[str, tuple[int, int]] = {}
        body: list[str] = []
        facts: list[tuple[Any, ...]] = []
        title = f"Report {d} from the front"
        pos = len(title) + 2

        for k, s in enumerate(mine):
            cl = claims[sources[s][0]]
            parts: dict[str, tuple[str, str | None]] = {}
            for role, eid, text in cl["args"]:
                if eid is None:
                    parts[role] = (text or "", None)
                    continue
                x = local.get(eid) or local.setdefault(eid, f"e{len(local) + 1}")
                parts[role] = (ents[eid][1], x)
            template = SENTENCES[cl["pred"]]
            sentence, spans = _fill(template, parts, cl["role"] or "member")
            if cl["place"]:
                sentence += " in "
                x = local.get(cl["place"]) or local.setdefault(cl["place"], f"e{len(local) + 1}")
                spans.append((x, len(sentence), len(sentence) + len(ents[cl["place"]][1])))
                sentence += ents[cl["place"]][1]
            if cl["start"]:
                sentence += f" in {cl['start']}"
            if cl["polarity"] == "negative":
                sentence = "It is not true that " + sentence[0].lower() + sentence[1:]
                spans = [(x, a + 20, b + 20) for x, a, b in spans]
            for x, a, b in spans:
                first_at.setdefault(x, (pos + a, pos + b))
            asserted = voices[s]
            speaker = None
            if asserted in ("quoted", "interviewee"):
                who = next((e for _, e, _ in cl["args"] if e is not None and ents[e][0] == "PERSON"), None)
                who = who if who is not None else next(people)
                speaker = local.get(who) or local.setdefault(who, f"e{len(local) + 1}")
            # json.dumps(…, sort_keys=True) of plain words and local ids, written out: 10^6 of them
            args = "{" + ", ".join(f'"{role}": "{local[eid] if eid is not None else text}"'
                                   for role, eid, text in sorted(cl["args"])) + "}"
            sid += 1
            facts.append((sid, None, f"f{k + 1}", sources[s][0] + 1, cl["pred"], args, cl["role"], cl["start"],
                          cl["end"], cl["as_of"], local.get(cl["place"]) if cl["place"] else None, cl["polarity"],
                          modalities[s], asserted, speaker, pos, pos + len(sentence), sentence, confidence[s],
                          cl["dead"], None, doc_dates[d]))
            body.append(sentence)
            pos += len(sentence) + 2
        text = title + "\n\n" + ". ".join(body) + "."
        doc_id = hashlib.sha256(text.encode()).hexdigest()
        rows["documents"].append((doc_id, f"synthetic-{d}", f"synthetic/{d}.txt", title, doc_dates[d],
                                  r.choice(("Levant Monitor", "Orontes Courier", "Khabur Wire", "Hawran Briefing")),
                                  None, f"https://example.org/{d}", "en", text, EXTRACTOR_VERSION, NOW, d + 1))
        rows["segments"].append((doc_id, 0, "headline", 0, len(title), None))
        rows["segments"].append((doc_id, 1, "body", len(title) + 2, len(text), None))
        for eid, x in local.items():
            type_, name, kb_id = ents[eid]
            rows["local_entities"].append((doc_id, x, eid, type_, name, "[]", kb_id,
                                           f"knowledge-base id {kb_id}" if kb_id else "new"))
            if x in first_at:
                rows["mentions"].append((doc_id, x, *first_at[x]))
        rows["sources"].extend((f[0], doc_id, *f[2:]) for f in facts)


def _fill(template: str, parts: dict[str, tuple[str, str | None]], role: str) -> tuple[str, list[tuple[str, int, int]]]:
    out, spans = "", []
    for chunk in template.replace("}", "{").split("{"):
        if chunk == "role":
            out += role
        elif chunk in parts:
            name, x = parts[chunk]
            if x:
                spans.append((x, len(out), len(out) + len(name)))
            out += name
        else:
            out += chunk
    return out, spans


# -- loading ----------------------------------------------------------------------------------------

ORDER = ("documents", "segments", "entities", "entity_names", "local_entities", "mentions", "claims", "claim_args",
         "sources")


def load(url: str, corpus: Corpus) -> tuple[Store, dict[str, float]]:
    """Write the corpus into a new store: the migrations build the tables, the secondary indexes
    are dropped for the load and built again after it from the same definitions (schema.py,
    which a test holds equal to the migrations), as pg_restore does. On PostgreSQL the foreign
    key triggers are off during COPY (pg_restore --disable-triggers), so claim_dates is counted
    after it: the same rows go into SQLite with its foreign keys checked and its triggers on."""
    phases: dict[str, float] = {}
    t0 = time.perf_counter()
    store = open_store(url)
    indexes = [ix for table in t.metadata.sorted_tables for ix in table.indexes]
    with store.engine.begin() as conn:
        for ix in indexes:
            ix.drop(conn)
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        if store.dialect == "sqlite":
            cur.execute("PRAGMA cache_size = -1000000")  # 1 GB: the unique keys are hashes, inserted at random
        else:
            cur.execute("SET session_replication_role = replica")
        for table in ORDER:
            t1 = time.perf_counter()
            cols = ", ".join(f'"{c}"' for c in COLUMNS[table])
            rows = corpus.rows[table]
            if store.dialect == "sqlite":
                cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(COLUMNS[table]))})",
                                rows)
            else:
                with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                    for row in rows:
                        copy.write_row(row)
            phases[table] = round(time.perf_counter() - t1, 1)
        if store.dialect == "postgresql":
            cur.execute("SET session_replication_role = DEFAULT")
            for table in ("entities", "claims", "sources"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        raw.commit()
    finally:
        raw.close()
    with store.engine.begin() as conn:  # COPY ran with triggers off (SQLite's kept the counts: the same)
        recount_claim_dates(conn)
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        if store.dialect == "postgresql":
            cur.execute("SET maintenance_work_mem = '512MB'")
        t1 = time.perf_counter()
        for ix in indexes:
            cur.execute(str(CreateIndex(ix).compile(dialect=store.engine.dialect)))
        raw.commit()
        phases["indexes"] = round(time.perf_counter() - t1, 1)
    finally:
        raw.close()
    if store.dialect == "postgresql":
        t1 = time.perf_counter()
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        phases["vacuum analyze"] = round(time.perf_counter() - t1, 1)
    phases["total"] = round(time.perf_counter() - t0, 1)
    return store, phases


# -- the workload ---------------------------------------------------------------------------------------

Query = tuple[str, Callable[..., Any], tuple[Any, ...], dict[str, Any]]


def workload(corpus: Corpus, n: int, seed: int) -> list[Query]:
    r = random.Random(seed + 1)

    def popular(type_: str, k: int) -> list[int]:
        ids = corpus.by_type[type_]
        return r.choices(ids, [corpus.claim_count.get(i, 0) for i in ids], k=k)

    def day() -> str:
        year = r.randint(2011, 2024)
        return _date(r, year)

    def window() -> dict[str, str]:
        start = dt.date(2011, 1, 1) + dt.timedelta(days=r.randrange(14 * 365))
        end = start + dt.timedelta(days=r.choice((30, 91, 365, 3 * 365)))
        fmt = r.choice((lambda d: d.isoformat(), lambda d: d.isoformat()[:7]))
        return {"start": fmt(start), "end": fmt(end)}

    out: list[Query] = []
    out += [("person timeline", q.person_timeline, (p,), {}) for p in popular("PERSON", n)]
    out += [("group lineage", q.group_lineage, (g,), {}) for g in popular("ORG", n)]
    out += [("members at date", q.members, (g,), {"on": day()}) for g in popular("ORG", n)]
    out += [("events in window", q.events, (), window()) for _ in range(n)]
    actors = popular("ORG", n // 2) + popular("PERSON", n - n // 2)
    out += [("events: actor + window", q.events, (), {"actor": a, **window()}) for a in actors]
    out += [("events: place + window", q.events, (), {"place": str(p), **window()}) for p in popular("PLACE", n)]
    r.shuffle(out)
    return out


def _size(result: Any) -> int:
    for key in ("entries", "steps", "members", "events"):
        if key in result:
            return len(result[key])
    return 0


def _server_cpu(store: Store) -> Callable[[], int]:
    """CPU nanoseconds used so far by the PostgreSQL server processes serving this store's
    connections (0 on SQLite, which runs in this thread): with the client's thread time, a
    query's cost on a loaded machine."""
    if store.dialect != "postgresql":
        return lambda: 0
    pids: list[int] = []

    def _backend(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pids.append(int(cur.fetchone()[0]))

    for engine in {store.engine, store.read_engine}:  # the queries read from read_engine's pool
        sa.event.listen(engine, "connect", _backend)
        engine.dispose()  # connections made before the listener: closed, so every one is seen

    def used() -> int:
        total = 0
        for pid in pids:
            try:
                total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
            except (OSError, ValueError):  # a connection that was closed
                continue
        return total

    return used


def _stats(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 2),
            "max_ms": round(ms[-1], 2)}


def measure(store: Store, queries: list[Query], *, warmup: int = 30) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Wall-clock, CPU (client thread + server) and client CPU (this process) time of each
    query, by kind; and a digest of each answer's JSON (key order included), in query order,
    to compare the back ends' answers."""
    server = _server_cpu(store)
    for _, fn, args, kwargs in queries[:warmup]:
        fn(store, *args, **kwargs)
    wall: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    client: dict[str, list[float]] = {}
    sizes: dict[str, list[int]] = {}
    digests: list[str] = []
    for kind, fn, args, kwargs in queries:
        s0 = server()
        p0, c0, t0 = time.process_time_ns(), time.thread_time_ns(), time.perf_counter_ns()
        result = fn(store, *args, **kwargs)
        t1, c1, p1 = time.perf_counter_ns(), time.thread_time_ns(), time.process_time_ns()
        s1 = server()
        wall.setdefault(kind, []).append((t1 - t0) / 1e6)
        cpu.setdefault(kind, []).append((c1 - c0 + s1 - s0) / 1e6)
        client.setdefault(kind, []).append((p1 - p0) / 1e6)
        sizes.setdefault(kind, []).append(_size(result))
        digests.append(hashlib.sha256(json.dumps(result, default=str).encode()).hexdigest())
    timed = {kind: {"n": len(wall[kind]), **_stats(wall[kind]), "cpu": _stats(cpu[kind]),
                    "client_cpu": _stats(client[kind]), "mean_rows": round(statistics.mean(sizes[kind]), 1)}
             for kind in wall}
    return timed, digests


# -- main ------------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--facts", type=int, default=1_000_000, help="source rows (default 1,000,000)")
    ap.add_argument("--quick", action="store_true", help="50,000 facts")
    ap.add_argument("--queries", type=int, default=200, help="queries of each kind (default 200)")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=Path, default=Path(__file__).with_suffix(".json"))
    ap.add_argument("--keep", type=Path, default=None, help="keep the SQLite file here")
    args = ap.parse_args()
    n_facts = 50_000 if args.quick else args.facts

    corpus = build(n_facts, args.seed)
    gc.freeze()  # millions of row tuples: keep the collector from walking them during the queries
    counts = {k: len(v) for k, v in corpus.rows.items()}
    hot_group = max(corpus.by_type["ORG"], key=lambda i: corpus.claim_count.get(i, 0))
    hot_person = max(corpus.by_type["PERSON"], key=lambda i: corpus.claim_count.get(i, 0))
    shape = {"claims naming the top group": corpus.claim_count.get(hot_group, 0),
             "claims naming the top person": corpus.claim_count.get(hot_person, 0),
             "most sources of one claim": max(row[13] for row in corpus.rows["claims"]),
             "undated claims": sum(1 for row in corpus.rows["claims"] if not (row[5] or row[7]))}
    print(f"corpus: {n_facts:,} facts generated in {corpus.seconds:.0f} s; "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print("shape: " + ", ".join(f"{k} {v:,}" for k, v in shape.items()))
    queries = workload(corpus, args.queries, args.seed)

    report: dict[str, Any] = {"date": dt.date.today().isoformat(), "facts": n_facts, "seed": args.seed,
                              "machine": f"{platform.machine()}, {_cores()} cores, Python {platform.python_version()}",
                              "rows": counts, "shape": shape, "target_p95_ms": TARGET_MS, "backends": {}}
    tmp = Path(tempfile.mkdtemp(prefix="allegiance-bench-"))
    try:
        for backend in args.backends.split(","):
            report["backends"][backend] = _run(backend, corpus, queries, tmp, args.keep)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    answered = [b.pop("digests") for b in report["backends"].values() if "digests" in b]
    if len(answered) == 2:  # the same answers from both back ends, byte for byte
        report["answers"] = {"queries": len(answered[0]),
                             "differ_between_backends": sum(x != y for x, y in zip(*answered, strict=True))}

    _print(report)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.json}")
    ok = all(v.get("p95_ms", 0) < TARGET_MS for b in report["backends"].values()
             for v in b.get("queries", {}).values())
    return 0 if ok else 1


def _cores() -> int:
    return os.cpu_count() or 1


def _run(backend: str, corpus: Corpus, queries: list[Query], tmp: Path, keep: Path | None) -> dict[str, Any]:
    if backend == "sqlite":
        path = keep or tmp / "graph.sqlite"
        if path.exists():
            path.unlink()
        store, phases = load(str(path), corpus)
        return _timed(store, phases, queries, size=path.stat().st_size)
    if backend == "postgresql":
        from tests.support.pg import create_database, postgres_server

        try:
            with postgres_server() as server:
                store, phases = load(create_database(server, "bench"), corpus)
                with store.read() as conn:
                    size = conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one()
                return _timed(store, phases, queries, size=int(size))
        except RuntimeError as exc:
            print(f"postgresql: not measured ({exc})", file=sys.stderr)
            return {"error": str(exc)}
    raise SystemExit(f"unknown back end {backend!r}: sqlite or postgresql")


def _timed(store: Store, phases: dict[str, float], queries: list[Query], *, size: int) -> dict[str, Any]:
    steps = ", ".join(f"{k} {v:.0f} s" for k, v in phases.items() if k != "total")
    print(f"{store.dialect}: loaded in {phases['total']:.0f} s ({size / 2**20:.0f} MB; {steps}); "
          f"timing {len(queries)} queries")
    store.close()
    store = open_store(store.name)  # a fresh pool, as a new process would have
    try:
        before = os.getloadavg()[0]
        timed, digests = measure(store, queries)
        return {"load_seconds": phases["total"], "load_phases": phases, "size_mb": round(size / 2**20),
                "load_average": [round(before, 2), round(os.getloadavg()[0], 2)], "queries": timed,
                "digests": digests}
    finally:
        store.close()


def _print(report: dict[str, Any]) -> None:
    backends = {k: v for k, v in report["backends"].items() if "queries" in v}
    kinds = sorted(next(iter(backends.values()))["queries"]) if backends else []
    print(f"\n{'ms (p50 / p95 / max)':26}" + "".join(f"{b + ' wall':>24}{b + ' cpu':>18}{'client':>16}"
                                                    for b in backends) + f"{'rows':>8}")
    for kind in kinds:
        line, rows = f"{kind:26}", ""
        for b in backends.values():
            v = b["queries"][kind]
            line += f"{v['p50_ms']:>8.1f} {v['p95_ms']:>6.1f} {v['max_ms']:>8.1f}"
            line += f"{v['cpu']['p50_ms']:>10.1f} {v['cpu']['p95_ms']:>7.1f}"
            line += f"{v['client_cpu']['p50_ms']:>9.1f} {v['client_cpu']['p95_ms']:>6.1f}"
            rows = f"{v['mean_rows']:>8.1f}"
        print(line + rows)
    if "answers" in report:
        print(f"answers: {report['answers']['differ_between_backends']} of {report['answers']['queries']} differ "
              "between the back ends")
    for name, b in backends.items():
        print(f"{name}: load {b['load_seconds']:.0f} s, {b['size_mb']} MB, load average during the queries "
              f"{b['load_average'][0]:.1f} → {b['load_average'][1]:.1f} on {_cores()} cores")


if __name__ == "__main__":
    sys.exit(main())
