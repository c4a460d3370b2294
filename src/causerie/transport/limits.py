"""The HTTP edge's limits, before any route runs: request body sizes per
route (413 ``too_large`` before the body is read), header and idle timeouts
on the connection, HSTS over HTTPS, and a log filter that keeps secrets in
query strings out of every log line (docs/security.md, "Limits")."""

from __future__ import annotations

import logging
import os
import re
from asyncio import TimerHandle
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from causerie.transport.i18n import pick_language

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

KIB = 1024
MIB = 1024 * KIB
# JSON bodies of this API are a few hundred bytes; 64 KiB leaves room for a
# 2,000-character bio or report text with escapes, and nothing a flood can use.
DEFAULT_BODY_LIMIT = 64 * KIB


@dataclass(frozen=True, slots=True)
class RouteLimit:
    """Bodies of ``method`` requests whose path matches ``path`` (a regular
    expression matched in full) may be up to ``max_bytes`` long."""

    method: str
    path: str
    max_bytes: int

    def matches(self, method: str, path: str) -> bool:
        return method == self.method and re.fullmatch(self.path, path) is not None


# The routes allowed more than the default. Add a line for a route that
# takes an upload; everything else gets DEFAULT_BODY_LIMIT.
ROUTE_LIMITS: tuple[RouteLimit, ...] = (
    # Photos in private conversations (multipart): the image and the form's framing.
    RouteLimit("POST", r"/api/v1/conversations/[^/]+/images", 12 * MIB),
    # Stripe's events are JSON of a few KiB; their documented ceiling is far below this.
    RouteLimit("POST", r"/api/v1/premium/stripe/webhook", 512 * KIB),
)


def body_limit_for(method: str, path: str, table: tuple[RouteLimit, ...] = ROUTE_LIMITS) -> int:
    for entry in table:
        if entry.matches(method, path):
            return entry.max_bytes
    return DEFAULT_BODY_LIMIT


_TOO_LARGE = {
    "fr": "Requête trop volumineuse : {limit} octets au plus pour cette adresse.",
    "en": "Request too large: at most {limit} bytes for this address.",
}


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


async def _send_too_large(scope: Scope, send: Send, limit: int) -> None:
    accept = _header(scope, b"accept-language")
    language = pick_language(accept.decode("latin-1") if accept else None, None)
    body = orjson.dumps(
        {
            "type": "https://causerie.example/problems/too_large",
            "title": "Content Too Large",
            "status": 413,
            "detail": _TOO_LARGE[language].format(limit=limit),
            "code": "too_large",
            "limit": limit,
        }
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                # The rest of the body is never read: the connection cannot
                # carry another request after it, so uvicorn closes it.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Pure ASGI: refuses a body over its route's limit with 413 before the
    app reads it — at once when ``Content-Length`` announces too much, or as
    soon as a chunked body grows past the limit. The app never holds more
    than the limit (uvicorn itself buffers at most 64 KiB ahead of it)."""

    def __init__(self, app: ASGIApp, table: tuple[RouteLimit, ...] = ROUTE_LIMITS) -> None:
        self.app = app
        self.table = table

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit_for(scope["method"], scope["path"], self.table)
        declared = _header(scope, b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > limit
            except ValueError:
                too_large = False  # the HTTP parser refuses a malformed length first
            if too_large:
                await _send_too_large(scope, send, limit)
                return
        received = 0
        refused = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    if not started:
                        await _send_too_large(scope, send, limit)
                    # To the app, the client went away: it stops reading.
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 was the answer
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not refused:
                raise
            # What the app made of the vanished client does not matter.


HSTS = b"max-age=31536000; includeSubDomains"


class StrictTransport:
    """Pure ASGI: ``Strict-Transport-Security`` on every response to a
    request that came over HTTPS — directly, or through a proxy trusted by
    uvicorn's ``forwarded_allow_ips`` (which then sets the scope's scheme
    from ``X-Forwarded-Proto``). Never over plain HTTP: browsers ignore it
    there, and localhost development must stay reachable."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def with_hsts(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                if not any(k.lower() == b"strict-transport-security" for k, _ in headers):
                    headers.append((b"strict-transport-security", HSTS))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_hsts)


# --- secrets out of the logs ------------------------------------------------

# Query parameters that authenticate: a URL carrying one must never be
# written anywhere, since whoever reads the log could reuse it.
SECRET_PARAMS = frozenset({"token", "ticket"})
_SECRET_QUERY = re.compile(r"\?([^\s\"]*)")


def _names_a_secret(query: str) -> bool:
    """True when any parameter of ``query`` is a secret one *as the server
    reads it*: names are percent-decoded (``%74oken`` is ``token``), ``;`` is
    taken as a separator too, and case is ignored, so the filter is never
    narrower than what the WebSocket endpoint accepts."""
    for part in re.split(r"[&;]", query):
        name = unquote_plus(part.split("=", 1)[0]).strip().lower()
        if name in SECRET_PARAMS:
            return True
    return False


def scrub(text: str) -> str:
    """``text`` with every query string that names a secret parameter cut
    off at the ``?`` (the path stays, for the log's worth)."""

    def cut(match: re.Match[str]) -> str:
        return "" if _names_a_secret(match.group(1)) else match.group(0)

    return _SECRET_QUERY.sub(cut, text)


