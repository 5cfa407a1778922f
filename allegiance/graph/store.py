"""The store: one interface over SQLite (default) and PostgreSQL.

    store = open_store("graph.sqlite")            # or "postgresql://user@host/db"
    result = store.ingest(extraction)             # one transaction per document
    store.stats()

Opening runs the Alembic migrations up to the current schema. A file that is not a
SQLite database, or a database that holds another program's tables, is refused with a
`StoreError` and left untouched. Every write of one document happens in one
transaction: a document is stored whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from allegiance.errors import StoreError
from allegiance.graph import resolve
from allegiance.graph import schema as t
from allegiance.model import Extraction

EXTRACTOR_VERSION = "0.1.0"
#: How long a write waits out a busy or unreachable database before it fails.
DEFAULT_RETRY_SECONDS = 60.0
_INTEGRITY_RETRIES = 3
_WRITE_LOCK = 0x616C6C65  # the PostgreSQL advisory lock every graph writer holds ("alle")
_T = TypeVar("_T")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_db() -> str:
    """`ALLEGIANCE_DB`, else a SQLite file in the user's data folder (platformdirs)."""
    env = os.environ.get("ALLEGIANCE_DB")
    if env:
        return env
    import platformdirs

    return str(Path(platformdirs.user_data_dir("allegiance")) / "graph.sqlite")


def retry_seconds() -> float:
    """`ALLEGIANCE_DB_RETRY_SECONDS`, else DEFAULT_RETRY_SECONDS."""
    raw = os.environ.get("ALLEGIANCE_DB_RETRY_SECONDS", "")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_RETRY_SECONDS
    except ValueError:
        return DEFAULT_RETRY_SECONDS


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_KEY_KINDS = frozenset({"headline", "lede", "body", "question", "answer", "editor_note", "caption"})


def document_key(text: str, segments: Iterable[Any]) -> str:
    """sha256 of the normalised article text: its segments less boilerplate and pull-quotes
    (which repeat the body), NFKC, one space for any run of white space, case folded.

    The text and HTML forms of one article keep the same segments but not the same page
    furniture (datelines, share buttons), so they are one document.
    """
    parts = [text[s.start:s.end] for s in segments if s.kind in _KEY_KINDS]
    norm = unicodedata.normalize("NFKC", " ".join(parts) if parts else text)
    norm = re.sub(r"\s+", " ", norm).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class IngestResult:
    document_id: str
    status: str  # ingested | present
    entities: int = 0
    facts: int = 0


def _url_of(db: str | os.PathLike[str]) -> str:
    db = str(db)
    if "://" in db:
        if db.startswith("postgresql://") or db.startswith("postgres://"):
            return "postgresql+psycopg://" + db.split("://", 1)[1]
        return db
    return "sqlite:///" + str(Path(db).expanduser().resolve())


def _check_sqlite_file(path: Path) -> None:
    if not path.exists():
        return
    if path.is_dir():
        raise StoreError("is a folder, not a database file", input=str(path),
                         hint="Give a file path (a new one is created) or a postgresql:// URL.")
    with path.open("rb") as fh:
        header = fh.read(100)
    head = header[:16]
    if head and head != _SQLITE_MAGIC:
        raise StoreError("is not a SQLite database", input=str(path),
                         hint="Give a new file name or an allegiance database; the file was not modified.")
    if not head:
        return
    damage = _truncated(header, path.stat().st_size)
    if damage:
        raise StoreError(f"is a damaged SQLite database ({damage})", input=str(path),
                         hint="Restore it from a backup or give a new file name; the file was not modified.")
    # Look before opening for writing: WAL mode alone rewrites the header of a file.
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"is not a readable SQLite database ({exc})", input=str(path),
                         hint="Give a new file name or an allegiance database; the file was not modified.") from exc
    if tables and "alembic_version" not in tables:
        raise StoreError("holds tables that are not an allegiance graph", input=str(path),
                         hint="Give a new database (file name or URL); this one was not modified.")


