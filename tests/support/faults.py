"""Faults on purpose: extractors that fail (for the batch tests, run inside worker
processes), and what bench/kills.py needs to kill an ingest and count what survived.

A text that contains FAULT:RAISE raises, FAULT:HANG never returns, FAULT:CRASH kills its
own process; any other text is extracted as usual.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

from allegiance.batch import extract_one
from allegiance.model import Extraction
from allegiance.read.inputs import Source


def faulty(source: Source, **options: Any) -> Extraction:
    text = source.text or source.html or ""
    if "FAULT:RAISE" in text:
        raise RuntimeError("injected failure")
    if "FAULT:HANG" in text:
        while True:
            time.sleep(1)
    if "FAULT:CRASH" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    return extract_one(source, **options)


# -- killing an ingest at random points (bench/kills.py) ------------------------------------

def short_articles(n: int, articles: Path, *, prefix: str = "k") -> list[dict[str, str]]:
    """n short real articles for an ingest to be killed in: each one paragraph of the fixture
    articles (tests/data/articles), with its own id, headline and date."""
    texts = []
    for p in sorted(articles.glob("*.txt")):
        paras = [x.strip() for x in p.read_text(encoding="utf-8").split("\n\n") if len(x.strip()) > 120]
        if paras:
            texts.append(paras)
    out = []
    for i in range(n):
        paras = texts[i % len(texts)]
        body = paras[(i // len(texts)) % len(paras)]
        out.append({"id": f"{prefix}-{i}", "title": f"Dispatch {i}", "published": "2020-01-15",
                    "text": f"Dispatch {i} from the northwest\n\n15 January 2020\n\n{body}"})
    return out


def per_document(db: str) -> dict[str, list[tuple[int, int, int]]]:
    """external id → one (sources, local entities, mentions) row count triple per stored
    document with that id: two triples are a duplicate, a triple unlike a clean run's a
    partial document. Works on SQLite and PostgreSQL alike."""
    import sqlalchemy as sa

    from allegiance.graph import schema as t
    from allegiance.graph.store import open_store

    out: dict[str, list[tuple[int, int, int]]] = {}
    with open_store(db) as store, store.read() as conn:
        per: dict[str, dict[str, int]] = {}
        for table in (t.sources, t.local_entities, t.mentions):
            rows = conn.execute(sa.select(table.c.document_id, sa.func.count()).group_by(table.c.document_id))
            per[table.name] = {str(d): int(n) for d, n in rows}
        for doc_id, ext in conn.execute(sa.select(t.documents.c.id, t.documents.c.external_id)):
            out.setdefault(str(ext), []).append(
                tuple(per[name].get(str(doc_id), 0) for name in ("sources", "local_entities", "mentions")))  # type: ignore[arg-type]
    return out


def stored(db: str) -> int:
    """Documents in a SQLite store now, or 0 while it cannot be read (being created). Read
    with sqlite3 itself, read-only: polled every few milliseconds, it must cost little."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def children_of(pid: int) -> list[int]:
    """The process ids whose parent is `pid` (Linux: /proc)."""
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(d.name))
    return out


def running(pid: int) -> bool:
    """Whether `pid` is a live process (not gone, not a zombie)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