class SecretQueryFilter(logging.Filter):
    """On uvicorn's access and error loggers (the WebSocket handshake is
    logged on the latter): drops secret query strings from the arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(scrub(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str) and "?" in record.msg:
            record.msg = scrub(record.msg)
        return True


LOGGERS = ("uvicorn.access", "uvicorn.error")


def install_log_filter() -> None:
    """Idempotent; the filters survive uvicorn's logging configuration."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SecretQueryFilter) for f in logger.filters):
            logger.addFilter(SecretQueryFilter())


# --- timeouts on the connection ---------------------------------------------


class _LingeringTransport:
    """The connection's transport as uvicorn's request cycle sees it. When
    the cycle closes a connection whose request body was not all received
    (a 413 sent before reading), closing at once would make the kernel answer
    the unread bytes with a reset that destroys the 413 on its way: instead
    send FIN after the answer, discard what still arrives for at most
    ``LINGER`` seconds, then close (what nginx calls a lingering close)."""

    LINGER = 2.0

    def __init__(self, transport: Any, protocol: EdgeHttpProtocol) -> None:
        self._transport = transport
        self._protocol = protocol

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)

    def close(self) -> None:
        protocol = self._protocol
        cycle = protocol.cycle
        unread = cycle is not None and cycle.more_body and not cycle.disconnected
        if not unread or protocol.lingering or not self._transport.can_write_eof():
            self._transport.close()
            return
        protocol.lingering = True
        self._transport.write_eof()
        self._transport.resume_reading()  # flow control may have paused it
        protocol.loop.call_later(self.LINGER, self._transport.close)


class EdgeHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the timeouts it lacks:

    - header timeout: a request's whole head (request line and headers) must
      arrive within ``HEADER_TIMEOUT`` seconds of the connection opening or
      of the previous response — a client trickling a header line every few
      seconds is answered 408 and closed;
    - body idle timeout: once the head is in, a body that stops arriving for
      ``BODY_IDLE_TIMEOUT`` seconds ends the connection.

    The keep-alive timeout (idle between requests) is uvicorn's own
    ``timeout_keep_alive``. Couples to uvicorn 0.54's ``httptools_impl``
    (pinned): ``connection_made``, ``on_headers_complete``,
    ``on_response_complete``, ``handle_websocket_upgrade``, ``cycle``."""

    # From the environment, as Settings reads them: the workers of
    # ``serve --workers N`` get this class by its import path (a class made
    # at run time cannot be sent to them) and the settings through the
    # environment. ``edge_uvicorn_options`` subclasses it with given values.
    HEADER_TIMEOUT = float(os.environ.get("CAUSERIE_HEADER_TIMEOUT_SECONDS", "10"))
    BODY_IDLE_TIMEOUT = float(os.environ.get("CAUSERIE_BODY_IDLE_TIMEOUT_SECONDS", "30"))

    _head_timer: TimerHandle | None = None
    _body_timer: TimerHandle | None = None
    lingering = False

    def connection_made(self, transport: Any) -> None:
        super().connection_made(_LingeringTransport(transport, self))  # type: ignore[arg-type]
        self._arm_head()

    def eof_received(self) -> None:
        if self.lingering:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timers()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.lingering:
            return  # the rest of a refused body: dropped unread
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None
        super().data_received(data)
        cycle = self.cycle
        if (
            self._head_timer is None
            and cycle is not None
            and cycle.more_body
            and not cycle.response_complete
            and not self.transport.is_closing()
            and not self.flow.read_paused  # then the app is slow, not the client
        ):
            self._body_timer = self.loop.call_later(self.BODY_IDLE_TIMEOUT, self._body_idle)

    def on_headers_complete(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_head()  # the next request's head, on this kept-alive connection

    def handle_websocket_upgrade(self) -> None:
        self._cancel_timers()  # the WebSocket protocol has its own pings
        if isinstance(self.transport, _LingeringTransport):
            # The WebSocket protocol gets the plain transport: its direct
            # fan-out writes should not pay for the wrapper's indirection.
            self.transport = self.transport._transport
        super().handle_websocket_upgrade()

    def _arm_head(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(self.HEADER_TIMEOUT, self._head_late)

    def _cancel_timers(self) -> None:
        for timer in (self._head_timer, self._body_timer):
            if timer is not None:
                timer.cancel()
        self._head_timer = self._body_timer = None

    def _head_late(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being answered (pipelined head parsed meanwhile)
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        )
        self.transport.close()

    def _body_idle(self) -> None:
        self._body_timer = None
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True
            self.cycle.message_event.set()
        self.transport.close()


def install_edge(app: Any) -> None:
    """Wrap ``app`` (a FastAPI/Starlette app) in the body limit (outermost,
    so nothing reads a body first) and HSTS; filter secrets out of logs."""
    app.add_middleware(StrictTransport)
    app.add_middleware(BodyLimit)
    install_log_filter()


# For uvicorn's ``http`` option where the class must be named, not passed.
EDGE_PROTOCOL_PATH = "causerie.transport.limits:EdgeHttpProtocol"


def edge_uvicorn_options(
    header_timeout: float = EdgeHttpProtocol.HEADER_TIMEOUT,
    body_idle_timeout: float = EdgeHttpProtocol.BODY_IDLE_TIMEOUT,
    keep_alive_timeout: float = 5.0,
) -> dict[str, Any]:
    """The uvicorn options of the HTTP edge (``serve`` and the tests): the
    protocol with these header and body timeouts, and the keep-alive one."""
    protocol = type(
        "ConfiguredEdgeHttpProtocol",
        (EdgeHttpProtocol,),
        {"HEADER_TIMEOUT": header_timeout, "BODY_IDLE_TIMEOUT": body_idle_timeout},
    )
    return {"http": protocol, "timeout_keep_alive": keep_alive_timeout}
