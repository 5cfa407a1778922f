"""The inputs of a batch, streamed: files, folders and JSONL read one article at a time,
and the cheap check that skips what an earlier run already stored.

A JSONL file is read line by line (never whole, so it has no size limit of its own; each
line has the one-article limit), a folder is walked one directory at a time in sorted
order. Names are those `allegiance.read.inputs` gives: the path, or `path:line` for a
JSONL record, so failures and stored documents are named the same way by every command.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from allegiance.errors import EmptyInputError, InputError, InputNotFoundError, InputTooLargeError
from allegiance.graph import schema as t
from allegiance.graph.store import Store
from allegiance.read.inputs import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    Failure,
    Source,
    _parse_line,
    decode,
    max_bytes,
    read_jsonl,
    read_path,
    record_to_source,
)

SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
_JSONL_NAME = re.compile(r"^(.*\.(?:jsonl|ndjson)):(\d+)$", re.IGNORECASE)


def sources(inputs: Iterable[str], *, encoding: str | None = None) -> Iterator[Source | Failure]:
    """Every article of every input, in order; an unreadable one as a `Failure`."""
    for path in inputs:
        p = Path(path)
        try:
            if not p.exists():
                raise InputNotFoundError("no such file or folder", input=str(path),
                                         hint="Check the path; use a folder, a file or a .jsonl file.")
            if p.is_dir():
                found = False
                for f in _walk(p):
                    found = True
                    yield from _file(f, encoding=encoding)
                if not found:
                    raise EmptyInputError("the folder holds no .txt, .html or .jsonl files", input=str(path),
                                          hint="Point at a folder of articles.")
            else:
                yield from _file(p, encoding=encoding)
        except InputError as exc:
            yield Failure(str(path), exc)


def _walk(folder: Path) -> Iterator[Path]:
    """Files with an article suffix under `folder`, depth first, sorted per directory
    (memory: one directory listing at a time)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        if e.is_dir(follow_symlinks=True):
            yield from _walk(folder / e.name)
        elif e.is_file() and os.path.splitext(e.name)[1].lower() in SUFFIXES:
            yield folder / e.name


def _file(p: Path, *, encoding: str | None) -> Iterator[Source | Failure]:
    if p.suffix.lower() in JSONL_SUFFIXES:
        yield from jsonl(p, encoding=encoding)
        return
    try:
        yield from read_path(p, encoding=encoding)
    except InputError as exc:
        yield Failure(str(p), exc)


def jsonl(p: Path, *, encoding: str | None = None) -> Iterator[Source | Failure]:
    """The records of a JSONL file, one line at a time; a bad line is a `Failure`."""
    name = str(p)
    limit = max_bytes()
    with p.open("rb") as fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (encoding or "").lower().replace("-", "") in (
                "utf16", "utf32"):
            # UTF-16 lines cannot be split on a newline byte: read it whole (rare).
            yield from read_jsonl(fh.read(limit + 1), name=name, encoding=encoding)
            return
        lineno = 0
        while True:
            raw = fh.readline(limit + 1)
            if not raw:
                return
            lineno += 1
            where = f"{name}:{lineno}"
            if len(raw) > limit and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                    raw = fh.readline(1 << 20)
                yield Failure(where, InputTooLargeError(
                    f"line is over the {limit / 1e6:.0f} MB limit for one article", input=where,
                    hint="Split the record or raise ALLEGIANCE_MAX_BYTES."))
                continue
            if not raw.strip():
                continue
            try:
                yield record_to_source(_record(raw, where, encoding), name=where)
            except InputError as exc:
                yield Failure(where, exc)


def _record(raw: bytes, where: str, encoding: str | None) -> dict[str, object]:
    if encoding:
        line = decode(raw, name=where, encoding=encoding)
    else:
        try:
            line = raw.decode("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8")
        except UnicodeDecodeError:
            line = decode(raw, name=where)
    return _parse_line(line, where)


def count(inputs: Iterable[str]) -> int:
    """How many articles the inputs hold, roughly (non-blank JSONL lines, article files): for an ETA."""
    n = 0
    for path in inputs:
        p = Path(path)
        files: Iterable[Path] = _walk(p) if p.is_dir() else [p] if p.exists() else []
        for f in files:
            if f.suffix.lower() in JSONL_SUFFIXES:
                with f.open("rb") as fh:
                    n += sum(1 for line in fh if line.strip())
            else:
                n += 1
    return n


# -- what is stored already ------------------------------------------------------------------

def _h(*parts: str) -> int:
    return int.from_bytes(hashlib.blake2b("\x00".join(parts).encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little")


def name_key(name: str) -> int:
    return _h("n", name)


def record_key(file: str, record_id: str) -> int:
    return _h("r", file, record_id)


class Stored:
    """The inputs stored documents came from, as 8-byte hashes in one sorted array (16 bytes
    a document), read once: lets a resumed run skip them before reading their text.

    A JSONL record with an id is known by (file, id), so lines added or moved in the file
    do not matter; anything else by its name (a path, or `file:line` for a record without
    an id). A miss is no loss: the document key is checked after structuring too.
    """

    def __init__(self, store: Store) -> None:
        keys: list[int] = []
        d = t.documents.c
        with store.read() as conn:
            rows = conn.execution_options(stream_results=True, yield_per=5000).execute(
                sa.select(d.source_name, d.external_id).where(d.source_name.is_not(None)))
            for name, ext in rows:
                keys.append(name_key(name))
                m = _JSONL_NAME.match(name)
                if m and ext:
                    keys.append(record_key(m.group(1), ext))
        self._keys = np.unique(np.array(keys, dtype=np.uint64))

    def __len__(self) -> int:
        return len(self._keys)

    def has(self, source: Source) -> bool:
        m = _JSONL_NAME.match(source.name)
        key = record_key(m.group(1), source.id) if m and source.id else name_key(source.name)
        i = int(np.searchsorted(self._keys, np.uint64(key)))
        return i < len(self._keys) and int(self._keys[i]) == key
