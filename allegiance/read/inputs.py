"""Reading articles: files, folders, JSONL records and stdin → `Source` objects.

Everything that can go wrong with an input is found here, before any language work,
and raised as a typed `InputError` that names the input and the next step. Readers
that yield many sources (folders, JSONL) yield a `Failure` for a bad item and go on.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from allegiance.errors import (
    BadRecordError,
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputNotFoundError,
    InputTooLargeError,
)

#: Articles are a few KB; anything past this is almost surely a dump or the wrong file.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Encodings conflict reporting actually arrives in when it is not UTF-8: Arabic
# Windows and Mac pages, and Western European ones.
FALLBACK_ENCODINGS = ("cp1256", "cp1252", "latin_1", "iso8859_6", "mac_arabic", "utf_16")
_SURROGATE = re.compile("[\ud800-\udfff]")
_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|article|p|div)[\s>]", re.I)


@dataclass
class Source:
    """One article as read: its text or HTML and whatever metadata came with it."""

    name: str  # what the user would call it: a path, "path:line 3", "<stdin>"
    text: str | None = None
    html: str | None = None
    id: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Failure:
    """An input that could not be read; a batch reports it and goes on."""

    name: str
    error: InputError


def max_bytes() -> int:
    raw = os.environ.get("ALLEGIANCE_MAX_BYTES")
    return int(raw) if raw and raw.isdigit() else DEFAULT_MAX_BYTES


def decode(data: bytes, *, name: str, encoding: str | None = None) -> str:
    """Bytes → text. UTF-8 first; otherwise detect, and fail clearly when we cannot."""
    if not data.strip():
        raise EmptyInputError("the input is empty or whitespace only", input=name,
                              hint="Check that the file holds the article text.")
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise EncodingError(f"cannot be decoded as {encoding} ({exc})", input=name,
                                hint="Pass the right --encoding or convert it to UTF-8.") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(f"starts with a UTF-16 byte-order mark but is not UTF-16 ({exc.reason})",
                                input=name, hint="Convert it to UTF-8 or pass the right --encoding.") from None
    if _looks_binary(data):
        raise BinaryInputError("is binary data, not text or HTML", input=name,
                               hint="Give a .txt or .html article (convert PDFs and Word files first).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(FALLBACK_ENCODINGS)).best()
    if best is None or best.chaos > 0.2:
        text = _unlisted(data)
        if text is not None:
            return text
        raise EncodingError("is not UTF-8 and its encoding could not be told", input=name,
                            hint="Convert it to UTF-8 (iconv -f CP1256 -t UTF-8) or pass --encoding.")
    return str(best)


# Fallback encodings charset-normalizer does not try (it leaves out mac_arabic): we decode
# them ourselves and keep the text when it reads as Arabic script with little mess.
_UNLISTED = ("mac_arabic",)


def _unlisted(data: bytes) -> str | None:
    from charset_normalizer.md import mess_ratio

    for enc in _UNLISTED:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        sample = text[:20000]
        arabic = sum("\u0600" <= c <= "\u06ff" for c in sample)
        if arabic >= 0.2 * sum(c.isalpha() for c in sample) and arabic and mess_ratio(sample, 0.2) <= 0.2:
            return text
    return None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    return controls / max(len(head), 1) > 0.05


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.search(text[:4096].encode("utf-8", "ignore")))


def read_path(path: str | Path, *, encoding: str | None = None) -> Iterator[Source | Failure]:
    """Yield every article in a file, a folder (recursively, sorted) or a JSONL file."""
    p = Path(path)
    if not p.exists():
        raise InputNotFoundError("no such file or folder", input=str(path),
                                 hint="Check the path; use - to read standard input.")
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file()
                       and f.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES)
        if not files:
            raise EmptyInputError("the folder holds no .txt, .html or .jsonl files",
                                  input=str(path), hint="Point at a folder of articles.")
        for f in files:
            yield from _read_file_safely(f, encoding=encoding)
        return
    yield from _read_file_safely(p, encoding=encoding, single=True)


def _read_file_safely(p: Path, *, encoding: str | None, single: bool = False
                      ) -> Iterator[Source | Failure]:
    try:
        if p.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(_read_bytes(p), name=str(p), encoding=encoding)
        else:
            yield read_document(_read_bytes(p), name=str(p), encoding=encoding,
                                html=p.suffix.lower() in HTML_SUFFIXES or None)
    except InputError as exc:
        if single:
            raise
        yield Failure(str(p), exc)


def _read_bytes(p: Path) -> bytes:
    size = p.stat().st_size
    limit = max_bytes()
    if size > limit:
        raise InputTooLargeError(
            f"is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for one article",
            input=str(p),
            hint="Split it into articles (a JSONL file of records is read line by line) "
                 "or raise ALLEGIANCE_MAX_BYTES.")
    return p.read_bytes()


def read_document(data: bytes, *, name: str, encoding: str | None = None,
                  html: bool | None = None) -> Source:
    """One article from raw bytes; `html=None` sniffs the content."""
    if len(data) > max_bytes():
        raise InputTooLargeError(
            f"is {len(data) / 1e6:.1f} MB, over the {max_bytes() / 1e6:.0f} MB limit",
            input=name, hint="Split it into articles or raise ALLEGIANCE_MAX_BYTES.")
    text = decode(data, name=name, encoding=encoding)
    if html is None:
        html = looks_like_html(text)
    return Source(name=name, html=text) if html else Source(name=name, text=text)


def read_jsonl(data: bytes, *, name: str, encoding: str | None = None
               ) -> Iterator[Source | Failure]:
    """Records `{"id", "text"|"html", "title", "published", "url", "outlet"}`, one a line."""
    text = decode(data, name=name, encoding=encoding)
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            yield record_to_source(_parse_line(line, where), name=where)
        except InputError as exc:
            yield Failure(where, exc)


def _parse_line(line: str, where: str) -> dict[str, object]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadRecordError(f"line is not JSON ({exc.msg} at column {exc.colno})", input=where,
                             hint="Each line must be one JSON object; fix or remove it.") from None
    except RecursionError:
        raise BadRecordError("line is JSON nested too deeply to read", input=where,
                             hint="Each line must be one flat JSON object; fix or remove it.") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise BadRecordError(f"line holds a number too long to read ({str(exc)[:60]})", input=where,
                             hint="Each line must be one JSON object of short fields; fix or remove it.") from None
    if not isinstance(record, dict):
        raise BadRecordError("line is JSON but not an object", input=where,
                             hint='Write {"id": ..., "text": ...} on each line.')
    return record


def record_to_source(record: dict[str, object], *, name: str) -> Source:
    def field_(key: str) -> str | None:
        value = record.get(key)
        if value is None:
            return None
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise BadRecordError(f'field "{key}" must be a string', input=name,
                                 hint="Fix the record.")
        # a lone surrogate ("\\ud800" in the JSON) cannot be written as UTF-8: one
        # replacement character each, so offsets stay the same
        return _SURROGATE.sub("\ufffd", str(value))

    text, html = field_("text"), field_("html")
    if text is None and html is None:
        raise BadRecordError('record has neither "text" nor "html"', input=name,
                             hint='Add the article under "text" (plain) or "html".')
    body = text if text is not None else html
    if body is None or not body.strip():
        raise EmptyInputError("record's text is empty", input=name,
                              hint="Drop the record or fill in its text.")
    if len(body.encode("utf-8")) > max_bytes():
        raise InputTooLargeError("record's text is over the size limit", input=name,
                                 hint="Split it or raise ALLEGIANCE_MAX_BYTES.")
    return Source(name=name, text=text, html=html if text is None else None,
                  id=field_("id"), title=field_("title"), published=field_("published"),
                  url=field_("url"), outlet=field_("outlet"))


def read_stdin(data: bytes, *, encoding: str | None = None) -> Iterator[Source | Failure]:
    """Standard input: JSONL when every non-blank line is a JSON object, else one article."""
    name = "<stdin>"
    stripped = data.lstrip()
    if stripped.startswith(b"{"):
        yield from read_jsonl(data, name=name, encoding=encoding)
        return
    yield read_document(data, name=name, encoding=encoding)
