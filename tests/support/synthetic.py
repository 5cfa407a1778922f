"""A synthetic graph of many events, written straight into the store's tables.

Ingesting 10,000 facts through resolution takes minutes; the pages only read claims,
their arguments and sources, so those rows are written directly (in one transaction),
shaped as `Store.ingest` writes them. Places are towns around Syria's governorate seats.
"""

from __future__ import annotations

import random

import sqlalchemy as sa

from allegiance.graph import schema as t
from allegiance.graph.store import Store, now

SEATS = (("Aleppo", 36.20, 37.16), ("Idlib", 35.93, 36.63), ("Hama", 35.13, 36.76), ("Homs", 34.72, 36.73),
         ("Latakia", 35.53, 35.79), ("Damascus", 33.51, 36.29), ("Daraa", 32.62, 36.10), ("Raqqa", 35.95, 39.01),
         ("Deir ez-Zor", 35.34, 40.14), ("Al-Hasakah", 36.50, 40.75))
TYPES = ("attack", "clash", "killing", "detention", "protest", "evacuation")


def synthetic_events(store: Store, *, n: int = 10_000, seed: int = 7) -> None:
    rng = random.Random(seed)
    stamp = now()
    text = "Synthetic events for the web tests. " * 4
    doc = "f" * 64
    with store.begin() as conn:
        conn.execute(sa.insert(t.documents).values(
            id=doc, external_id="synthetic", source_name="synthetic", title="Synthetic events", published="2020-01-01",
            outlet="Synthetic Wire", text=text, extractor_version="test", ingested_at=stamp, seq=1))
        ents: list[dict[str, object]] = []
        for i in range(12):
            ents.append({"type": "ORG", "name": f"Liwa Synthetic {i + 1}", "name_key": f"liwa synthetic {i + 1}",
                         "lat": None, "lon": None, "admin1": None, "geo_precision": None})
        for name, lat, lon in SEATS:
            for k in range(4):
                ents.append({"type": "PLACE", "name": f"{name} district {k + 1}", "name_key": f"{name} {k + 1}".lower(),
                             "lat": lat + rng.uniform(-0.25, 0.25), "lon": lon + rng.uniform(-0.25, 0.25),
                             "admin1": name, "geo_precision": 1})
        for e in ents:
            e["created_at"] = stamp
        ids = [int(r[0]) for r in conn.execute(sa.insert(t.entities).returning(t.entities.c.id), ents)]
        conn.execute(sa.insert(t.entity_names), [
            {"entity_id": i, "name": e["name"], "norm": str(e["name"]).lower(), "skel": str(e["name_key"]),
             "origin": "text"} for i, e in zip(ids, ents, strict=True)])
        orgs, places = ids[:12], ids[12:]
        # executemany takes its columns from the first row: every row carries every key.
        claims, args, sources = [], [], []
        for k in range(n):
            day = f"{2011 + k % 10}-{1 + k % 12:02d}-{1 + k % 28:02d}"
            claims.append({"id": k + 1, "key": f"syn{k}", "contest_key": f"syn{k}", "predicate": rng.choice(TYPES),
                           "time_start": day, "time_end": day, "sort_date": day, "place_id": rng.choice(places),
                           "polarity": "positive", "first_cited": "2020-01-01", "last_cited": "2020-01-01",
                           "n_sources": 1, "contested": False})
            agent, patient = rng.sample(orgs, 2)
            args += [{"claim_id": k + 1, "role": "agent", "entity_id": agent},
                     {"claim_id": k + 1, "role": "patient", "entity_id": patient}]
            sources.append({"document_id": doc, "fact_id": f"f{k}", "claim_id": k + 1,
                            "predicate": claims[-1]["predicate"], "args": "{}", "polarity": "positive",
                            "modality": "asserted", "asserted_by": "reporter", "evidence_start": 0,
                            "evidence_end": 35, "quote": text[:35], "confidence": 0.8, "published": "2020-01-01"})
        conn.execute(sa.insert(t.claims), claims)
        conn.execute(sa.insert(t.claim_args), args)
        conn.execute(sa.insert(t.sources), sources)
