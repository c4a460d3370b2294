"""Redis is not on the local delivery path: two real nodes over PostgreSQL,
node A reaching Redis through a relay the test cuts. Members of node A keep
sending and hearing each other; once Redis is back, node B catches up with
everything, in order."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.contract.conftest_redis import TcpProxy
from tests.realtime.nodes import server_process
from tests.realtime.test_two_nodes import (  # noqa: F401 (fixtures)
    join,
    messages,
    open_ws,
    pg_database,
    recv,
    send,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
async def relay(redis_url: str) -> AsyncIterator[TcpProxy]:
    proxy = TcpProxy("127.0.0.1", int(redis_url.rsplit(":", 1)[1].split("/", maxsplit=1)[0]))
    await proxy.start()
    yield proxy
    await proxy.cut()


@pytest.fixture
async def nodes_one_behind_relay(
    tmp_path: Path,
    pg_database: str,  # noqa: F811
    redis_url: str,
    relay: TcpProxy,
) -> AsyncIterator[tuple[str, str]]:
    env = {
        "CAUSERIE_REDIS_NAMESPACE": f"test-{secrets.token_hex(4)}",
        "CAUSERIE_SIGNAL_KEY": secrets.token_hex(32),
    }
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    async with server_process(pg_database, tmp_path / "a", "--redis-url", relay.url, env=env) as (
        _,
        base_a,
    ):
        async with server_process(
            pg_database, tmp_path / "b", "--redis-url", redis_url, env=env
        ) as (_, base_b):
            yield base_a, base_b


async def patient_guest(base: str, pseudo: str) -> str:
    """A guest session; a node just started may take a while to answer its
    first sign-up on a loaded machine (its filter warms up)."""
    async with httpx.AsyncClient(base_url=base, timeout=60.0) as http:
        response = await http.post(
            "/api/v1/session/guest",
            json={"pseudo": pseudo, "gender": "undisclosed", "age": 30, "city": "Lyon"},
        )
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


async def test_a_node_without_redis_still_delivers_to_its_own_members(
    nodes_one_behind_relay: tuple[str, str], relay: TcpProxy
) -> None:
    base_a, base_b = nodes_one_behind_relay
    token_1 = await patient_guest(base_a, "LocalOne")
    token_2 = await patient_guest(base_a, "LocalTwo")
    token_b = await patient_guest(base_b, "FarAway")
    async with httpx.AsyncClient(base_url=base_a) as http:
        rooms = (
            await http.get("/api/v1/rooms", headers={"Authorization": f"Bearer {token_1}"})
        ).json()
    room = next(r["id"] for r in rooms if r["requires"] is None)
    one, two, far = (
        await open_ws(base_a, token_1),
        await open_ws(base_a, token_2),
        await open_ws(base_b, token_b),
    )
    try:
        for ws in (one, two, far):
            await join(ws, room, None)
        await relay.cut()  # node A loses Redis (publishing and subscription)
        await asyncio.sleep(0.3)
        acks: list[dict[str, Any]] = []
        for i in range(3):
            await send(one, {"type": "send", "room": room, "client_id": f"o{i}", "text": f"m{i}"})
            while True:
                frame = await recv(one, timeout=5)
                assert frame["type"] != "error", frame
                if frame["type"] == "ack":
                    acks.append(frame)
                    break
        heard = await messages(two, 3)  # same node: heard while Redis is away
        assert [f["text"] for f in heard] == ["m0", "m1", "m2"]
        assert [f["seq"] for f in heard] == [a["seq"] for a in acks]
        await relay.resume()
        caught_up = await messages(far, 3)  # the other node catches up
        assert [f["seq"] for f in caught_up] == [a["seq"] for a in acks]
        assert [f["text"] for f in caught_up] == ["m0", "m1", "m2"]
        await send(far, {"type": "send", "room": room, "client_id": "back", "text": "bonjour de B"})
        while (answer := await recv(far))["type"] not in ("ack", "error"):
            pass
        assert answer["type"] == "ack", answer
        for ws in (one, two):  # and the broker carries B's messages to A again
            [live] = await messages(ws, 1)
            if ws is one and live["seq"] == acks[-1]["seq"]:
                # Its own m2, still unread: an ack may come before its message.
                [live] = await messages(ws, 1)
            assert live["text"] == "bonjour de B" and live["seq"] == acks[-1]["seq"] + 1
    finally:
        for ws in (one, two, far):
            await ws.close()
