"""Page load times of the web UI on a big store, measured in Debian's headless Chromium.

    .venv/bin/python bench/web_load.py --db STORE.sqlite [--repeat 5]

Opens the store (e.g. one holding ../shared/corpus/fakes/dev.jsonl, re3d dev and the bundled
articles, as `allegiance ingest` builds it), serves the app on a free loopback port, and for
each kind of page (search, the most-cited person, the most-cited group, events, a document,
corpus, a claim) reports the best of N navigation timings (server time + first render),
the issue's target being < 300 ms. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from allegiance.graph import schema as t  # noqa: E402
from allegiance.graph.store import open_store  # noqa: E402


def most_cited(store, type_: str) -> int:
    with store.read() as conn:
        ca, en = t.claim_args.c, t.entities.c
        row = conn.execute(sa.select(ca.entity_id, sa.func.count().label("n")).join(t.entities, en.id == ca.entity_id)
                           .where(en.type == type_).group_by(ca.entity_id).order_by(sa.text("n DESC")).limit(1)).first()
        return int(row[0])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from allegiance.serve.api import create_app
    from allegiance.serve.api_guard import loopback_names
    from tests.support.browser import chromium, live_server, load_ms

    store = open_store(args.db)
    stats = store.stats()
    with store.read() as conn:
        doc = conn.execute(sa.select(t.documents.c.id).order_by(t.documents.c.seq).limit(1)).scalar_one()
        claim = conn.execute(sa.select(sa.func.min(t.claims.c.id))).scalar_one()
    pages = {"search": "/?q=Nusra", "person": f"/persons/{most_cited(store, 'PERSON')}",
             "group": f"/groups/{most_cited(store, 'ORG')}", "events": "/events", "document": f"/documents/{doc}",
             "corpus": "/corpus", "claim": f"/claims/{claim}"}
    timings = {}
    with live_server(create_app(db=store, allowed_hosts=loopback_names("127.0.0.1"))) as url, chromium() as browser:
        page = browser.new_page()
        for name, path in pages.items():
            page.goto(url + path)  # warm
            best = []
            for _ in range(args.repeat):
                page.goto(url + path, wait_until="load")
                best.append(float(load_ms(page)))
            timings[name] = round(min(best), 1)
    print(json.dumps({"store": {k: stats[k] for k in ("documents", "entities", "claims", "sources")},
                      "page_load_ms_best_of": args.repeat, "timings": timings}, indent=1))


if __name__ == "__main__":
    main()