def _truncated(header: bytes, size: int) -> str | None:
    """Why a SQLite file is cut short, from its 100-byte header (no page is read): SQLite
    itself would read such a file until a query hits the missing part."""
    if len(header) < 100:
        return f"{size} bytes, shorter than its header"
    page = int.from_bytes(header[16:18], "big")
    page = 65536 if page == 1 else page
    if page < 512 or page & (page - 1):
        return f"page size {page} is no power of two from 512 to 65536"
    if size % page:
        return f"{size} bytes is no whole number of {page}-byte pages"
    pages = int.from_bytes(header[28:32], "big")
    if header[92:96] == header[24:28] and pages * page > size:  # the page count is current
        return f"its header counts {pages} pages, the file holds {size // page}"
    return None


class Store:
    """A graph database. Use `open_store`; close it with `close()` or a `with` block."""

    def __init__(self, engine: Engine, *, name: str) -> None:
        self.engine = engine
        self.name = name
        self.dialect = engine.dialect.name
        self.read_engine = engine
        if self.dialect == "postgresql":
            # A pool of its own: a pooled connection's pre-ping opens a transaction, after
            # which autocommit can no longer be set on it.
            self.read_engine = sa.create_engine(engine.url, pool_pre_ping=True, isolation_level="AUTOCOMMIT")
            sa.event.listen(self.read_engine, "connect", _pg_settings)

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction, retried while SQLite reports the database locked."""
        with self.engine.begin() as conn:
            yield conn

    def read(self) -> Connection:
        return self.engine.connect()

    def reader(self) -> Connection:
        """A connection for the query layer's short reads (`read_engine`). On PostgreSQL its
        statements run in autocommit: no BEGIN and ROLLBACK round trips around a page (under
        READ COMMITTED each statement sees its own snapshot either way). Not for server-side
        cursors, which need a transaction (`read`)."""
        return self.read_engine.connect()

    # -- writing -----------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(t.documents.c.id).where(t.documents.c.id == doc_id)).first() is not None

    def known_external_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.documents.c.external_id, t.documents.c.source_name))
            out: set[str] = set()
            for ext, src in rows:
                if ext:
                    out.add(ext)
                if src:
                    out.add(src)
            return out

    def ingest(self, extraction: Extraction, *, source_name: str | None = None) -> IngestResult:
        """Store one extraction (made with `with_text=True`) and merge it into the graph."""
        text = extraction.document.text
        if text is None:
            raise StoreError("the extraction carries no document text", input=source_name or extraction.document.id,
                             hint="Extract with with_text=True (CLI: --with-text) before storing.")
        doc_id = document_key(text, extraction.segments)

        def write(conn: Connection) -> IngestResult:
            if conn.execute(sa.select(t.documents.c.id).where(t.documents.c.id == doc_id)).first():
                return IngestResult(doc_id, "present")
            _insert_document(conn, doc_id, extraction, source_name)
            mapping = resolve.attach_entities(conn, doc_id, extraction)
            n = resolve.add_sources(conn, doc_id, extraction, mapping)
            conn.execute(sa.delete(t.failures).where(t.failures.c.source_name == (source_name or "")))
            return IngestResult(doc_id, "ingested", len(extraction.entities), n)

        for attempt in range(_INTEGRITY_RETRIES + 1):
            try:
                return self._write(write)
            except sa.exc.IntegrityError as exc:
                # Another writer stored this document, or created the graph entity of one of
                # its KB actors (unique kb_id), between our reads and our insert: the next
                # attempt finds the document present or attaches to that entity.
                if attempt == _INTEGRITY_RETRIES:
                    raise StoreError(f"could not write: {exc.orig}", input=self.name,
                                     hint="Run the ingest again; stored documents are skipped.") from exc
        raise AssertionError("unreachable")

    def _write(self, work: Callable[[Connection], _T]) -> _T:
        """Run `work` in one write transaction, retried with back-off while the database is
        busy (SQLite locked) or unreachable (a PostgreSQL server restarting), for up to
        `retry_seconds()`; then a `StoreError`.

        Writers take one lock for the whole transaction (SQLite: BEGIN IMMEDIATE;
        PostgreSQL: a transaction advisory lock), so resolution never reads a graph another
        writer is changing: two documents naming one new group make one entity, not two.
        """
        deadline = time.monotonic() + retry_seconds()
        delay = 0.05
        while True:
            try:
                with self.engine.begin() as conn:
                    if self.dialect == "sqlite":
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                    elif self.dialect == "postgresql":
                        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_WRITE_LOCK)))
                    return work(conn)
            except sa.exc.IntegrityError:
                raise
            except sa.exc.DBAPIError as exc:
                if not self._transient(exc) or time.monotonic() + delay > deadline:
                    raise StoreError(f"could not write: {getattr(exc, 'orig', exc)}", input=self.name,
                                     hint="Check the database is reachable and writable, then run again.") from exc
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 2.0)

    def _transient(self, exc: sa.exc.DBAPIError) -> bool:
        if exc.connection_invalidated:
            return True
        if self.dialect == "sqlite":
            msg = str(exc.orig).lower()
            return isinstance(exc, sa.exc.OperationalError) and ("locked" in msg or "busy" in msg)
        # PostgreSQL: a lost or refused connection, a server shutting down or starting up,
        # a deadlock or serialization failure all pass; a bad statement does not.
        return isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError)

    def record_failure(self, source_name: str, code: str, reason: str) -> None:
        def write(conn: Connection) -> None:
            conn.execute(sa.delete(t.failures).where(t.failures.c.source_name == source_name))
            conn.execute(sa.insert(t.failures).values(source_name=source_name, code=code, reason=reason, at=now()))

        self._write(write)

    # -- corrections -------------------------------------------------------------------

    def merge(self, keep: int, other: int, *, reason: str = "merged by a person") -> int:
        return self._write(lambda conn: resolve.merge_by_person(conn, keep, other, reason=reason))

    def split(self, entity_id: int, *, document_id: str | None = None) -> list[int]:
        return self._write(lambda conn: resolve.split_by_person(conn, entity_id, document_id=document_id))

    def reject_candidate(self, a: int, b: int) -> None:
        c = t.candidates.c
        self._write(lambda conn: conn.execute(sa.update(t.candidates).where(
            sa.or_(sa.and_(c.a == a, c.b == b), sa.and_(c.a == b, c.b == a))).values(status="rejected")))

    def rebuild(self) -> None:
        """Re-run resolution over every stored document, then replay a person's corrections."""
        self._write(resolve.rebuild)

    # -- reading -----------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            def count(table: sa.Table, *where: Any) -> int:
                return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one())

            live = t.entities.c.merged_into.is_(None)
            by_type = {str(k): int(v) for k, v in conn.execute(
                sa.select(t.entities.c.type, sa.func.count()).where(live).group_by(t.entities.c.type))}
            by_pred = {str(k): int(v) for k, v in conn.execute(
                sa.select(t.claims.c.predicate, sa.func.count()).group_by(t.claims.c.predicate))}
            return {
                "documents": count(t.documents),
                "entities": count(t.entities, live),
                "entities_by_type": {k: by_type[k] for k in sorted(by_type)},
                "mentions": count(t.mentions),
                "claims": count(t.claims),
                "claims_by_predicate": {k: by_pred[k] for k in sorted(by_pred)},
                "sources": count(t.sources),
                "contested_claims": count(t.claims, t.claims.c.contested.is_(True)),
                "merges": count(t.merges),
                "open_candidates": count(t.candidates, t.candidates.c.status == "open"),
                "failures": count(t.failures),
            }


