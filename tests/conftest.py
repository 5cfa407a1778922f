"""Shared fixtures: paths to the bundled data, ../shared when present, golden files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
GOLDEN = HERE / "golden"
ARTICLE = DATA / "syria-direct-2017-04-11-rahmoun.txt"
ARTICLE_HTML = DATA / "syria-direct-2017-04-11-rahmoun.html"
SHARED = HERE.parent.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*.json from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "eval" / "score.py").exists():
        pytest.skip("../shared is not here; shared-only check skipped")
    return SHARED


@pytest.fixture
def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The gazetteer index is built once per session, never in the user's own cache."""
    path = tmp_path_factory.mktemp("allegiance-cache")
    old = os.environ.get("ALLEGIANCE_CACHE_DIR")
    os.environ["ALLEGIANCE_CACHE_DIR"] = str(path)
    yield
    if old is None:
        os.environ.pop("ALLEGIANCE_CACHE_DIR", None)
    else:
        os.environ["ALLEGIANCE_CACHE_DIR"] = old


# Enough countries for the gazetteer tests and small enough to index in a few seconds.
SCOPE = "SY,TR,IQ,LB,JO,LY"


@pytest.fixture(scope="session")
def built_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gazetteer index of SCOPE, built once for the session."""
    from allegiance.geo.gazetteer import load_gazetteer

    root = tmp_path_factory.getbasetemp() / "allegiance-cache"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ALLEGIANCE_CACHE_DIR", str(root))
        mp.setenv("ALLEGIANCE_GAZETTEER_SCOPE", SCOPE)
        load_gazetteer()
    return root


@pytest.fixture
def cache(built_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ALLEGIANCE_CACHE_DIR", str(built_cache))
    monkeypatch.setenv("ALLEGIANCE_GAZETTEER_SCOPE", SCOPE)
    return built_cache


# -- graph stores: the same contract runs on SQLite and on a real PostgreSQL server ---------

@pytest.fixture(scope="session")
def pg_server() -> Iterator[str | None]:
    """One PostgreSQL server for the session (None, and PostgreSQL tests skip, if none starts)."""
    from tests.support.pg import postgres_server

    try:
        ctx = postgres_server()
        url = ctx.__enter__()
    except Exception as exc:  # no binaries, or the server would not start
        if os.environ.get("ALLEGIANCE_REQUIRE_PG"):
            raise RuntimeError(f"PostgreSQL is required (ALLEGIANCE_REQUIRE_PG) but did not start: {exc}") from exc
        yield None
        return
    try:
        yield url
    finally:
        ctx.__exit__(None, None, None)


_DB_COUNTER = iter(range(1, 10**6))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new empty database on each back end."""
    if request.param == "sqlite":
        return str(tmp_path / "graph.sqlite")
    server = request.getfixturevalue("pg_server")
    if server is None:
        pytest.skip("no PostgreSQL server could be started here")
    from tests.support.pg import create_database

    return create_database(server, f"t{next(_DB_COUNTER)}")


@pytest.fixture(scope="session")
def bundled_extraction() -> object:
    """The bundled article, extracted once for the session (with its text)."""
    from allegiance.batch import extract_one
    from allegiance.read.inputs import read_path

    (source,) = list(read_path(ARTICLE))
    return extract_one(source)


@pytest.fixture(scope="session")
def bundled_html_extraction() -> object:
    from allegiance.batch import extract_one
    from allegiance.read.inputs import read_path

    (source,) = list(read_path(ARTICLE_HTML))
    return extract_one(source)
