"""Two real server processes sharing PostgreSQL and Redis: a room and a
private conversation work across them with gapless seq, a client moving
from one node to the other resumes without loss, and a logout on one node
closes that session's sockets on the other."""

from __future__ import annotations

import asyncio
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.conftest import PgServer
from tests.realtime.nodes import server_process

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def pg_database(pg_server: PgServer) -> Any:
    name = pg_server.create_database()
    yield pg_server.database_url(name)
    pg_server.drop_database(name)


@pytest.fixture
async def two_nodes(
    tmp_path: Path, pg_database: str, redis_url: str
) -> AsyncIterator[tuple[str, str, str]]:
    env = {
        "CAUSERIE_REDIS_NAMESPACE": f"test-{secrets.token_hex(4)}",
        # One deployment, one key for its ban-evasion hashes (docs/privacy.md).
        "CAUSERIE_SIGNAL_KEY": secrets.token_hex(32),
    }
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    # Start A alone first: it migrates and seeds the catalogue.
    async with server_process(pg_database, tmp_path / "a", "--redis-url", redis_url, env=env) as (
        _,
        base_a,
    ):
        async with server_process(
            pg_database, tmp_path / "b", "--redis-url", redis_url, env=env
        ) as (_, base_b):
            yield base_a, base_b, pg_database


async def guest(base: str, pseudo: str) -> tuple[str, dict[str, Any]]:
    async with httpx.AsyncClient(base_url=base) as http:
        response = await http.post(
            "/api/v1/session/guest",
            json={"pseudo": pseudo, "gender": "undisclosed", "age": 30, "city": "Lyon"},
        )
        assert response.status_code == 201, response.text
        body = response.json()
        return str(body["token"]), body["user"]


def ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + "/api/v1/ws"


async def open_ws(base: str, token: str) -> ClientConnection:
    return await connect(ws_url(base), additional_headers={"Authorization": f"Bearer {token}"})


async def send(ws: ClientConnection, frame: dict[str, Any]) -> None:
    await ws.send(orjson.dumps(frame).decode())


