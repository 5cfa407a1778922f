"""The API's guards and its error shape, apart from the endpoints (allegiance/serve/api.py).

    error_response(exc)      a typed error → {"error": {"code", "message", "hint", "input"}}
    Guard                    ASGI middleware: Host check, NUL in the URL, body size, headers
    RateLimiter              writes a minute per client (sliding window)
    WRITE                    the dependencies of every write: rate limit, then bearer token

The order a request meets them: the Host header (a loopback server answers only to
loopback names, so a web page cannot reach it by DNS rebinding), NUL bytes in the URL,
the body size (read here up to the limit, declared length or not); then, for writes, the
rate limit and the token (compared in constant time; none set: writes refused, not open).
Every response says nosniff and a Content-Security-Policy of default-src 'none' (a page
may set its own).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from allegiance.errors import (
    AllegianceError,
    BadRequestError,
    BodyTooLargeError,
    HostNotAllowedError,
    InputError,
    InputTooLargeError,
    ModelError,
    NoEndpointError,
    NotFoundError,
    RateLimitedError,
    RequestError,
    StoreError,
    UnauthorizedError,
    WritesDisabledError,
)

TOKEN_ENV = "ALLEGIANCE_TOKEN"
MAX_BODY_ENV = "ALLEGIANCE_API_MAX_BODY"
WRITE_RATE_ENV = "ALLEGIANCE_API_WRITE_RATE"

# First match wins: subclasses before their parents.
STATUS: tuple[tuple[type[AllegianceError], int], ...] = (
    (NotFoundError, 404), (InputTooLargeError, 413), (InputError, 422), (BadRequestError, 422),
    (UnauthorizedError, 401), (WritesDisabledError, 403), (BodyTooLargeError, 413), (RateLimitedError, 429),
    (NoEndpointError, 404), (HostNotAllowedError, 400), (RequestError, 400), (StoreError, 503), (ModelError, 503),
)
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None  # None: writes refused
    max_body: int  # bytes
    write_rate: int  # writes a minute from one client; 0: no limit
    allowed_hosts: frozenset[str] | None  # None: any Host header


class ErrorDetail(BaseModel):
    code: str = Field(description="An allegiance error code (allegiance/errors.py), e.g. A602")
    message: str
    hint: str | None = None
    input: str | None = Field(None, description="What in the request caused it")
    limit: int | None = Field(None, description="The limit that was passed (413, 429)")


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": what} for status, what in (
        (400, "Host not allowed, or a NUL in the URL"), (404, "Nothing in the graph matches"),
        (413, "Request body over the limit"), (422, "A parameter or body that does not validate"),
        (503, "The database is busy or unreachable"))}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": what} for status, what in (
        (401, "No or wrong bearer token"), (403, "Writes are disabled: the server has no token"),
        (409, "The correction was refused (e.g. two knowledge-base actors)"),
        (429, "Too many writes from this client"))}


# -- responses and errors ----------------------------------------------------------------


class JSON(JSONResponse):
    """Compact UTF-8 JSON; values the store returns that JSON lacks (dates) become strings."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, default=str,
                          separators=(",", ":")).encode("utf-8")


def status_of(exc: AllegianceError) -> int:
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def error_response(exc: AllegianceError, *, status: int | None = None, headers: dict[str, str] | None = None,
                   **extra: Any) -> JSON:
    body: dict[str, Any] = {"code": exc.code, "message": exc.message, "hint": exc.hint}
    if exc.input is not None:
        body["input"] = exc.input
    body.update(extra)
    # Set here too: a 500 is answered outside the middleware that adds them.
    all_headers = {k.decode(): v.decode() for k, v in SECURITY_HEADERS}
    all_headers.update(headers or {})
    return JSON({"error": body}, status_code=status or status_of(exc), headers=all_headers)


def _validation_message(errors: Iterable[Any]) -> str:
    parts = []
    for err in list(errors)[:5]:
        if err.get("type") == "json_invalid":
            parts.append("the body is not JSON")
            continue
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        msg = str(err.get("msg", "is not valid")).removeprefix("Value error, ")
        parts.append(f"{loc or 'request'}: {msg}")
    return "; ".join(parts) or "the request does not validate"