def _insert_document(conn: Connection, doc_id: str, ex: Extraction, source_name: str | None) -> None:
    d = ex.document
    seq = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.documents.c.seq), 0))).scalar_one()) + 1
    conn.execute(sa.insert(t.documents).values(
        id=doc_id, external_id=d.id, source_name=source_name, title=d.title, published=d.published,
        outlet=d.outlet, byline=d.byline, url=d.url, language=d.language, text=d.text,
        extractor_version=EXTRACTOR_VERSION, ingested_at=now(), seq=seq))
    if ex.segments:
        conn.execute(sa.insert(t.segments), [
            {"document_id": doc_id, "idx": i, "kind": s.kind, "start": s.start, "end": s.end, "speaker": s.speaker}
            for i, s in enumerate(ex.segments)])
    rows = [{"document_id": doc_id, "local_id": e.id, "start": s, "end": en}
            for e in ex.entities for s, en in sorted(set(e.mentions))]
    if rows:
        conn.execute(sa.insert(t.mentions), rows)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


#: The reader's plans (`_pg_settings`); query._custom_plans sets it back after a query planned for its values.
GENERIC_PLANS = "SET plan_cache_mode = force_generic_plan"


def _pg_settings(dbapi_conn: Any, _record: Any) -> None:
    """The reader's statements keep one generic plan: the query layer compiles each shape once,
    with bound parameters, and planning a page's statement anew for its values cost more than
    the plan saved (bench/query_latency.py, 10^6 facts, with autocommit reads and
    claim_args.cited: server CPU p95 of members 27 → 12 ms, a window's events 26 → 17, a
    timeline 17 → 10). A query whose best plan depends on its values asks for custom plans
    (query._custom_plans)."""
    with dbapi_conn.cursor() as cur:
        cur.execute(GENERIC_PLANS)
    dbapi_conn.commit()


