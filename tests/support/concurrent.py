"""Writers, an API reader and a merger on one graph database, each in its own process.

Used by tests/test_concurrency.py (short runs) and bench/concurrency.py (60 s). Documents are
hand-built extractions (tests/support/fake.py: no spaCy), made so that the graph they give
is known exactly whatever order they arrive in:

- document i names its own group "Brigade <i>" and person "<i> Person Saleh", with a
  membership claim between them (one entity each, one claim each);
- every document also names the same new group "Liwa al-Muwahhidin Shared" and the same
  knowledge-base actor (kb_id fixture:shared), racing to create them: one entity each;
- the shared membership claim ("Shared Commander Abu Saleh" member of the shared group) is
  one claim with a source per document;
- pair k of merge documents names "Merge Keep <k>" and "Merge Drop <k>" (in two documents);
  the merger merges the two entities once both exist.

Every process writes what it did as JSON to a file; the caller adds them up.
"""

from __future__ import annotations

import json
import time
import traceback
from pathlib import Path
from typing import Any

from tests.support.fake import extraction

SHARED_ORG = "Liwa al-Muwahhidin Shared"
SHARED_KB = "fixture:shared"
SHARED_PERSON = "Shared Commander Abu Saleh"


def document(i: int) -> Any:
    own_org, own_person = f"Brigade {i:06d} Forces", f"Number{i:06d} Person Saleh"
    text = (f"Report {i:06d}. {own_person} joined the {own_org}. {SHARED_PERSON} is a member of "
            f"{SHARED_ORG}. The Shared Actor {SHARED_KB} was named.")
    ents = [{"name": own_person, "type": "PERSON"}, {"name": own_org, "type": "ORG"},
            {"name": SHARED_PERSON, "type": "PERSON"}, {"name": SHARED_ORG, "type": "ORG"},
            {"name": "Shared Actor", "type": "ORG", "kb_id": SHARED_KB}]
    facts = [{"predicate": "member_of", "args": {"subject": "e1", "object": "e2"},
              "quote": f"{own_person} joined the {own_org}"},
             {"predicate": "member_of", "args": {"subject": "e3", "object": "e4"},
              "quote": f"{SHARED_PERSON} is a member of {SHARED_ORG}"}]
    return extraction(text, ents, facts, doc_id=f"doc-{i}")


def merge_document(k: int, side: str) -> Any:
    name = f"Merge {side} {k:04d} Front"
    text = f"Merge report {side} {k:04d}. The {name} was seen."
    return extraction(text, [{"name": name, "type": "ORG"}], [], doc_id=f"merge-{side}-{k}")


def expected(n_docs: int, n_pairs: int, merges: int) -> dict[str, int]:
    """The exact counts after n_docs documents, n_pairs merge pairs and `merges` merges."""
    return {"documents": n_docs + 2 * n_pairs,
            "entities": 2 * n_docs + 3 + 2 * n_pairs - merges,
            "claims": n_docs + 1,
            "sources": 2 * n_docs,
            "merges_by_person": merges}


def _report(path: str, data: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(data))


def writer(db: str, docs: list[int], pairs: list[tuple[int, str]], out: str, *,
           more_from: int = 0, stride: int = 1, until: float = 0.0) -> None:
    """Ingest `docs` and the merge documents `pairs`; with `until`, go on with new documents
    more_from, more_from + stride, … until then, or until a file `out`.stop appears. Each
    document done adds a line to `out`.progress."""
    from allegiance.errors import AllegianceError
    from allegiance.graph.store import open_store

    done: dict[str, Any] = {"ingested": 0, "present": 0, "errors": [], "docs": []}
    try:
        with open_store(db) as store:
            items: list[Any] = [(i, document(i)) for i in docs] + [(None, merge_document(k, s)) for k, s in pairs]
            nxt = more_from
            progress = open(out + ".progress", "a")  # noqa: SIM115 (open for the whole run)
            while items or (time.time() < until and not Path(out + ".stop").exists()):
                if items:
                    i, ex = items.pop(0)
                else:
                    i, ex = nxt, document(nxt)
                    nxt += stride
                try:
                    result = store.ingest(ex, source_name=f"doc-{i}")
                except AllegianceError as exc:
                    done["errors"].append(str(exc))
                    continue
                done[result.status] += 1
                if i is not None:
                    done["docs"].append(i)
                progress.write(f"{i}\n")
                progress.flush()
    except Exception:
        done["errors"].append(traceback.format_exc())
    _report(out, done)


def _stopped(stop: str, until: float) -> bool:
    return Path(stop).exists() or time.time() >= until


def reader(db: str, out: str, stop: str, until: float) -> None:
    """Reads through the HTTP API (in-process ASGI client) until told to stop: every answer
    that is not 200 or 404 is an error a user would see."""
    from fastapi.testclient import TestClient

    from allegiance.serve.api import create_app

    done: dict[str, Any] = {"requests": 0, "errors": []}
    try:
        with TestClient(create_app(db=db, token="")) as client:
            while not _stopped(stop, until):
                for url in ("/api/stats", f"/api/search?q={SHARED_ORG}", "/api/search?q=Brigade",
                            "/api/entities/1", "/api/candidates", "/api/failures"):
                    r = client.get(url)
                    done["requests"] += 1
                    if r.status_code not in (200, 404):
                        done["errors"].append(f"{url}: {r.status_code} {r.text[:300]}")
    except Exception:
        done["errors"].append(traceback.format_exc())
    _report(out, done)


