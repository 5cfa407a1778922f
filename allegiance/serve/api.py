"""The HTTP JSON API: FastAPI over the same query functions as the CLI.

    app = create_app(db="graph.sqlite", token=os.environ["ALLEGIANCE_TOKEN"])
    uvicorn.run(app, host="127.0.0.1", port=8000)          # or: allegiance serve

Reads (GET; anyone who can reach the server may read):
    /api                                   what this server offers; whether writes are on
    /api/search?q=&type=&limit=            entities by any spelling, best first
    /api/entities/{id}                     one entity (an id, or a name)
    /api/person?name=   /api/persons/{id}  a person's timeline, each entry with its sources
    /api/groups/{id or name}/lineage       renames, parents, mergers, alliances (KB and text)
    /api/groups/{id or name}/members?on=   people in a group on a date
        (these three page with &limit=&offset=, 100 claims by default; `more` says whether
        another page follows)
    /api/events?actor=&type=&place=&bbox=&from=&to=&limit=&offset=
    /api/claims/{id}                       one claim, every source, its contested rivals
    /api/documents/{id}                    text, segments, entity mentions, evidence spans
    /api/stats   /api/candidates   /api/failures
Writes (POST, `Authorization: Bearer TOKEN`):
    /api/ingest   {"text" or "html", "title", "published", "url", "outlet", "id"}
    /api/merge    {"keep", "other", "reason"}      /api/split {"entity", "document"}
    /api/candidates/reject {"a", "b"}

Every answer is JSON at a predictable URL; every error is `{"error": {"code", "message",
"hint"}}` with a code of `allegiance.errors`, never a traceback. The guards (Host check,
body size, rate limit, token, security headers) are in `api_guard.py`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import date
from functools import partial
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Body, Depends, FastAPI, Path, Query, Request
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from allegiance import __version__
from allegiance.batch import extract_one
from allegiance.errors import AllegianceError, BadRequestError, NotFoundError, StoreError
from allegiance.extraction.pipeline import prepare
from allegiance.graph import query
from allegiance.graph.resolve import EVENTS
from allegiance.graph.store import IngestResult, Store, document_key, open_store
from allegiance.read.inputs import record_to_source
from allegiance.serve.api_guard import (
    ERRORS,
    JSON,
    MAX_BODY_ENV,
    TOKEN_ENV,
    WRITE,
    WRITE_ERRORS,
    WRITE_RATE_ENV,
    Guard,
    RateLimiter,
    Settings,
    error_response,
    install_error_handlers,
    settings_of,
)
from allegiance.serve.web import web_router

DEFAULT_MAX_BODY = 2 * 1024 * 1024
DEFAULT_WRITE_RATE = 30  # writes a minute from one client
MAX_ID = 2**63 - 1  # SQLite and PostgreSQL integers; a larger id names nothing
MAX_OFFSET = 10**9
MAX_TEXT = 300  # a name, a search, a document id: longer is no name


# -- parameters --------------------------------------------------------------------------


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(_store)]
Ref = Annotated[str, Path(min_length=1, max_length=MAX_TEXT, description="An entity id, or a name")]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
EntityType = Literal["PERSON", "ORG", "PLACE", "person", "org", "place"]
DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD"
DateParam = Annotated[str | None, Query(max_length=10, description=DATE_HELP)]
Limit = Annotated[int, Query(ge=1, le=query.MAX_PAGE, description="claims a page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="claims to skip")]


def ref(value: str) -> str | int:
    """An id (ASCII digits) as a number, anything else as a name."""
    if value.isdigit():
        if not value.isascii() or len(value) > 19 or int(value) > MAX_ID:
            raise NotFoundError("no entity in the graph has this id", input=value,
                                hint="Ids are printed by /api/search.")
        return int(value)
    return value


def iso_date(value: str | None, what: str, *, full: bool = False) -> str | None:
    """A partial ISO date (2014, 2014-08, 2014-08-12) that exists."""
    if value is None:
        return None
    parts = value.split("-")
    ok = (1 <= len(parts) <= 3 and all(p.isascii() and p.isdigit() for p in parts)
          and [len(p) for p in parts] == [4, 2, 2][:len(parts)] and (not full or len(parts) == 3))
    if ok:
        try:
            year, month, day = (int(p) for p in [*parts, "01", "01"][:3])
            date(year, month, day)
        except ValueError:
            ok = False
    if not ok:
        shape = "YYYY-MM-DD" if full else "YYYY, YYYY-MM or YYYY-MM-DD"
        raise BadRequestError(f"{what} must be a date: {shape}", input=value[:40])
    return value


def bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value.split(","))
    except ValueError:
        x0 = y0 = x1 = y1 = float("nan")
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        raise BadRequestError("bbox must be min_lon,min_lat,max_lon,max_lat (degrees, min ≤ max)", input=value[:80])
    return (x0, y0, x1, y1)


# -- reads ---------------------------------------------------------------------------------

router = APIRouter(prefix="/api", responses=ERRORS)


@router.get("", summary="What this server offers")
def index(request: Request) -> JSON:
    return JSON({"name": "allegiance", "version": __version__, "writes": bool(settings_of(request).token),
                 "openapi": "/openapi.json",
                 "endpoints": sorted({f"{method} {r.path}" for r in router.routes if isinstance(r, APIRoute)
                                      for method in r.methods or ()})})


@router.get("/search", summary="Entities by any spelling, best first")
def search(store: StoreDep, q: Annotated[str, Query(max_length=MAX_TEXT)] = "",
           type: EntityType | None = None,
           limit: Annotated[int, Query(ge=1, le=query.MAX_PAGE)] = 20) -> JSON:
    kind = type.upper() if type else None
    return JSON({"q": q, "type": kind, "results": query.search(store, q, type=kind, limit=limit)})


@router.get("/entities/{entity}", summary="One entity, by id or name")
def entity(store: StoreDep, entity: Ref) -> JSON:
    return JSON(query.entity(store, ref(entity)))


@router.get("/person", summary="A person's timeline, by name (paged: `more` says whether another page follows)")
def person_by_name(store: StoreDep, name: Annotated[str, Query(min_length=1, max_length=MAX_TEXT)],
                   limit: Limit = 100, offset: Offset = 0) -> JSON:
    return JSON(query.person_timeline(store, ref(name), limit=limit, offset=offset))


@router.get("/persons/{id}", summary="A person's timeline, by id (paged)")
def person(store: StoreDep, id: Id, limit: Limit = 100, offset: Offset = 0) -> JSON:
    return JSON(query.person_timeline(store, id, limit=limit, offset=offset))


@router.get("/groups/{group}/lineage", summary="A group's names, parents, mergers and alliances over time (paged)")
def lineage(store: StoreDep, group: Ref, limit: Limit = 100, offset: Offset = 0) -> JSON:
    return JSON(query.group_lineage(store, ref(group), limit=limit, offset=offset))


@router.get("/groups/{group}/members", summary="People in a group on a date (paged)")
def members(store: StoreDep, group: Ref, on: DateParam = None, limit: Limit = 100, offset: Offset = 0) -> JSON:
    return JSON(query.members(store, ref(group), on=iso_date(on, "on"), limit=limit, offset=offset))


@router.get("/events", summary="Events by actor, type, place or box, and time window")
def events(store: StoreDep,
           actor: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT)] = None,
           type: Annotated[str | None, Query(max_length=40, description=", ".join(sorted(EVENTS)))] = None,
           place: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT)] = None,
           bbox_: Annotated[str | None, Query(alias="bbox", max_length=200,
                                              description="min_lon,min_lat,max_lon,max_lat")] = None,
           start: Annotated[str | None, Query(alias="from", max_length=10, description=DATE_HELP)] = None,
           end: Annotated[str | None, Query(alias="to", max_length=10, description=DATE_HELP)] = None,
           limit: Annotated[int, Query(ge=1, le=query.MAX_PAGE)] = 100,
           offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> JSON:
    if type is not None and type not in EVENTS:
        raise BadRequestError(f"type must be one of {', '.join(sorted(EVENTS))}", input=type)
    return JSON(query.events(store, actor=ref(actor) if actor else None, type=type, place=place, bbox=bbox(bbox_),
                             start=iso_date(start, "from"), end=iso_date(end, "to"), limit=limit, offset=offset))


@router.get("/claims/{id}", summary="One claim and every source behind it")
def claim(store: StoreDep, id: Id) -> JSON:
    return JSON(query.claim_sources(store, id))


@router.get("/documents/{id}", summary="An article: text, segments, entity mentions, evidence spans")
def document(store: StoreDep, id: Annotated[str, Path(min_length=1, max_length=MAX_TEXT)]) -> JSON:
    return JSON(query.document(store, id))


@router.get("/stats", summary="Counts of documents, entities, claims, sources, merges")
def stats(store: StoreDep) -> JSON:
    return JSON(store.stats())


@router.get("/candidates", summary="Pairs of entities resolution was unsure of")
def candidates(store: StoreDep, limit: Annotated[int, Query(ge=1, le=query.MAX_PAGE)] = 100) -> JSON:
    return JSON({"candidates": query.candidates(store, limit=limit)})


@router.get("/failures", summary="Inputs an ingest could not read or extract")
def failures(store: StoreDep, limit: Annotated[int, Query(ge=1, le=query.MAX_PAGE)] = 100,
             offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> JSON:
    rows = query.failures(store)
    return JSON({"total": len(rows), "offset": offset, "limit": limit, "failures": rows[offset:offset + limit]})


# -- writes --------------------------------------------------------------------------------


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _clean(cls, value: Any) -> Any:
        # A NUL or a lone surrogate would break the store (PostgreSQL text) or extraction.
        if isinstance(value, str):
            if "\x00" in value:
                raise ValueError("holds a NUL character")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("is not valid Unicode (a lone surrogate)") from None
        return value


class IngestBody(Strict):
    text: str | None = Field(None, description="The article as plain text (or give html)")
    html: str | None = Field(None, description="The article's HTML page (or give text)")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=10, description="YYYY-MM-DD")
    url: str | None = Field(None, max_length=2000, description="http:// or https://")
    outlet: str | None = Field(None, max_length=300)
    id: str | None = Field(None, max_length=300, description="Your id for the article")

    @model_validator(mode="after")
    def _check(self) -> IngestBody:
        if (self.text is None) == (self.html is None):
            raise ValueError('give the article as "text" or as "html" (one of them)')
        try:
            iso_date(self.published, "published", full=True)
        except BadRequestError as exc:
            raise ValueError(exc.message) from None
        if self.url is not None and not self.url.lower().startswith(("http://", "https://")):
            raise ValueError("url must start with http:// or https://")
        return self


class MergeBody(Strict):
    keep: int = Field(ge=1, le=MAX_ID)
    other: int = Field(ge=1, le=MAX_ID)
    reason: str = Field("merged by a person", min_length=1, max_length=500)


class SplitBody(Strict):
    entity: int = Field(ge=1, le=MAX_ID)
    document: str | None = Field(None, min_length=8, max_length=MAX_TEXT,
                                 description="Split off only this document's part (id or prefix)")


class PairBody(Strict):
    a: int = Field(ge=1, le=MAX_ID)
    b: int = Field(ge=1, le=MAX_ID)


def _ingest_now(store: Store, body: IngestBody) -> IngestResult:
    """Structure, skip if stored, extract, store: what `allegiance ingest` does for one article."""
    digest = hashlib.sha256((body.text or body.html or "").encode("utf-8")).hexdigest()[:16]
    name = f"api:{body.id}" if body.id else f"api:sha256:{digest}"
    source = record_to_source(body.model_dump(exclude_none=True), name=name)
    try:
        structured = prepare(source).structured
        key = document_key(structured.text, structured.segments)
        if store.has_document(key):
            return IngestResult(key, "present")
        extraction = extract_one(source)
    except AllegianceError as exc:
        store.record_failure(name, exc.code, str(exc))
        raise
    except Exception as exc:  # a bug on one article: recorded, answered 500, logged by the server
        store.record_failure(name, "A000", f"internal error: {type(exc).__name__}: {exc}")
        raise AllegianceError("internal error while extracting the article", input=name,
                              hint="It is listed at /api/failures; please report it with the article.") from exc
    return store.ingest(extraction, source_name=name)


@router.post("/ingest", dependencies=WRITE, responses=WRITE_ERRORS, status_code=201,
             summary="Extract one article and merge it into the graph")
async def ingest(request: Request, body: IngestBody) -> JSON:
    """201 when the article is new, 200 when it was already stored (nothing changes)."""
    # One extraction at a time: it is CPU-bound, and reads keep the rest of the thread pool.
    result = await anyio.to_thread.run_sync(partial(_ingest_now, _store(request), body),
                                            limiter=request.app.state.extract_limiter)
    url = f"/api/documents/{result.document_id}"
    return JSON({"document_id": result.document_id, "status": result.status, "entities": result.entities,
                 "facts": result.facts, "url": url},
                status_code=201 if result.status == "ingested" else 200, headers={"Location": url})


@router.post("/merge", dependencies=WRITE, responses=WRITE_ERRORS,
             summary="Merge entity `other` into `keep` (kept across re-ingests)")
def merge(store: StoreDep, body: Annotated[MergeBody, Body()]) -> JSON:
    for eid in (body.keep, body.other):
        query.entity(store, eid)  # 404 for an id that names nothing
    try:
        kept = store.merge(body.keep, body.other, reason=body.reason)
    except StoreError as exc:  # e.g. two knowledge-base actors: refused, not failed
        return error_response(exc, status=409)
    return JSON({"kept": kept, "merged": body.other if kept == body.keep else body.keep,
                 "url": f"/api/entities/{kept}"})


@router.post("/split", dependencies=WRITE, responses=WRITE_ERRORS,
             summary="Split an entity into one per document (or one document off)")
def split(store: StoreDep, body: Annotated[SplitBody, Body()]) -> JSON:
    query.entity(store, body.entity)
    try:
        ids = store.split(body.entity, document_id=body.document)
    except StoreError as exc:  # e.g. the entity has no mention in that document
        return error_response(exc, status=409)
    return JSON({"entities": ids, "urls": [f"/api/entities/{i}" for i in ids]})


@router.post("/candidates/reject", dependencies=WRITE, responses=WRITE_ERRORS, summary="Keep a candidate pair apart")
def reject(store: StoreDep, body: Annotated[PairBody, Body()]) -> JSON:
    store.reject_candidate(body.a, body.b)
    return JSON({"rejected": [body.a, body.b]})


# -- the app -------------------------------------------------------------------------------


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ValueError(f"{name}={raw!r}: a whole number ≥ 0 is needed")
    return int(raw)


def create_app(*, db: str | os.PathLike[str] | Store | None = None, token: str | None = None,
               max_body: int | None = None, write_rate: int | None = None,
               allowed_hosts: Iterable[str] | None = None) -> FastAPI:
    """The API over a graph database (a path, URL or open `Store`; default `ALLEGIANCE_DB`).

    `token` None reads `ALLEGIANCE_TOKEN`; no token (or "") refuses every write.
    `max_body` (bytes) and `write_rate` (writes a minute per client, 0 for no limit) default
    to `ALLEGIANCE_API_MAX_BODY` and `ALLEGIANCE_API_WRITE_RATE`. `allowed_hosts`, when
    given, are the only Host names answered (see `loopback_names`).
    """
    store = db if isinstance(db, Store) else open_store(db)
    settings = Settings(
        token=(os.environ.get(TOKEN_ENV) if token is None else token) or None,
        max_body=_env_int(MAX_BODY_ENV, DEFAULT_MAX_BODY) if max_body is None else max_body,
        write_rate=_env_int(WRITE_RATE_ENV, DEFAULT_WRITE_RATE) if write_rate is None else write_rate,
        allowed_hosts=frozenset(h.lower() for h in allowed_hosts) if allowed_hosts is not None else None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if not isinstance(db, Store):
            store.close()

    # /docs and /redoc would load Swagger UI from a CDN: off. The spec stays at /openapi.json.
    app = FastAPI(title="allegiance", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", lifespan=lifespan, default_response_class=JSON,
                  description="A time-aware, source-linked knowledge graph of conflict reporting.")
    app.state.store = store
    app.state.settings = settings
    app.state.rate_limiter = RateLimiter(settings.write_rate)
    app.state.extract_limiter = anyio.CapacityLimiter(1)
    app.include_router(router)
    app.include_router(web_router())  # the pages (allegiance/serve/web)
    install_error_handlers(app)
    app.add_middleware(Guard, settings=settings)
    return app
