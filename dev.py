#!/usr/bin/env python3
"""Set up and run allegiance with nothing but Python 3.11+ and the package registries.

    python3 dev.py example   set up .venv, ingest the bundled articles into a SQLite graph
                             (.example/graph.sqlite) and print the interviewee's timeline and
                             the Nusra lineage with their quotes (--json: the raw extraction)
    python3 dev.py test      set up .venv, then run ruff, mypy, the layering contract and the
                             whole test suite
    python3 dev.py demo      set up .venv, ingest the bundled articles into .example/demo.sqlite
                             and serve the web UI on http://127.0.0.1:8000/ (--port N for another)

Set-up is skipped when .venv already holds the install for the current pyproject.toml.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if sys.platform == "win32" else "bin")
PY = BIN / "python"
EXAMPLE = ROOT / "tests" / "data" / "syria-direct-2017-04-11-rahmoun.txt"
EXAMPLE_HTML = EXAMPLE.with_suffix(".html")
ARTICLES = ROOT / "tests" / "data" / "articles"
EXAMPLE_DB = ROOT / ".example" / "graph.sqlite"
DEMO_DB = ROOT / ".example" / "demo.sqlite"


def run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT)
    if code:
        sys.exit(code)


def setup() -> None:
    stamp = VENV / ".allegiance-installed"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == want and PY.exists():
        return
    if not PY.exists():
        print(f"+ creating {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    stamp.write_text(want)


def main(argv: list[str]) -> None:
    what = argv[0] if argv else "example"
    setup()
    if what == "example" and "--json" in argv[1:]:
        run(BIN / "allegiance", "extract", EXAMPLE, "--format", "json", *[a for a in argv[1:] if a != "--json"])
    elif what == "example":
        db = ("--db", EXAMPLE_DB)
        run(BIN / "allegiance", "ingest", EXAMPLE, EXAMPLE_HTML, ARTICLES, *db, "--workers", "1", "--quiet")
        run(BIN / "allegiance", "stats", *db)
        run(BIN / "allegiance", "person", "Omar al-Rahmoun", *db)
        run(BIN / "allegiance", "group", "Jabhat al-Nusra", *db)
    elif what == "demo":
        db = ("--db", DEMO_DB)
        run(BIN / "allegiance", "ingest", EXAMPLE, ARTICLES, *db, "--workers", "1", "--quiet")
        port = argv[argv.index("--port") + 1] if "--port" in argv[1:-1] else "8000"
        print(f"+ open http://127.0.0.1:{port}/ (Ctrl-C stops the server)", flush=True)
        run(BIN / "allegiance", "serve", *db, "--host", "127.0.0.1", "--port", port)
    elif what == "test":
        run(BIN / "ruff", "check", "allegiance", "tests", "bench", "dev.py")
        run(BIN / "mypy", "allegiance")
        run(BIN / "lint-imports")
        run(PY, "-m", "pytest", "-q", *argv[1:])
    elif what == "setup":
        pass
    else:
        sys.exit(f"unknown command {what!r}: use example, demo, test or setup")


if __name__ == "__main__":
    main(sys.argv[1:])