def _migrate(engine: Engine, name: str) -> None:
    from alembic import command
    from alembic.config import Config

    with engine.begin() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        if tables and "alembic_version" not in tables:
            raise StoreError("holds tables that are not an allegiance graph", input=name,
                             hint="Give a new database (file name or URL); this one was not modified.")
        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "head")
        except Exception as exc:  # alembic raises plain CommandError for unknown revisions
            if "Can't locate revision" in str(exc):
                raise StoreError("was written by a newer allegiance", input=name,
                                 hint="Upgrade allegiance to open it.") from exc
            raise


def open_store(db: str | os.PathLike[str] | None = None) -> Store:
    """Open (and create or migrate) the graph database at a path or URL."""
    name = str(db) if db is not None else default_db()
    url = _url_of(name)
    try:
        if url.startswith("sqlite:///"):
            path = Path(url[len("sqlite:///"):])
            _check_sqlite_file(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url, connect_args={"timeout": 30})
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = sa.create_engine(url, pool_pre_ping=True)
            sa.event.listen(engine, "connect", _pg_settings)
        _migrate(engine, name)
    except StoreError:
        raise
    except (sa.exc.DatabaseError, sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise StoreError(f"cannot be opened as a graph database: {getattr(exc, 'orig', exc)}", input=name,
                         hint="Check the path or URL (postgresql://user@host/db) and that the server runs.") from exc
    return Store(engine, name=name)


def recount_claim_dates(conn: Connection) -> None:
    """Count the claims by predicate and sort date again (schema: claim_dates). The triggers
    keep the counts on every write; a bulk load that turns triggers off (pg_restore
    --disable-triggers, bench/query_latency.py's COPY) calls this after it."""
    c = t.claims.c
    day = sa.func.coalesce(c.sort_date, "")
    conn.execute(sa.delete(t.claim_dates))
    conn.execute(sa.insert(t.claim_dates).from_select(
        ["predicate", "sort_date", "n"], sa.select(c.predicate, day, sa.func.count()).group_by(c.predicate, day)))


def dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