def install_error_handlers(app: FastAPI) -> None:
    async def typed(request: Request, exc: Exception) -> JSON:
        assert isinstance(exc, AllegianceError)
        return error_response(exc)

    async def invalid(request: Request, exc: Exception) -> JSON:
        assert isinstance(exc, RequestValidationError)
        return error_response(BadRequestError(_validation_message(exc.errors()),
                                              hint="See /openapi.json for what each endpoint takes."))

    async def http(request: Request, exc: Exception) -> JSON:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code in (404, 405):
            what = "no endpoint at this URL" if exc.status_code == 404 else f"{request.method} is not allowed here"
            return error_response(NoEndpointError(what, input=request.url.path,
                                                  hint="The endpoints are listed at /api and in /openapi.json."),
                                  status=exc.status_code)
        return error_response(RequestError(str(exc.detail)), status=exc.status_code)

    async def database(request: Request, exc: Exception) -> JSON:
        return error_response(StoreError("the database is busy or cannot be reached",
                                         hint="Try again in a moment."), headers={"Retry-After": "5"})

    async def refusal(request: Request, exc: Exception) -> JSON:
        assert isinstance(exc, _Refusal)
        return exc.response

    async def internal(request: Request, exc: Exception) -> JSON:
        # The traceback goes to the server log (uvicorn prints it), never to the client.
        return error_response(AllegianceError("internal error", input=request.url.path,
                                              hint="The server log has the details; please report it."))

    app.add_exception_handler(AllegianceError, typed)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http)
    app.add_exception_handler(sa.exc.OperationalError, database)
    app.add_exception_handler(Exception, internal)
    app.add_exception_handler(_Refusal, refusal)


# -- guards ------------------------------------------------------------------------------


class Guard:
    """Pure ASGI: Host check, NUL bytes, body size, and the security headers on the way out.

    The body is read here, up to the limit, and handed on whole: a body over the limit is
    refused before any endpoint parses it, whether or not it declared its length.
    """

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in have]
                message = {**message, "headers": headers}
            await send(message)

        async def refuse(exc: AllegianceError, **extra: Any) -> None:
            await error_response(exc, **extra)(scope, receive, send)

        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        hosts = self.settings.allowed_hosts
        if hosts is not None and _hostname(headers.get(b"host", b"").decode("latin-1")) not in hosts:
            await refuse(HostNotAllowedError("this server answers only to its loopback names",
                                             input=headers.get(b"host", b"").decode("latin-1"),
                                             hint="Use http://127.0.0.1:PORT/ or http://localhost:PORT/."))
            return
        if "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b"").lower():
            await refuse(BadRequestError("the URL holds a NUL character", hint="Remove it."))
            return
        limit = self.settings.max_body
        too_big = BodyTooLargeError(f"the request body is over the {limit}-byte limit",
                                    hint=f"Send less, or start the server with a larger {MAX_BODY_ENV}.")
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await refuse(too_big, limit=limit)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await refuse(too_big, limit=limit)
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send_secure)


def _hostname(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def loopback_names(host: str) -> frozenset[str]:
    """The Host names a server bound to loopback answers to."""
    return frozenset({"127.0.0.1", "localhost", "::1", host.strip("[]").lower()})


class RateLimiter:
    """At most `per_minute` writes in any 60 s from one client (sliding window)."""

    def __init__(self, per_minute: int, *, clock: Any = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """0 when the write may go ahead (and it is counted), else the seconds to wait."""
        if self.per_minute <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            for key in [k for k, v in self._hits.items() if v and v[-1] <= now - 60]:
                del self._hits[key]  # forget idle clients: the table never grows without bound
            hits = self._hits.setdefault(client, deque())
            while hits and hits[0] <= now - 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return max(0.1, hits[0] + 60 - now)
            hits.append(now)
            return 0.0


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _rate_limit(request: Request) -> None:
    limiter: RateLimiter = request.app.state.rate_limiter
    client = request.client.host if request.client else "unknown"
    wait = limiter.wait(client)
    if wait:
        raise _Refusal(error_response(
            RateLimitedError(f"more than {limiter.per_minute} writes a minute from this client",
                             input=client, hint=f"Wait {wait:.0f} s, or raise {WRITE_RATE_ENV}."),
            headers={"Retry-After": str(int(wait + 0.999))}, limit=limiter.per_minute))


def _require_token(request: Request) -> None:
    expected = settings_of(request).token
    if not expected:
        raise WritesDisabledError("writes are disabled: this server was started without a token",
                                  hint=f"Start it with {TOKEN_ENV}=SECRET (or --token) and send "
                                       "'Authorization: Bearer SECRET'.")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8"))
    if not ok:
        raise _Refusal(error_response(
            UnauthorizedError("a write needs the server's bearer token" if not given else "wrong token",
                              hint="Send 'Authorization: Bearer TOKEN' with the server's token."),
            headers={"WWW-Authenticate": "Bearer"}))


class _Refusal(Exception):
    """A guard's ready response (with its extra headers), raised from a dependency."""

    def __init__(self, response: JSON) -> None:
        self.response = response


WRITE = [Depends(_rate_limit), Depends(_require_token)]

