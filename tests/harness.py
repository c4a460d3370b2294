"""A real server for tests: the ASGI app under uvicorn on a loopback port,
in the test's own event loop, and small clients that speak API v1."""

from __future__ import annotations

import asyncio
import itertools
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import uvicorn
from websockets.asyncio.client import ClientConnection, connect

from causerie.app import create_app
from causerie.config import Settings
from causerie.ports import Clock
from causerie.transport.ws.direct import uvicorn_options

_pseudo_counter = itertools.count(1)
# /metrics answers only operators: tests read it with this bearer token.
METRICS_TOKEN = "test-metrics-token-0123456789"


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
    base_url: str
    app: Any
    members: list[Member] = field(default_factory=list)

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://") + "/api/v1/ws"

    def client(self, token: str | None = None, language: str = "en") -> httpx.AsyncClient:
        headers = {"Accept-Language": language}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.AsyncClient(base_url=self.base_url, headers=headers, timeout=10)


@asynccontextmanager
async def live_server(settings: Settings, clock: Clock | None = None) -> AsyncIterator[Server]:
    app = create_app(settings, clock=clock)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_level="warning", lifespan="on", ws_ping_interval=None, **uvicorn_options()
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    live = Server(base_url=f"http://127.0.0.1:{port}", app=app)
    try:
        yield live
    finally:
        for member in live.members:
            await member.close()
        server.should_exit = True
        await task
        sock.close()


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

    async def recv(self, timeout: float = 5.0) -> dict[str, Any]:
        data = await asyncio.wait_for(self.conn.recv(), timeout)
        result: dict[str, Any] = orjson.loads(data)
        return result

    async def expect(self, kind: str, timeout: float = 5.0) -> dict[str, Any]:
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
) -> Member:
    pseudo = pseudo or f"user{next(_pseudo_counter)}x{id(server) % 997}"
    http = server.client()
    response = await http.post(
        "/api/v1/session/guest",
        json={"pseudo": pseudo, "gender": gender, "age": age, "city": city},
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
async def server(tmp_path: Path, migrated_database_url: str) -> AsyncIterator[Server]:
    """A live server on SQLite and on PostgreSQL (the same tests run over both)."""
    async with live_server(test_settings(tmp_path, migrated_database_url)) as live:
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
