"""Floods one connection can cause, against a real server: frames, sockets
per account and per address, joins, replays, and the event loop's fairness
(docs/security.md, "Flood budgets")."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import orjson
import pytest
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed
from websockets.frames import Frame, Opcode

from causerie.domain.events import CLOSE_TOO_MANY
from causerie.transport.ws.session import WsSession
from tests import harness
from tests.harness import Server, live_server, room_for_band, signup
from tests.realtime.test_faults import raw_socket, read, store_missed

PING = b'{"type":"ping"}'

MakeServer = Callable[..., AbstractAsyncContextManager[Server]]


@pytest.fixture
def make_server(tmp_path: Path, migrated_database_url: str) -> MakeServer:
    @asynccontextmanager
    async def make(**overrides: Any) -> AsyncIterator[Server]:
        settings = harness.test_settings(tmp_path, migrated_database_url, **overrides)
        async with live_server(settings, listen=True) as live:
            yield live

    return make


def flood(conn: ClientConnection, count: int, payload: bytes = PING) -> None:
    """Put ``count`` client frames on the wire in one write, as a flooding
    client would, without waiting for anything."""
    frame = Frame(Opcode.TEXT, payload).serialize(mask=True)
    conn.transport.write(frame * count)


async def drain(conn: ClientConnection, timeout: float = 15.0) -> list[dict[str, Any]]:
    """Every frame until the server closes the connection."""
    frames: list[dict[str, Any]] = []
    try:
        async with asyncio.timeout(timeout):
            async for data in conn:
                frames.append(orjson.loads(data))
    except ConnectionClosed:
        pass
    return frames


async def test_a_ping_flood_is_refused_closed_and_others_are_answered(
    server: Server,
) -> None:
    """50,000 pings in one burst: the budget answers ``rate_limited`` then
    closes with 4029; meanwhile another member's requests are answered.

    How long they wait is not asserted here (a timed assertion fails on a
    loaded machine: CI measured 1.3 s of this process's CPU for the first
    request, flood parsing included): the event loop's fairness is checked
    exactly, in frames per loop turn, by the next test."""
    flooder = await signup(server)
    other = await signup(server)
    assert (await other.http.get("/api/v1/me")).status_code == 200
    conn = await raw_socket(flooder)
    flood(conn, 50_000)
    reading = asyncio.create_task(drain(conn))
    for _ in range(20):
        assert (await other.http.get("/api/v1/me")).status_code == 200
    frames = await reading
    assert conn.close_code == CLOSE_TOO_MANY
    kinds = [f["type"] for f in frames]
    errors = [f for f in frames if f["type"] == "error"]
    assert kinds.count("pong") <= server.app.state.deps.settings.ws_frames[0] + 5
    assert errors and {e["code"] for e in errors} == {"rate_limited"}
    assert all(e["retry_after"] >= 1 for e in errors)


async def test_the_reader_lets_others_run_between_two_frames(
    make_server: MakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The event loop stays fair whatever the budgets (here lifted): while
    one socket's 5,000 pings, received in one or two reads, are answered,
    another task runs between any two of them. Counted in frames per loop
    turn, not seconds, so the machine's load does not matter."""
    handled = 0
    original = WsSession.handle

    async def counting(self: WsSession, frame: Any) -> None:
        nonlocal handled
        handled += 1
        await original(self, frame)

    monkeypatch.setattr(WsSession, "handle", counting)
    async with make_server(no_rate_limits=True) as server:
        member = await signup(server)
        conn = await raw_socket(member)
        reading = asyncio.create_task(drain(conn, timeout=60.0))
        per_turn: list[int] = []
        flood(conn, 5_000)
        async with asyncio.timeout(60.0):
            while handled < 5_000:
                before = handled
                await asyncio.sleep(0)
                per_turn.append(handled - before)
        reading.cancel()
    # Without the yield, the frames of one read were answered in one turn.
    assert max(per_turn) <= 2, max(per_turn)


async def test_frames_over_budget_are_refused_then_the_connection_closed(
    make_server: MakeServer,
) -> None:
    async with make_server(ws_frames=(20, 10.0), ws_refusals=(5, 10.0)) as server:
        member = await signup(server)
        ws = await member.ws()
        for _ in range(40):
            await ws.send({"type": "ping"})
        frames = await drain(ws.conn)
    assert [f["type"] for f in frames[:20]] == ["pong"] * 20
    assert [f.get("code") for f in frames[20:]] == ["rate_limited"] * 5
    assert ws.conn.close_code == CLOSE_TOO_MANY


