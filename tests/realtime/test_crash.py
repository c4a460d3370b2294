"""An acked message survives a kill -9 of the server the next instant: a real
server process, a real socket, SIGKILL right after the ack, then a restart."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import orjson
import pytest
from websockets.asyncio.client import connect

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def server_process(
    database_url: str, data_dir: Path
) -> AsyncIterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    env = {**os.environ, "CAUSERIE_ARGON2_TIME_COST": "1", "CAUSERIE_ARGON2_MEMORY_KIB": "8192"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "causerie.cli.main",
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--database-url",
            database_url,
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base) as http:
            for _ in range(200):
                try:
                    if (await http.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None:
                    raise AssertionError(f"server exited with {proc.returncode}")
                await asyncio.sleep(0.05)
            else:
                raise AssertionError("server did not start")
        yield proc, base
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(10)


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