async def recv(ws: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    frame: dict[str, Any] = orjson.loads(await asyncio.wait_for(ws.recv(), timeout))
    return frame


async def join(ws: ClientConnection, room: str, since: int | None) -> list[dict[str, Any]]:
    await send(ws, {"type": "join", "room": room, "since": since})
    replay = []
    while True:
        frame = await recv(ws)
        if frame["type"] == "joined":
            return replay
        assert frame["type"] != "error", frame
        if frame["type"] in ("message", "withheld"):
            replay.append(frame)


async def messages(ws: ClientConnection, count: int) -> list[dict[str, Any]]:
    seen = []
    while len(seen) < count:
        frame = await recv(ws)
        if frame["type"] in ("message", "withheld"):
            seen.append(frame)
    return seen


async def test_room_across_nodes_is_gapless_and_resumable(two_nodes: tuple[str, str, str]) -> None:
    base_a, base_b, _ = two_nodes
    token_a, _ = await guest(base_a, "NodeAlice")
    token_b, _ = await guest(base_b, "NodeBob")
    async with httpx.AsyncClient(base_url=base_a) as http:
        rooms = (
            await http.get("/api/v1/rooms", headers={"Authorization": f"Bearer {token_a}"})
        ).json()
    room = next(r["id"] for r in rooms if r["requires"] is None)
    alice, bob = await open_ws(base_a, token_a), await open_ws(base_b, token_b)
    try:
        await join(alice, room, None)
        await join(bob, room, None)

        async def burst(ws: ClientConnection, tag: str) -> None:
            for i in range(12):
                await send(
                    ws,
                    {"type": "send", "room": room, "client_id": f"{tag}{i}", "text": f"{tag} {i}"},
                )

        await asyncio.gather(burst(alice, "a"), burst(bob, "b"))
        seen_a, seen_b = await messages(alice, 24), await messages(bob, 24)
        assert [f["seq"] for f in seen_a] == list(range(1, 25))
        assert [f["seq"] for f in seen_b] == list(range(1, 25))
        assert [f["id"] for f in seen_a] == [f["id"] for f in seen_b]

        # (A brand-new guest may send 20 messages per 10 s: Alice stays under.)
        # Bob moves from node B to node A and resumes from what he saw.
        await bob.close()
        for i in range(5):
            await send(
                alice, {"type": "send", "room": room, "client_id": f"late{i}", "text": f"late {i}"}
            )
        await messages(alice, 5)
        bob = await open_ws(base_a, token_b)
        replay = await join(bob, room, 24)
        assert [f["seq"] for f in replay] == [25, 26, 27, 28, 29]
        # And back to B, live again.
        await bob.close()
        bob = await open_ws(base_b, token_b)
        assert await join(bob, room, 29) == []
        await send(alice, {"type": "send", "room": room, "client_id": "live", "text": "live"})
        assert (await messages(bob, 1))[0]["seq"] == 30
    finally:
        await alice.close()
        await bob.close()


async def test_private_conversation_and_logout_across_nodes(
    two_nodes: tuple[str, str, str], tmp_path: Path
) -> None:
    base_a, base_b, database_url = two_nodes
    token_a, alice_user = await guest(base_a, "DmAlice")
    token_b, bob_user = await guest(base_b, "DmBob")
    subprocess.run(
        [sys.executable, "-m", "causerie.cli.main", "users", "trust", "DmAlice", "1",
         "--database-url", database_url, "--data-dir", str(tmp_path)],
        check=True, capture_output=True,
    )  # fmt: skip
    bob = await open_ws(base_b, token_b)
    try:
        async with httpx.AsyncClient(
            base_url=base_a, headers={"Authorization": f"Bearer {token_a}"}
        ) as http:
            created = await http.post(
                "/api/v1/conversations", json={"user_id": bob_user["id"], "text": "salut Bob"}
            )
            assert created.status_code == 201, created.text
            room = created.json()["id"]
        # The request reaches Bob's socket on the other node.
        pushed = await recv(bob)
        assert pushed == {"type": "conversation", "room": room}
        async with httpx.AsyncClient(
            base_url=base_b, headers={"Authorization": f"Bearer {token_b}"}
        ) as http:
            accepted = await http.post(f"/api/v1/conversations/{room}/accept")
            assert accepted.json()["state"] == "open"
        alice = await open_ws(base_a, token_a)
        try:
            assert [f["seq"] for f in await join(alice, room, 0)] == [1]
            await join(bob, room, 1)
            await send(
                bob, {"type": "send", "room": room, "client_id": "r1", "text": "salut Alice"}
            )
            got = await messages(alice, 1)
            assert got[0]["seq"] == 2 and got[0]["author"]["id"] == bob_user["id"]

            # Bob logs out through node A: his socket on node B closes with 4001.
            async with httpx.AsyncClient(base_url=base_a) as http:
                out = await http.delete(
                    "/api/v1/session", headers={"Authorization": f"Bearer {token_b}"}
                )
                assert out.status_code == 204
            with pytest.raises(ConnectionClosed) as closed:
                while True:
                    await recv(bob, timeout=5)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4001
        finally:
            await alice.close()
        assert alice_user["id"] != bob_user["id"]
    finally:
        await bob.close()


async def test_a_ban_decided_on_one_node_closes_sockets_on_the_other(
    two_nodes: tuple[str, str, str], tmp_path: Path
) -> None:
    base_a, base_b, database_url = two_nodes
    token_v, victim = await guest(base_b, "BanVictim")
    token_o, _ = await guest(base_b, "BanBystander")
    token_r, _ = await guest(base_a, "BanReporter")
    token_m, _ = await guest(base_a, "BanMona")
    subprocess.run(
        [sys.executable, "-m", "causerie.cli.main", "users", "role", "BanMona", "moderator",
         "--database-url", database_url, "--data-dir", str(tmp_path)],
        check=True, capture_output=True,
    )  # fmt: skip
    sockets = {
        "victim": await open_ws(base_b, token_v),
        "bystander": await open_ws(base_b, token_o),
    }
    try:
        for ws in sockets.values():
            await send(ws, {"type": "ping"})
            assert (await recv(ws))["type"] == "pong"
        async with httpx.AsyncClient(base_url=base_a) as http:
            reported = await http.post(
                "/api/v1/reports",
                headers={"Authorization": f"Bearer {token_r}"},
                json={"target_type": "user", "target_id": victim["id"], "reason": "threat"},
            )
            assert reported.status_code == 201, reported.text
            staff = {"Authorization": f"Bearer {token_m}"}
            cases = (await http.get("/api/v1/moderation/cases", headers=staff)).json()
            [case] = [c for c in cases if c["target"]["id"] == victim["id"]]
            banned = await http.post(
                f"/api/v1/moderation/cases/{case['id']}/actions",
                headers=staff,
                json={"action": "ban", "rule": "Rule 1: no threats", "facts": "Threats."},
            )
            assert banned.status_code == 200, banned.text
        # Decided through node A; the victim's socket on node B closes with 4003.
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                await recv(sockets["victim"], timeout=5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4003
        # Nobody else's.
        await send(sockets["bystander"], {"type": "ping"})
        assert (await recv(sockets["bystander"]))["type"] == "pong"
    finally:
        for ws in sockets.values():
            await ws.close()