def merger(db: str, n_pairs: int, out: str, stop: str, until: float) -> None:
    """Merges "Merge Drop k" into "Merge Keep k" as soon as both are stored."""
    import sqlalchemy as sa

    from allegiance.errors import AllegianceError
    from allegiance.graph import schema as t
    from allegiance.graph.store import open_store

    done: dict[str, Any] = {"merges": 0, "errors": []}
    todo = set(range(n_pairs))
    try:
        with open_store(db) as store:
            while todo and not (Path(stop + ".merger").exists() or time.time() >= until):
                for k in sorted(todo):
                    names = [f"Merge Keep {k:04d} Front", f"Merge Drop {k:04d} Front"]
                    with store.read() as conn:
                        rows = dict(conn.execute(sa.select(t.entities.c.name, t.entities.c.id)
                                                 .where(t.entities.c.name.in_(names))).all())
                    if len(rows) < 2:
                        continue
                    try:
                        store.merge(rows[names[0]], rows[names[1]], reason="the same front (test)")
                    except AllegianceError as exc:
                        done["errors"].append(str(exc))
                        continue
                    done["merges"] += 1
                    todo.discard(k)
                time.sleep(0.05)
    except Exception:
        done["errors"].append(traceback.format_exc())
    done["left"] = sorted(todo)
    _report(out, done)


def counts(db: str) -> dict[str, int]:
    """What the store holds, and the duplicates a race would have made."""
    import sqlalchemy as sa

    from allegiance.graph import schema as t
    from allegiance.graph.store import open_store

    with open_store(db) as store:
        s = store.stats()
        with store.read() as conn:
            live = t.entities.c.merged_into.is_(None)
            dup_names = conn.execute(sa.select(sa.func.count()).select_from(
                sa.select(t.entities.c.name).where(live).group_by(t.entities.c.type, t.entities.c.name)
                .having(sa.func.count() > 1).subquery())).scalar_one()
            by_person = conn.execute(sa.select(sa.func.count()).select_from(t.merges)
                                     .where(t.merges.c.action == "merge", t.merges.c.by == "person")).scalar_one()
            seqs = conn.execute(sa.select(sa.func.count(sa.distinct(t.documents.c.seq)))).scalar_one()
    return {"documents": s["documents"], "entities": s["entities"], "claims": s["claims"],
            "sources": s["sources"], "merges_by_person": int(by_person), "duplicate_names": int(dup_names),
            "distinct_seq": int(seqs)}


def run(db: str, *, writers: int, docs_per_writer: int, pairs: int, seconds: float, workdir: Path
        ) -> dict[str, Any]:
    """Start the writers, one API reader and one merger; wait; add up what they saw.

    Writer w ingests documents w, w + writers, … and also those of writer w + 1 (each
    document reaches two writers and must be stored once). With `seconds` the writers then
    go on with new documents until that many seconds have passed (the bench)."""
    import multiprocessing as mp

    from allegiance.graph.store import open_store

    open_store(db).close()  # create and migrate once, before the race
    ctx = mp.get_context("spawn")
    n = writers * docs_per_writer
    started = time.time()
    until = started + seconds
    stop = str(workdir / "stop")
    merge_docs = [(k, side) for k in range(pairs) for side in ("Keep", "Drop")]
    procs, outs = [], []
    for w in range(writers):
        mine = sorted(set(range(w, n, writers)) | set(range((w + 1) % writers, n, writers)))
        out = str(workdir / f"writer{w}.json")
        procs.append(ctx.Process(target=writer, args=(db, mine, merge_docs[w::writers], out),
                                 kwargs={"more_from": n + w, "stride": writers, "until": until}))
        outs.append(out)
    r_out, m_out = str(workdir / "reader.json"), str(workdir / "merger.json")
    deadline = until + 600
    reader_p = ctx.Process(target=reader, args=(db, r_out, stop, deadline))
    merger_p = ctx.Process(target=merger, args=(db, pairs, m_out, stop, deadline))
    for p in [*procs, reader_p, merger_p]:
        p.start()
    for p in procs:
        p.join()
    writing = time.time() - started
    merger_p.join(timeout=60)  # every pair is stored by now: the merger finishes
    Path(stop + ".merger").write_text("")
    merger_p.join(timeout=10)
    Path(stop).write_text("")
    reader_p.join(timeout=30)
    for p in (merger_p, reader_p):
        if p.is_alive():
            p.terminate()
            p.join()
    ws = [json.loads(Path(o).read_text()) for o in outs]
    rd = json.loads(Path(r_out).read_text()) if Path(r_out).exists() else {"requests": 0, "errors": ["no report"]}
    mg = json.loads(Path(m_out).read_text()) if Path(m_out).exists() else {"merges": 0, "errors": ["no report"]}
    return {"writer_errors": [e for w in ws for e in w["errors"]], "reader_errors": rd["errors"],
            "merger_errors": mg["errors"], "requests": rd["requests"], "merges": mg["merges"],
            "pairs_left": mg.get("left", []), "ingested": sum(w["ingested"] for w in ws),
            "present": sum(w["present"] for w in ws), "stored_docs": len({i for w in ws for i in w["docs"]}),
            "seconds": round(writing, 1)}
