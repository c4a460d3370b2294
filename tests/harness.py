"""The app for tests, and small clients that speak API v1.

HTTP goes in-process: ``httpx.ASGITransport`` calls the app directly, with
its lifespan run as a server would (``asgi_lifespan.LifespanManager``), so
an HTTP-only test pays for no socket, no event-loop hop and no parser. The
app still sees a loopback client (``CLIENT``: per-address limits hold) and
every header and cookie a server would pass on. A test that opens a
WebSocket needs a real server: ``Member.ws`` (or ``await server.listen()``)
starts uvicorn on a loopback port, on the same running app, the first time
one is asked for. ``live_server(..., listen=True)`` serves HTTP over TCP too,
for the tests about the real server itself (tests/realtime)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from asgi_lifespan import LifespanManager
from websockets.asyncio.client import ClientConnection, connect

from causerie.app import create_app
from causerie.config import Settings
from causerie.ports import Clock
from causerie.safety.names import check_name
from causerie.transport.ws.direct import uvicorn_options
from tests.support.net import bound_socket, port_of, serving

_pseudo_counter = itertools.count(1)


def _fresh_pseudo(server: object) -> str:
    """The next generated pseudo the name policy accepts. The counter passes
    1488, a neo-Nazi code the policy refuses on purpose ("user1488x652" was
    refused as hate once a test worker had made that many accounts)."""
    while True:
        pseudo = f"user{next(_pseudo_counter)}x{id(server) % 997}"
        if check_name(pseudo).allowed:
            return pseudo


# /metrics answers only operators: tests read it with this bearer token.
METRICS_TOKEN = "test-metrics-token-0123456789"
# Who an in-process request comes from, as uvicorn would report a loopback
# client: what the app keys its per-address limits on (transport/auth.client_ip).
CLIENT = ("127.0.0.1", 50000)
# The origin in-process clients name; no socket is behind it.
IN_PROCESS_URL = "http://127.0.0.1"
# A lifespan that upgrades the schema can take a while on a loaded machine;
# the library's default (5 s) would turn that into a failure.
LIFESPAN_TIMEOUT = 120.0


def test_settings(tmp_path: Path, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path,
        "database_url": database_url,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 8192,
        "metrics_token": METRICS_TOKEN,
    }
    values.update(overrides)
    return Settings(**values)


@dataclass
class Server:
    """The app under test. ``base_url`` is where a real server listens
    (``edge_server``, ``live_server(listen=True)``, or after ``listen()``);
    None while HTTP goes in-process only."""

    app: Any  # the FastAPI app: tests read ``app.state``
    base_url: str | None = None
    members: list[Member] = field(default_factory=list)
    # What is served: ``app`` behind the lifespan's state, when there is one.
    asgi: Any = None
    # Clients call ``app`` in-process unless the server was made listening.
    in_process: bool = False
    _listener: AsyncExitStack = field(default_factory=AsyncExitStack)

    @property
    def ws_url(self) -> str:
        if self.base_url is None:
            raise RuntimeError("no socket yet: `await server.listen()` before a WebSocket")
        return self.base_url.replace("http://", "ws://") + "/api/v1/ws"

    async def listen(self) -> str:
        """The base URL of a real server for this app, started on first call."""
        if self.base_url is None:
            sock = bound_socket()
            # The app is started already: its lifespan is not uvicorn's to run.
            await self._listener.enter_async_context(
                serving(self.asgi or self.app, sock, ws_ping_interval=None, **uvicorn_options())
            )
            self.base_url = f"http://127.0.0.1:{port_of(sock)}"
        return self.base_url

    def client(self, token: str | None = None, language: str = "en") -> httpx.AsyncClient:
        headers = {"Accept-Language": language}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if self.in_process:
            # raise_app_exceptions=False: an unhandled error is a 500, as
            # from a server, not an exception in the test.
            transport = httpx.ASGITransport(
                self.asgi or self.app, raise_app_exceptions=False, client=CLIENT
            )
            return httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_URL, headers=headers)
        assert self.base_url is not None
        return httpx.AsyncClient(base_url=self.base_url, headers=headers, timeout=10)

    async def close(self) -> None:
        for member in self.members:
            await member.close()
        await self._listener.aclose()


def _state_per_request(app: Any) -> Any:
    """uvicorn gives each request a shallow copy of the lifespan's state;
    ``LifespanManager`` (asgi-lifespan 2.1) hands every request the same
    dict, so what one request keeps on ``request.state`` (the caller, read
    once) would be found by the next. Copy, as uvicorn does."""

    async def per_request(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan" and "state" in scope:
            scope = {**scope, "state": dict(scope["state"])}
        await app(scope, receive, send)

    return per_request


@asynccontextmanager
async def live_server(
    settings: Settings, clock: Clock | None = None, *, listen: bool = False
) -> AsyncIterator[Server]:
    """The app on ``settings``, started and stopped like a server does.
    HTTP in-process unless ``listen``; a WebSocket starts a real listener."""
    app = create_app(settings, clock=clock)
    async with LifespanManager(
        _state_per_request(app), startup_timeout=LIFESPAN_TIMEOUT, shutdown_timeout=LIFESPAN_TIMEOUT
    ) as lifespan:
        live = Server(app=app, asgi=lifespan.app, in_process=not listen)
        try:
            if listen:
                await live.listen()
            yield live
        finally:
            await live.close()


@dataclass
class Member:
    """A signed-up user with an HTTP client."""

    token: str
    user: dict[str, Any]
    http: httpx.AsyncClient
    server: Server
    sockets: list[ClientConnection] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.user["id"])

    async def ws(self, **headers: str) -> WsClient:
        await self.server.listen()
        conn = await connect(
            self.server.ws_url,
            additional_headers={"Authorization": f"Bearer {self.token}", **headers},
            max_size=1 << 22,
            # Tests often leave frames unread: an unbounded queue lets the
            # library still see the closing handshake behind them.
            max_queue=None,
        )
        self.sockets.append(conn)
        return WsClient(conn)

    async def close(self) -> None:
        for conn in self.sockets:
            await conn.close()
        await self.http.aclose()


class WsClient:
    def __init__(self, conn: ClientConnection) -> None:
        self.conn = conn

    async def send(self, frame: dict[str, Any] | str) -> None:
        await self.conn.send(frame if isinstance(frame, str) else orjson.dumps(frame).decode())

    # A frame that is due may take long on a loaded CI machine (the first
    # message a worker filters also loads the model): wait generously; tests
    # that check for silence pass a short timeout of their own.
    async def recv(self, timeout: float = 15.0) -> dict[str, Any]:
        data = await asyncio.wait_for(self.conn.recv(), timeout)
        result: dict[str, Any] = orjson.loads(data)
        return result

    async def expect(self, kind: str, timeout: float = 15.0) -> dict[str, Any]:
        """The next frame of type ``kind``, skipping others (returned in order
        by ``expect_many`` when they matter)."""
        while True:
            frame = await self.recv(timeout)
            if frame["type"] == kind:
                return frame

    async def join(self, room: str, since: int | None = None) -> tuple[list[dict[str, Any]], int]:
        """Join; returns the replayed message/withheld frames and ``last_seq``."""
        await self.send({"type": "join", "room": room, "since": since})
        replay = []
        while True:
            frame = await self.recv()
            if frame["type"] == "joined":
                return replay, int(frame["last_seq"])
            if frame["type"] == "error":
                raise AssertionError(f"join refused: {frame}")
            replay.append(frame)

    async def send_text(self, room: str, text: str, client_id: str) -> None:
        await self.send({"type": "send", "room": room, "client_id": client_id, "text": text})


async def signup(
    server: Server,
    *,
    age: int = 30,
    city: str = "Lyon",
    pseudo: str | None = None,
    gender: str = "undisclosed",
    trust: int | None = None,
    language: str = "fr",
) -> Member:
    """A guest account; it speaks French unless told (the clients' requests
    carry Accept-Language: en, so only ``detail`` texts are English)."""
    pseudo = pseudo or _fresh_pseudo(server)
    http = server.client()
    response = await http.post(
        "/api/v1/session/guest",
        json={"pseudo": pseudo, "gender": gender, "age": age, "city": city, "language": language},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    http.headers["Authorization"] = f"Bearer {body['token']}"
    member = Member(token=body["token"], user=body["user"], http=http, server=server)
    server.members.append(member)
    if trust is not None:
        await set_trust(server, member.id, trust)
    return member


async def set_trust(server: Server, user_id: str, level: int) -> None:
    deps = server.app.state.deps
    async with deps.uow(write=True) as uow:
        await uow.users.update(user_id, trust_level=level)
        await uow.commit()


async def room_for_band(member: Member, band: str | None = None) -> str:
    rooms = (await member.http.get("/api/v1/rooms")).json()
    open_rooms = [r for r in rooms if r["requires"] is None]
    return str(open_rooms[0]["id"])


@pytest.fixture
def http_over_tcp() -> bool:
    """Whether ``server`` serves HTTP on a socket from the start: no here
    (in-process); tests/realtime/conftest.py says yes."""
    return False


@pytest.fixture
async def server(
    tmp_path: Path, migrated_database_url: str, http_over_tcp: bool
) -> AsyncIterator[Server]:
    """The app on SQLite and on PostgreSQL (the same tests run over both)."""
    settings = test_settings(tmp_path, migrated_database_url)
    async with live_server(settings, listen=http_over_tcp) as live:
        yield live


async def set_role(server: Server, user_id: str, role: str) -> None:
    """Grant ``moderator``/``admin`` (or ``user``) directly, as the CLI would."""
    from causerie.domain.models import Role

    deps = server.app.state.deps
    async with deps.uow(write=True) as uow:
        await uow.users.update(user_id, role=Role(role))
        await uow.commit()


async def staff(server: Server, role: str = "moderator", **kwargs: Any) -> Member:
    """A signed-up member with a staff role."""
    member = await signup(server, **kwargs)
    await set_role(server, member.id, role)
    return member
