"""A real PostgreSQL server for the tests: initdb + pg_ctl on a temporary folder and a free port.

Used by the `pg_url` fixture (tests/conftest.py) and by bench scripts. The binaries come
from PATH or Debian's /usr/lib/postgresql/*/bin (.ci/run installs Debian's `postgresql` when
neither has them). initdb refuses to run as root, so as root the server runs as the
`postgres` user. Set ALLEGIANCE_REQUIRE_PG=1 (CI does) to fail instead of skipping when no
server can be started.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for path in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return path
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


_SERVERS: dict[str, tuple[Path, str, Path]] = {}  # server URL → data folder, options, log


def restart(url: str, *, down: float = 1.0, mode: str = "fast") -> None:
    """Stop a server `postgres_server` started (its clients lose their connections), wait
    `down` seconds, start it again (tests of a server restarted under a running writer)."""
    base = url.rsplit("/", 1)[0] + "/postgres"
    data, opts, log = _SERVERS[base]
    pg_ctl = find_bin("pg_ctl")
    assert pg_ctl is not None
    subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-m", mode, "-w", "stop"]), check=True, capture_output=True)
    time.sleep(down)
    subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-o", opts, "-l", str(log), "-w", "start"]),
                   check=True, capture_output=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throw-away server; yields a postgresql:// URL of an empty database."""
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("no PostgreSQL binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql")
    root = Path(tempfile.mkdtemp(prefix="allegiance-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    port = free_port()
    subprocess.run(_as_owner([initdb, "-D", str(data), "-U", "allegiance", "--auth=trust", "-E", "UTF8",
                              "--no-locale"]), check=True, capture_output=True)
    opts = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "start"]),
                   check=True, capture_output=True)
    try:
        url = f"postgresql://allegiance@127.0.0.1:{port}/postgres"
        _SERVERS[url] = (data, opts, root / "log")
        deadline = time.time() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        _SERVERS.pop(f"postgresql://allegiance@127.0.0.1:{port}/postgres", None)
        subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """A new empty database on the server of `url`; returns its URL."""
    import psycopg

    base = url.replace("postgresql://", "postgresql://", 1)
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name
