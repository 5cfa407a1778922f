"""Shared fixtures: paths to the bundled data, ../shared when present, golden files."""

from __future__ import annotations

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
