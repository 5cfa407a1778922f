"""The HTTP JSON API over a store holding the bundled article: every endpoint, every
refusal (404/401/403/409/413/422/429/400), hostile input, and one live uvicorn server."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from allegiance.errors import InputError, ModelError, NotFoundError, StoreError, UnauthorizedError
from allegiance.graph import query
from allegiance.graph.store import open_store
from allegiance.serve.api import create_app
from allegiance.serve.api_guard import RateLimiter, is_loopback, loopback_names, status_of
from tests.conftest import ARTICLE, ARTICLE_HTML

pytestmark = pytest.mark.slow

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EVIL = "'; DROP TABLE documents; --"
NEW_ARTICLE = ("ALEPPO: Fighters of Jaish al-Islam attacked a checkpoint of the Syrian army near Douma on "
               "3 March 2016, the group's spokesman Hamza Bayraqdar said.")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, bundled_extraction: Any) -> str:
    path = Path(tmp_path_factory.mktemp("api")) / "graph.sqlite"
    with open_store(path) as store:
        store.ingest(bundled_extraction, source_name=str(ARTICLE))
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    """Read-only: the server has no token."""
    with TestClient(create_app(db=db, token="")) as c:
        yield c


@pytest.fixture
def writable(db: str, tmp_path: Path) -> Iterator[TestClient]:
    """A copy of the store, served with a token and no rate limit."""
    copy = tmp_path / "graph.sqlite"
    src, dst = sqlite3.connect(db), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    with TestClient(create_app(db=str(copy), token=TOKEN, write_rate=0)) as c:
        yield c


def error_of(resp: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    err = resp.json()["error"]
    assert set(err) >= {"code", "message", "hint"}
    if code:
        assert err["code"] == code, err
    assert "Traceback" not in resp.text
    return dict(err)


def person_id(c: TestClient, name: str) -> int:
    return int(c.get("/api/search", params={"q": name, "type": "PERSON"}).json()["results"][0]["id"])


# -- reads ---------------------------------------------------------------------------------


def test_index_lists_the_endpoints_and_says_writes_are_off(client: TestClient) -> None:
    data = client.get("/api").json()
    assert data["writes"] is False and data["openapi"] == "/openapi.json"
    assert {"GET /api/search", "GET /api/events", "POST /api/ingest", "POST /api/merge"} <= set(data["endpoints"])


def test_search_finds_every_spelling_and_filters_by_type(client: TestClient) -> None:
    ids = {client.get("/api/search", params={"q": q}).json()["results"][0]["id"]
           for q in ("Omar a-Rahmoun", "Omar al-Rahmoun", "Rahmoun")}
    assert len(ids) == 1
    orgs = client.get("/api/search", params={"q": "Nusra", "type": "org", "limit": 3}).json()
    assert orgs["type"] == "ORG" and 0 < len(orgs["results"]) <= 3
    assert all(r["type"] == "ORG" for r in orgs["results"])
    assert client.get("/api/search", params={"q": ""}).json()["results"] == []
    error_of(client.get("/api/search", params={"q": "x", "type": "ANIMAL"}), 422, "A701")
    err = error_of(client.get("/api/search", params={"q": "x", "limit": query.MAX_PAGE + 1}), 422, "A701")
    assert str(query.MAX_PAGE) in err["message"]


def test_entity_by_id_and_by_name(client: TestClient) -> None:
    pid = person_id(client, "Rahmoun")
    by_id = client.get(f"/api/entities/{pid}").json()
    assert by_id["id"] == pid and by_id["type"] == "PERSON" and by_id["names"] and by_id["documents"] == 1
    assert client.get(f"/api/entities/{quote('Omar al-Rahmoun')}").json()["id"] == pid
    error_of(client.get("/api/entities/999999"), 404, "A602")
    error_of(client.get("/api/entities/99999999999999999999999"), 404, "A602")
    error_of(client.get(f"/api/entities/{quote('²')}"), 404, "A602")  # a digit int() cannot read


def test_person_timeline_by_name_and_by_id(client: TestClient) -> None:
    data = client.get("/api/person", params={"name": "Omar al-Rahmoun"}).json()
    dated = [(c["time"]["start"] or c["time"]["as_of"])[:7] for c in data["entries"]
             if c["time"]["start"] or c["time"]["as_of"]]
    assert len(dated) >= 8 and dated == sorted(dated)
    assert all(c["sources"] and c["sources"][0]["quote"] for c in data["entries"])
    assert client.get(f"/api/persons/{data['entity']['id']}").json() == data
    error_of(client.get("/api/person", params={"name": "Nobody Ofthisname"}), 404, "A602")
    error_of(client.get("/api/person"), 422, "A701")
    group = client.get("/api/search", params={"q": "Jabhat al-Nusra", "type": "ORG"}).json()["results"][0]["id"]
    error_of(client.get(f"/api/persons/{group}"), 404, "A602")  # a group is no person
    error_of(client.get("/api/persons/0"), 422, "A701")


def test_group_lineage_and_members(client: TestClient) -> None:
    lineage = client.get(f"/api/groups/{quote('Jabhat al-Nusra')}/lineage").json()
    steps = [(s.get("name") or "", s["date"] or "") for s in lineage["steps"] if s["from"] == "kb"]
    assert any(n == "Jabhat Fatah al-Sham" and d.startswith("2016-07") for n, d in steps)
    assert any("Tahrir" in n and d.startswith("2017-01") for n, d in steps)
    by_id = client.get(f"/api/groups/{lineage['entity']['id']}/lineage").json()
    assert by_id["entity"]["id"] == lineage["entity"]["id"]
    members = client.get(f"/api/groups/{quote('Ahrar a-Soufiah')}/members", params={"on": "2013-06"}).json()
    assert members["on"] == "2013-06"
    assert any(c["args"]["subject"]["name"].endswith("Rahmoun") for c in members["members"])
    assert client.get(f"/api/groups/{quote('Ahrar a-Soufiah')}/members", params={"on": "2011-01"}
                      ).json()["members"] == []
    for bad in ("2013-13", "2017-02-31", "June 2013", "13"):
        error_of(client.get(f"/api/groups/{quote('Ahrar a-Soufiah')}/members", params={"on": bad}), 422, "A701")
    error_of(client.get(f"/api/groups/{quote('Omar a-Rahmoun')}/lineage"), 404, "A602")


def test_events_filters_and_pages(client: TestClient) -> None:
    every = client.get("/api/events", params={"limit": query.MAX_PAGE}).json()
    assert every["total"] == len(every["events"]) > 0
    attacks = client.get("/api/events", params={"type": "attack"}).json()["events"]
    assert attacks and all(c["predicate"] == "attack" for c in attacks)
    by_nusra = client.get("/api/events", params={"actor": "Jabhat al-Nusra"}).json()["events"]
    assert by_nusra and all(any("Nusra" in (a["name"] or "") for a in c["args"].values()) for c in by_nusra)
    window = client.get("/api/events", params={"from": "2014-01", "to": "2014-12"}).json()["events"]
    assert window and all((c["sort_date"] or "").startswith("2014") for c in window)
    box = client.get("/api/events", params={"bbox": "35.0,34.5,37.5,36.0"}).json()["events"]
    assert box and all(c["place"] and 35.0 <= c["place"]["lon"] <= 37.5 for c in box)
    assert client.get("/api/events", params={"place": "Hama"}).status_code == 200
    page = client.get("/api/events", params={"limit": 2, "offset": 1}).json()
    assert page["events"] == every["events"][1:3] and page["limit"] == 2 and page["offset"] == 1
    for params in ({"type": "picnic"}, {"bbox": "1,2,3"}, {"bbox": "40,0,30,10"}, {"bbox": "nan,0,1,1"},
                   {"from": "yesterday"}, {"limit": 0}, {"limit": query.MAX_PAGE + 1}, {"offset": -1},
                   {"offset": 10**12}):
        error_of(client.get("/api/events", params=params), 422, "A701")
    error_of(client.get("/api/events", params={"actor": "Nobody Ofthisname"}), 404, "A602")


def test_claim_sources_and_the_document_behind_them(client: TestClient) -> None:
    entry = client.get("/api/person", params={"name": "Rahmoun"}).json()["entries"][0]
    claim = client.get(f"/api/claims/{entry['id']}").json()
    assert claim["id"] == entry["id"] and "contested_with" in claim
    src = claim["sources"][0]
    doc = client.get(f"/api/documents/{src['document_id']}").json()
    assert doc["text"][src["evidence_start"]:src["evidence_end"]] == src["quote"]
    assert doc["segments"] and doc["mentions"] and doc["facts"]
    assert all(doc["text"][f["evidence_start"]:f["evidence_end"]] == f["quote"] for f in doc["facts"])
    assert client.get(f"/api/documents/{src['document_id'][:12]}").json()["id"] == doc["id"]
    error_of(client.get(f"/api/documents/{'0' * 64}"), 404, "A602")
    error_of(client.get("/api/claims/999999"), 404, "A602")
    error_of(client.get("/api/claims/abc"), 422, "A701")


def test_stats_candidates_failures(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 1 and stats["claims"] > 0 and stats["sources"] >= stats["claims"]
    assert isinstance(client.get("/api/candidates").json()["candidates"], list)
    failures = client.get("/api/failures", params={"limit": 5}).json()
    assert failures == {"total": 0, "offset": 0, "limit": 5, "failures": []}


def test_unknown_urls_methods_and_no_cdn_docs(client: TestClient) -> None:
    error_of(client.get("/api/nothing"), 404, "A706")
    error_of(client.get("/api/merge"), 405, "A706")
    for page in ("/docs", "/redoc"):
        error_of(client.get(page), 404, "A706")  # Swagger UI would load from a CDN
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/events", "/api/ingest", "/api/groups/{group}/members"} <= set(spec["paths"])
    bad = spec["paths"]["/api/events"]["get"]["responses"]["422"]["content"]["application/json"]["schema"]
    assert bad["$ref"].endswith("/ErrorBody")  # our error shape, not FastAPI's default


def test_security_headers_on_every_response(client: TestClient) -> None:
    for resp in (client.get("/api/stats"), client.get("/api/nothing"), client.get("/api/events?limit=0"),
                 client.post("/api/merge", json={})):
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["content-security-policy"].startswith("default-src 'none'")
        assert resp.headers["content-type"].startswith("application/json")


def test_a_nul_in_the_url_is_refused(client: TestClient) -> None:
    error_of(client.get("/api/search?q=a%00b"), 422, "A701")


# -- hostile input -------------------------------------------------------------------------


def _tables(db: str) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_sql_through_every_query_parameter_changes_nothing(client: TestClient, db: str) -> None:
    before, tables = client.get("/api/stats").json(), _tables(db)
    e = quote(EVIL, safe="")
    gets: list[tuple[str, dict[str, Any]]] = [
        ("/api/search", {"q": EVIL}), ("/api/search", {"q": "x", "type": EVIL}),
        ("/api/search", {"q": "x", "limit": EVIL}), (f"/api/entities/{e}", {}), ("/api/person", {"name": EVIL}),
        (f"/api/persons/{e}", {}), (f"/api/groups/{e}/lineage", {}), (f"/api/groups/{e}/members", {}),
        (f"/api/groups/{quote('Jabhat al-Nusra')}/members", {"on": EVIL}), (f"/api/claims/{e}", {}),
        (f"/api/documents/{e}", {}), ("/api/candidates", {"limit": EVIL}),
        ("/api/failures", {"limit": EVIL}), ("/api/failures", {"offset": EVIL}),
    ] + [("/api/events", {key: EVIL}) for key in ("actor", "type", "place", "bbox", "from", "to", "limit", "offset")]
    for url, params in gets:
        resp = client.get(url, params=params)
        assert resp.status_code in (200, 404, 422), (url, params, resp.text)
        if resp.status_code == 200:
            assert resp.json()["results"] == []
        else:
            error_of(resp, resp.status_code)
    assert client.get("/api/stats").json() == before and _tables(db) == tables


def test_sql_through_every_write_body_changes_nothing_it_should_not(writable: TestClient) -> None:
    before = writable.get("/api/stats").json()
    for url, body in (("/api/merge", {"keep": EVIL, "other": 1}), ("/api/merge", {"keep": 1, "other": EVIL}),
                      ("/api/split", {"entity": EVIL}), ("/api/split", {"entity": 1, "document": EVIL}),
                      ("/api/candidates/reject", {"a": EVIL, "b": 1}), ("/api/ingest", {"html": EVIL}),
                      ("/api/ingest", {"text": "x", "published": EVIL}), ("/api/ingest", {"text": "x", "url": EVIL})):
        resp = writable.post(url, json=body, headers=AUTH)
        assert resp.status_code in (404, 409, 422), (url, body, resp.text)
    after = writable.get("/api/stats").json()
    assert after["documents"] == before["documents"] and after["claims"] == before["claims"]
    resp = writable.post("/api/ingest", json={"text": NEW_ARTICLE, "title": EVIL, "outlet": EVIL, "id": EVIL},
                         headers=AUTH)
    assert resp.status_code == 201, resp.text
    doc = writable.get(resp.json()["url"]).json()
    assert doc["title"] == EVIL and doc["outlet"] == EVIL and doc["external_id"] == EVIL
    assert writable.get("/api/stats").json()["documents"] == before["documents"] + 1


# -- writes --------------------------------------------------------------------------------


def test_writes_are_refused_when_the_server_has_no_token(client: TestClient) -> None:
    err = error_of(client.post("/api/merge", json={"keep": 1, "other": 2}, headers=AUTH), 403, "A703")
    assert "ALLEGIANCE_TOKEN" in err["hint"]
    for url in ("/api/ingest", "/api/split", "/api/candidates/reject"):
        error_of(client.post(url, json={}), 403, "A703")


def test_a_write_without_or_with_a_wrong_token_is_401(writable: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                    {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": "Bearer é".encode()}):
        resp = writable.post("/api/merge", json={"keep": 1, "other": 2}, headers=headers)
        error_of(resp, 401, "A702")
        assert resp.headers["www-authenticate"] == "Bearer"
    # Refused before the body is read: a stranger learns nothing from validation errors.
    error_of(writable.post("/api/merge", json={"nonsense": True}), 401, "A702")


def test_merge_and_split_with_the_token(writable: TestClient) -> None:
    omar, sami = person_id(writable, "Omar a-Rahmoun"), person_id(writable, "Sami a-Rahmoun")
    assert omar != sami
    merged = writable.post("/api/merge", json={"keep": omar, "other": sami, "reason": "test"}, headers=AUTH).json()
    assert merged["kept"] == omar and merged["url"] == f"/api/entities/{omar}"
    assert writable.get(f"/api/entities/{sami}").json()["id"] == omar
    split = writable.post("/api/split", json={"entity": omar}, headers=AUTH).json()
    assert omar in split["entities"]
    error_of(writable.post("/api/split", json={"entity": omar, "document": "0" * 16}, headers=AUTH), 404, "A602")
    error_of(writable.post("/api/merge", json={"keep": omar, "other": 10**9}, headers=AUTH), 404, "A602")
    error_of(writable.post("/api/merge", json={"keep": omar}, headers=AUTH), 422, "A701")
    error_of(writable.post("/api/merge", json={"keep": omar, "other": sami, "by": "x"}, headers=AUTH), 422)
    kb = [r["id"] for r in writable.get("/api/search", params={"q": "a-Sham", "type": "ORG", "limit": 50}
                                         ).json()["results"] if r["kb_id"]]
    assert len(kb) >= 2
    error_of(writable.post("/api/merge", json={"keep": kb[0], "other": kb[1]}, headers=AUTH), 409, "A601")
    assert writable.post("/api/candidates/reject", json={"a": omar, "b": sami}, headers=AUTH).json() == {
        "rejected": [omar, sami]}


def test_ingest_new_present_and_failing_articles(writable: TestClient) -> None:
    before = writable.get("/api/stats").json()["documents"]
    html = ARTICLE_HTML.read_text(encoding="utf-8")
    present = writable.post("/api/ingest", json={"html": html}, headers=AUTH)
    assert present.status_code == 200 and present.json()["status"] == "present"
    new = writable.post("/api/ingest", json={"text": NEW_ARTICLE, "published": "2016-03-04",
                                             "url": "https://example.org/a", "id": "new-1"}, headers=AUTH)
    assert new.status_code == 201 and new.json()["status"] == "ingested" and new.json()["facts"] >= 1
    assert new.headers["location"] == new.json()["url"]
    assert writable.get(new.json()["url"]).json()["text"].startswith("ALEPPO")
    again = writable.post("/api/ingest", json={"text": NEW_ARTICLE, "published": "2016-03-04"}, headers=AUTH)
    assert again.status_code == 200 and again.json()["document_id"] == new.json()["document_id"]
    assert writable.get("/api/stats").json()["documents"] == before + 1
    error_of(writable.post("/api/ingest", json={"html": "<html><body><nav>Home</nav></body></html>", "id": "nav"},
                           headers=AUTH), 422, "A105")
    assert [f["source_name"] for f in writable.get("/api/failures").json()["failures"]] == ["api:nav"]
    error_of(writable.post("/api/ingest", json={"text": "   "}, headers=AUTH), 422, "A101")


@pytest.mark.parametrize("body", [
    {}, {"text": "a", "html": "<p>a</p>"}, {"text": "a", "extra": 1}, {"text": 5},
    {"text": "a", "published": "2017-02-31"}, {"text": "a", "published": "11 April 2017"},
    {"text": "a", "url": "javascript:alert(1)"}, {"text": "a\x00b"}, {"title": "t"},
])
def test_ingest_bodies_that_do_not_validate(writable: TestClient, body: dict[str, Any]) -> None:
    error_of(writable.post("/api/ingest", json=body, headers=AUTH), 422, "A701")


def test_ingest_refuses_a_lone_surrogate_and_bad_json(writable: TestClient) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    error_of(writable.post("/api/ingest", content=b'{"text": "x\\ud800"}', headers=headers), 422, "A701")
    err = error_of(writable.post("/api/ingest", content=b'{"text": ', headers=headers), 422, "A701")
    assert "JSON" in err["message"]


# -- limits --------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_413_declared_or_streamed(db: str) -> None:
    c = TestClient(create_app(db=db, token=TOKEN, max_body=1000))
    err = error_of(c.post("/api/ingest", json={"text": "x" * 2000}, headers=AUTH), 413, "A704")
    assert err["limit"] == 1000 and "1000" in err["message"]
    streamed = c.post("/api/ingest", content=iter([b'{"text": "', b"x" * 600, b"x" * 600, b'"}']),
                      headers={**AUTH, "Content-Type": "application/json"})
    error_of(streamed, 413, "A704")
    assert streamed.headers["x-content-type-options"] == "nosniff"
    # Under the limit the body reaches the endpoint whole.
    error_of(c.post("/api/ingest", content=iter([b'{"text": "a", ', b'"html": "b"}']),
                    headers={**AUTH, "Content-Type": "application/json"}), 422, "A701")


def test_writes_over_the_rate_are_429(db: str) -> None:
    c = TestClient(create_app(db=db, token=TOKEN, write_rate=2))
    for _ in range(2):
        assert c.post("/api/candidates/reject", json={"a": 1, "b": 2}, headers=AUTH).status_code == 200
    resp = c.post("/api/candidates/reject", json={"a": 1, "b": 2}, headers=AUTH)
    err = error_of(resp, 429, "A705")
    assert err["limit"] == 2 and int(resp.headers["retry-after"]) >= 1
    error_of(c.post("/api/merge", json={}), 429, "A705")  # counted before the token is checked
    assert c.get("/api/stats").status_code == 200  # reads are not limited


def test_the_rate_limiter_slides_and_counts_each_client_apart() -> None:
    now = [1000.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.wait("a") == 0 and limiter.wait("a") == 0
    assert limiter.wait("a") > 0 and limiter.wait("b") == 0
    now[0] += 61
    assert limiter.wait("a") == 0
    assert RateLimiter(0).wait("a") == 0  # 0: no limit


def test_a_loopback_server_answers_only_to_loopback_names(db: str) -> None:
    c = TestClient(create_app(db=db, token="", allowed_hosts=loopback_names("127.0.0.1")),
                   base_url="http://127.0.0.1:8000")
    assert c.get("/api/stats").status_code == 200
    for host in ("localhost:8000", "[::1]:8000", "127.0.0.1"):
        assert c.get("/api/stats", headers={"host": host}).status_code == 200, host
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""):
        error_of(c.get("/api/stats", headers={"host": host}), 400, "A707")
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


# -- failures inside ---------------------------------------------------------------------


class _Broken:
    name = "broken"

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def stats(self) -> dict[str, Any]:
        raise self.exc


def test_an_internal_error_is_500_without_a_traceback(db: str) -> None:
    app = create_app(db=db, token="")
    app.state.store = _Broken(RuntimeError("secret detail of the failure"))
    resp = TestClient(app, raise_server_exceptions=False).get("/api/stats")
    err = error_of(resp, 500, "A000")
    assert "secret" not in resp.text and resp.headers["x-content-type-options"] == "nosniff"
    assert err["input"] == "/api/stats"


def test_a_busy_database_is_503(db: str) -> None:
    app = create_app(db=db, token="")
    app.state.store = _Broken(sa.exc.OperationalError("SELECT 1", {}, Exception("database is locked")))
    resp = TestClient(app).get("/api/stats")
    error_of(resp, 503, "A601")
    assert resp.headers["retry-after"]


def test_typed_errors_map_to_statuses() -> None:
    assert status_of(NotFoundError("x")) == 404
    assert status_of(InputError("x")) == 422
    assert status_of(StoreError("x")) == 503
    assert status_of(ModelError("x")) == 503
    assert status_of(UnauthorizedError("x")) == 401


# -- a live server ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_live_uvicorn_server_on_a_free_loopback_port(db: str, tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "ALLEGIANCE_TOKEN": TOKEN, "ALLEGIANCE_DB": db}
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "allegiance", "serve", "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "server did not start in time:\n" + log.read_text()
            try:
                if httpx.get(f"{base}/api", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        said = log.read_text()
        assert f"http://127.0.0.1:{port}/api" in said and "writes enabled" in said
        hits = httpx.get(f"{base}/api/search", params={"q": "Rahmoun"}, timeout=10).json()["results"]
        assert hits and hits[0]["name"].endswith("Rahmoun")
        error_of(httpx.post(f"{base}/api/merge", json={"keep": 1, "other": 2}, timeout=10), 401, "A702")
        error_of(httpx.get(f"{base}/api/stats", headers={"Host": "evil.example"}, timeout=10), 400, "A707")
        assert httpx.post(f"{base}/api/candidates/reject", json={"a": 1, "b": 2}, headers=AUTH,
                          timeout=10).status_code == 200
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_timeline_lineage_and_members_page_with_limit_and_offset(client: TestClient) -> None:
    whole = client.get("/api/person", params={"name": "Omar al-Rahmoun", "limit": 1000}).json()
    ids = [c["id"] for c in whole["entries"]]
    assert len(ids) >= 4 and whole["more"] is False
    page = client.get("/api/person", params={"name": "Omar al-Rahmoun", "limit": 2, "offset": 1}).json()
    assert [c["id"] for c in page["entries"]] == ids[1:3]
    assert (page["limit"], page["offset"], page["more"]) == (2, 1, True)
    pid = whole["entity"]["id"]
    last = client.get(f"/api/persons/{pid}", params={"limit": 2, "offset": len(ids) - 2}).json()
    assert [c["id"] for c in last["entries"]] == ids[-2:] and last["more"] is False
    group = client.get("/api/search", params={"q": "Ahrar a-Soufiah", "type": "ORG"}).json()["results"][0]["id"]
    members = client.get(f"/api/groups/{group}/members", params={"limit": 1000}).json()["members"]
    one = client.get(f"/api/groups/{group}/members", params={"limit": 1}).json()
    assert [c["id"] for c in one["members"]] == [c["id"] for c in members][:1]
    assert one["more"] is (len(members) > 1)
    lineage = client.get(f"/api/groups/{group}/lineage", params={"limit": 1, "offset": 0}).json()
    assert lineage["limit"] == 1 and "more" in lineage
    for bad in ({"limit": 0}, {"limit": query.MAX_PAGE + 1}, {"offset": -1}):
        error_of(client.get(f"/api/persons/{pid}", params=bad), 422, "A701")