async def test_a_send_refused_by_the_frame_budget_names_its_client_id(
    make_server: MakeServer,
) -> None:
    async with make_server(ws_frames=(3, 60.0)) as server:
        member = await signup(server)
        room = await room_for_band(member)
        ws = await member.ws()
        await ws.join(room)  # one frame
        await ws.send({"type": "ping"})  # two
        assert (await ws.recv())["type"] == "pong"
        await ws.send_text(room, "un", "first")  # three
        await ws.expect("ack")
        await ws.send_text(room, "deux", "second")
        refused = await ws.expect("error")
        assert refused["code"] == "rate_limited" and refused["client_id"] == "second"


async def test_a_modest_client_is_never_limited(make_server: MakeServer) -> None:
    async with make_server(ws_frames=(20, 1.0)) as server:
        member = await signup(server)
        ws = await member.ws()
        for _ in range(30):  # 10 a second, under the 20 a second refill
            await ws.send({"type": "ping"})
            assert (await ws.recv())["type"] == "pong"
            await asyncio.sleep(0.1)


async def test_no_rate_limits_lifts_the_frame_budget(make_server: MakeServer) -> None:
    async with make_server(ws_frames=(5, 10.0), ws_refusals=(1, 10.0), no_rate_limits=True) as s:
        member = await signup(s)
        ws = await member.ws()
        for _ in range(50):
            await ws.send({"type": "ping"})
        assert [(await ws.recv())["type"] for _ in range(50)] == ["pong"] * 50


async def test_one_account_opens_at_most_its_sockets(make_server: MakeServer) -> None:
    async with make_server(ws_sockets_per_user=3) as server:
        member = await signup(server)
        room = await room_for_band(member)
        sockets = [await member.ws() for _ in range(3)]
        for ws in sockets:
            await ws.join(room)
        fourth = await member.ws()
        await drain(fourth.conn, timeout=5.0)
        assert fourth.conn.close_code == CLOSE_TOO_MANY
        await sockets[0].conn.close()
        await asyncio.sleep(0.1)
        again = await member.ws()  # one was closed: room for one more
        await again.join(room)
        someone_else = await signup(server)
        await (await someone_else.ws()).join(room)


async def test_one_address_opens_at_most_its_sockets(make_server: MakeServer) -> None:
    async with make_server(ws_sockets_per_address=4) as server:
        members = [await signup(server) for _ in range(5)]
        room = await room_for_band(members[0])
        for member in members[:4]:
            await (await member.ws()).join(room)
        fifth = await members[4].ws()
        await drain(fifth.conn, timeout=5.0)
        assert fifth.conn.close_code == CLOSE_TOO_MANY


async def test_joins_and_leaves_have_a_budget(make_server: MakeServer) -> None:
    async with make_server(ws_joins=(6, 60.0)) as server:
        member = await signup(server)
        room = await room_for_band(member)
        ws = await member.ws()
        for _ in range(3):
            await ws.join(room)
            await ws.send({"type": "leave", "room": room})
            assert (await ws.recv())["type"] == "left"
        await ws.send({"type": "join", "room": room, "since": None})
        refused = await ws.recv()
        assert refused["type"] == "error" and refused["code"] == "rate_limited"
        assert refused["room"] == room and refused["retry_after"] >= 1
        await ws.send({"type": "ping"})  # the connection stays open
        assert (await ws.recv())["type"] == "pong"


async def test_a_replay_costs_in_proportion_to_its_size(make_server: MakeServer) -> None:
    """700 messages against a budget of 200 refilled at 100 a second: the
    replay is complete and in order, and takes the ~5 s the budget says."""
    async with make_server(ws_replayed=(200, 2.0), replay_batch=100) as server:
        alice = await signup(server)
        room = await room_for_band(alice)
        await store_missed(server, room, alice, 700, "hello")
        ws = await raw_socket(alice)
        started = time.perf_counter()
        await ws.send(orjson.dumps({"type": "join", "room": room, "since": 0}).decode())
        seqs = []
        while True:
            frame = await read(ws, timeout=15.0)
            if frame["type"] == "joined":
                break
            seqs.append(frame["seq"])
        elapsed = time.perf_counter() - started
        assert seqs == list(range(1, 701))
        assert elapsed >= 3.5, elapsed
        small = await raw_socket(alice)  # the budget is the connection's
        started = time.perf_counter()
        await small.send(orjson.dumps({"type": "join", "room": room, "since": 650}).decode())
        while (await read(small))["type"] != "joined":
            pass
        assert time.perf_counter() - started < 2.0
