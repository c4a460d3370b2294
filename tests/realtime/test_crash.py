"""An acked message survives a kill -9 of the server the next instant: a real
server process, a real socket, SIGKILL right after the ack, then a restart."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import httpx
import orjson
import pytest
from websockets.asyncio.client import connect

from tests.realtime.nodes import server_process

pytestmark = pytest.mark.slow


async def test_acked_message_survives_kill_9(tmp_path: Path, migrated_database_url: str) -> None:
    async with server_process(migrated_database_url, tmp_path) as (proc, base):
        async with httpx.AsyncClient(base_url=base) as http:
            signup = await http.post(
                "/api/v1/session/guest",
                json={"pseudo": "Survivor", "gender": "male", "age": 33, "city": "Paris"},
            )
            token = signup.json()["token"]
            headers = {"Authorization": f"Bearer {token}"}
            rooms = (await http.get("/api/v1/rooms", headers=headers)).json()
            room = next(r["id"] for r in rooms if r["requires"] is None)
        ws_url = base.replace("http", "ws") + "/api/v1/ws"
        acked: list[int] = []
        async with connect(ws_url, additional_headers=headers) as ws:
            await ws.send(orjson.dumps({"type": "join", "room": room, "since": None}).decode())
            while orjson.loads(await ws.recv())["type"] != "joined":
                pass
            for i in range(5):
                await ws.send(
                    orjson.dumps(
                        {"type": "send", "room": room, "client_id": f"k{i}", "text": f"keep {i}"}
                    ).decode()
                )
            while len(acked) < 5:
                frame = orjson.loads(await ws.recv())
                if frame["type"] == "ack":
                    acked.append(frame["seq"])
                    if len(acked) == 5:
                        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        assert proc.returncode == -signal.SIGKILL

    async with server_process(migrated_database_url, tmp_path) as (_, base):
        async with httpx.AsyncClient(base_url=base, headers=headers) as http:
            history = (await http.get(f"/api/v1/rooms/{room}/messages")).json()
    assert [m["seq"] for m in history["messages"]] == acked == [1, 2, 3, 4, 5]
    assert [m["text"] for m in history["messages"]] == [f"keep {i}" for i in range(5)]
