"""The pages' routes. Each reads the store only through `allegiance.graph.query` (and
`Store.stats()`), like the CLI and the API, and links its JSON twin under /api.

    /                       search (as you type: static/search.js asks /api/search)
    /entities/{id}          → the person, group or place page for that entity
    /persons/{id}           timeline chart and entries, contested claims side by side
    /groups/{id}?on=DATE    names over time, parents, alliances; members on a date
    /places/{id}            → the events at that place
    /events?actor=&type=&place=&from=&to=&bbox=&sort=&page=
                            map (static/events.js asks /events/map.json) and table
    /events.csv?…           the filtered events as ACLED CSV
    /claims/{id}            one claim, every source, its rivals
    /documents/{id}#ev-N    the article, shaded by voice, evidence N highlighted
    /corpus                 counts, failures, merge candidates (writes need the token)
    /static/{name}          the package's scripts, style sheet and icon
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse

from allegiance.errors import AllegianceError, BadRequestError, NotFoundError
from allegiance.graph import query
from allegiance.graph.resolve import EVENTS
from allegiance.graph.store import Store
from allegiance.serve.web import events as ev
from allegiance.serve.web import mapview, views
from allegiance.serve.web.render import PAGE_HEADERS, kind_path, page, static_response

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Text = Annotated[str | None, Query(max_length=300)]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _guarded(request: Request, build: Callable[[], Response]) -> Response:
    """A typed error becomes an HTML page with the API's status and the error's hint."""
    try:
        return build()
    except AllegianceError as exc:
        status = 404 if isinstance(exc, NotFoundError) else 400 if isinstance(exc, BadRequestError) else 500
        return page(request, "error.html", status=status, error=exc, title="Not found" if status == 404 else "Error")


def web_router() -> APIRouter:
    """The pages, to include in the API's app (`create_app`): they read `app.state.store`."""
    r = APIRouter(include_in_schema=False)

    @r.get("/")
    def search_page(request: Request, q: Text = None) -> Response:
        def build() -> Response:
            hits = query.search(_store(request), q or "", limit=20) if q else []
            return page(request, "search.html", title="Search", q=q or "", hits=hits,
                        json_url="/api/search?" + urlencode({"q": q or ""}))
        return _guarded(request, build)

    @r.get("/entities/{id}")
    def entity_page(request: Request, id: Id) -> Response:
        def build() -> Response:
            ent = query.entity(_store(request), id)
            return RedirectResponse(f"/{kind_path(ent['type'])}/{ent['id']}", status_code=303)
        return _guarded(request, build)

    @r.get("/persons/{id}")
    def person_page(request: Request, id: Id) -> Response:
        def build() -> Response:
            store = _store(request)
            data = query.person_timeline(store, id)
            entries = data["entries"]
            rivals = {c["id"]: query.claim_sources(store, c["id"])["contested_with"]
                      for c in entries if c["contested"]}
            return page(request, "person.html", title=data["entity"]["name"], ent=data["entity"], entries=entries,
                        chart=views.person_chart(entries, data["entity"]["id"]),
                        contested=views.contested_groups(entries, rivals), json_url=f"/api/persons/{id}")
        return _guarded(request, build)

    @r.get("/groups/{id}")
    def group_page(request: Request, id: Id, on: Text = None) -> Response:
        def build() -> Response:
            store = _store(request)
            on_ = ev.iso_date((on or "").strip() or None, "the date")
            lineage = query.group_lineage(store, id)
            members = query.members(store, id, on=on_)
            return page(request, "group.html", title=lineage["entity"]["name"], ent=lineage["entity"],
                        steps=lineage["steps"], chain=views.name_chain(lineage), chart=views.lineage_chart(lineage),
                        members=members["members"], on=on_ or "", json_url=f"/api/groups/{id}/lineage",
                        members_json=f"/api/groups/{id}/members" + (f"?on={on_}" if on_ else ""))
        return _guarded(request, build)

    @r.get("/places/{id}")
    def place_page(request: Request, id: Id) -> Response:
        def build() -> Response:
            ent = query.entity(_store(request), id, type="PLACE")
            return RedirectResponse(f"/events?place={ent['id']}", status_code=303)
        return _guarded(request, build)

    @r.get("/events")
    def events_page(request: Request, sort: Text = "date",
                    page_: Annotated[int, Query(alias="page", ge=1, le=10**7)] = 1) -> Response:
        def build() -> Response:
            f = ev.filters(dict(request.query_params))
            store = _store(request)
            data = ev.table(store, f, sort=sort or "date", page=page_)
            params = f.params()
            return page(request, "events.html", title="Events", f=f, params=params, data=data, sorts=ev.SORTS,
                        types=sorted(EVENTS), region=mapview.region(), map_w=mapview.WIDTH, map_h=mapview.HEIGHT,
                        query_string=urlencode(params), json_url="/api/events?" + urlencode(
                            {**params, "limit": data["size"], "offset": (data["page"] - 1) * data["size"]}),
                        filter_names=_filter_names(store, f))
        return _guarded(request, build)

    @r.get("/events/map.json")
    def events_map(request: Request) -> Response:
        try:
            f = ev.filters(dict(request.query_params))
            return JSONResponse(ev.map_clusters(_store(request), f), headers={"Cache-Control": "no-store"})
        except AllegianceError as exc:
            status = 404 if isinstance(exc, NotFoundError) else 400
            body = {"code": exc.code, "message": exc.message, "hint": exc.hint, "input": exc.input}
            return JSONResponse({"error": body}, status_code=status)

    @r.get("/events.csv")
    def events_csv(request: Request) -> Response:
        def build() -> Response:
            f = ev.filters(dict(request.query_params))
            query.events(_store(request), **f.kwargs(), limit=1)  # a bad actor or place: an error page, not a CSV
            return StreamingResponse(ev.acled_csv(_store(request), f), media_type="text/csv; charset=utf-8",
                                     headers={**PAGE_HEADERS,
                                              "Content-Disposition": 'attachment; filename="events-acled.csv"'})
        return _guarded(request, build)

    @r.get("/claims/{id}")
    def claim_page(request: Request, id: Id) -> Response:
        def build() -> Response:
            claim = query.claim_sources(_store(request), id)
            return page(request, "claim.html", title=f"Claim {id}", c=claim, json_url=f"/api/claims/{id}")
        return _guarded(request, build)

    @r.get("/documents/{id}")
    def document_page(request: Request, id: Annotated[str, Path(min_length=1, max_length=300)]) -> Response:
        def build() -> Response:
            doc = query.document(_store(request), id)
            return page(request, "document.html", title=doc.get("title") or "Document", doc=doc,
                        blocks=views.document_blocks(doc), json_url=f"/api/documents/{doc['id']}")
        return _guarded(request, build)

    @r.get("/corpus")
    def corpus_page(request: Request) -> Response:
        def build() -> Response:
            store = _store(request)
            fails = query.failures(store)
            return page(request, "corpus.html", title="Corpus", stats=store.stats(), failures=fails[-200:],
                        failures_total=len(fails), candidates=query.candidates(store, limit=200),
                        event_types=sorted(EVENTS),
                        json_url="/api/stats")
        return _guarded(request, build)

    @r.get("/static/{name}")
    def static(name: Annotated[str, Path(max_length=100)]) -> Response:
        return static_response(name)

    return r


def _filter_names(store: Store, f: ev.Filters) -> dict[str, Any]:
    """Names for filters given as ids (a map marker links by place id)."""
    out = {}
    for key in ("actor", "place"):
        value = getattr(f, key)
        if value and value.isdigit():
            with contextlib.suppress(NotFoundError):
                out[key] = query.entity(store, int(value))["name"]
    return out
