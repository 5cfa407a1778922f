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
