"""Templates, static files and the headers every page carries.

Jinja2 escapes every value (autoescape on for every template and string): article text,
quotes and names are untrusted and always reach the page as text. Pages set their own
Content-Security-Policy: scripts and styles only from this server's files (no inline
script, no inline handler or style attribute, no eval), requests only back to it.
Static files are read from the package once, served with a content hash in the URL, and
only those files: there is no path on disk a URL can name.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
PAGE_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                "Cache-Control": "no-store"}
VOICES = {"question": "reporter (question)", "answer": "interviewee", "editor_note": "editor", "body": "reporter",
          "lede": "reporter", "headline": "headline", "caption": "caption", "pullquote": "pull-quote",
          "boilerplate": "page furniture"}
PREDICATES = {
    "member_of": "member of", "leader_of": "leader of", "founded": "founded", "works_for": "works for",
    "relative_of": "relative of", "from_place": "from", "located_in": "in", "part_of": "part of",
    "allied_with": "allied with", "renamed_to": "renamed to", "attack": "attack", "clash": "clash",
    "detention": "detention", "killing": "killing", "agreement": "agreement", "evacuation": "evacuation",
    "protest": "protest", "flight": "flight", "defection": "defection", "dissolution": "dissolution", "ban": "ban",
    "renamed": "renamed", "merged_into": "merged into", "dissolved": "dissolved",
}
SPANS = frozenset({"member_of", "leader_of", "located_in", "works_for", "part_of", "allied_with"})


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    media_type: str
    digest: str


@lru_cache(maxsize=1)
def assets() -> dict[str, Asset]:
    out = {}
    for path in sorted(STATIC.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            body = path.read_bytes()
            kind = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}.get(
                path.suffix, mimetypes.guess_type(path.name)[0] or "application/octet-stream")
            if kind.startswith("text/") or kind.endswith("+xml"):
                kind += "; charset=utf-8"
            out[path.name] = Asset(body, kind, hashlib.sha256(body).hexdigest()[:12])
    return out


def static_url(name: str) -> str:
    return f"/static/{name}?v={assets()[name].digest}"


def static_response(name: str) -> Response:
    asset = assets().get(name)
    if asset is None:
        return Response("not found\n", status_code=404, media_type="text/plain", headers=PAGE_HEADERS)
    return Response(asset.body, media_type=asset.media_type,
                    headers={"Cache-Control": "public, max-age=31536000, immutable",
                             "X-Content-Type-Options": "nosniff", "Content-Security-Policy": CSP})


def when(c: dict[str, Any]) -> str:
    """A claim's time as people write it: a span, a start, 'as of', or when it was cited."""
    tm = c.get("time") or {}
    start, end, as_of = tm.get("start"), tm.get("end"), tm.get("as_of")
    if start and end and end != start:
        return f"{start} – {end}"
    if start:
        return f"{start} –" if c.get("predicate") in SPANS and not end else start
    if as_of:
        return f"as of {as_of}"
    return ""


def voice(src: dict[str, Any]) -> str:
    """Whose words: the voice and, when known, the speaker's name."""
    who = src.get("asserted_by") or "unattributed"
    speaker = src.get("speaker")
    return f"{who} {speaker['name']}" if speaker and speaker.get("name") else who


def safe_url(url: Any) -> str | None:
    """A link only for http(s) URLs: an article's URL is untrusted (javascript: …)."""
    return url if isinstance(url, str) and re.match(r"https?://[^\s]+$", url, re.I) else None


def kind_path(kind: str | None) -> str:
    return {"PERSON": "persons", "ORG": "groups", "PLACE": "places"}.get(kind or "", "entities")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.globals.update(static_url=static_url, when=when, voice=voice, safe_url=safe_url, kind_path=kind_path,
                       predicates=PREDICATES, voices=VOICES)
    env.filters["short"] = lambda s, n=90: s if len(s or "") <= n else s[:n - 1].rstrip() + "…"
    env.filters["label"] = lambda p: PREDICATES.get(p, (p or "").replace("_", " "))
    return env


def page(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    settings = getattr(request.app.state, "settings", None)
    context.setdefault("writes", bool(getattr(settings, "token", None)))
    context.setdefault("path", request.url.path)
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)
