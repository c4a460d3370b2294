"""``causerie serve --workers 2``: two worker processes behind one port are
two nodes (PostgreSQL + Redis); a room stays gapless whichever worker each
member's socket landed on."""

from __future__ import annotations

import asyncio
import secrets
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.realtime.nodes import server_process
from tests.realtime.test_two_nodes import (
    guest,
    join,
    messages,
    open_ws,
    pg_database,
    send,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

__all__ = ["pg_database"]  # redis_url: tests/conftest.py  # fixtures used by name


def worker_pids(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return [int(pid) for pid in children]


async def test_workers_share_one_port_and_every_room(
    tmp_path: Path, pg_database: str, redis_url: str
) -> None:
    env = {"CAUSERIE_REDIS_NAMESPACE": f"test-{secrets.token_hex(4)}"}
    async with server_process(
        pg_database, tmp_path, "--redis-url", redis_url, "--workers", "2", env=env
    ) as (proc, base):
        # uvicorn's manager process plus its two workers (a resource tracker
        # or two may sit beside them).
        assert len([p for p in worker_pids(proc.pid) if _is_worker(p)]) == 2
        members = [await guest(base, f"Worker{i}") for i in range(8)]
        async with httpx.AsyncClient(base_url=base) as http:
            rooms = (
                await http.get(
                    "/api/v1/rooms", headers={"Authorization": f"Bearer {members[0][0]}"}
                )
            ).json()
        room = next(r["id"] for r in rooms if r["requires"] is None)
        sockets = [await open_ws(base, token) for token, _ in members]
        try:
            for ws in sockets:
                await join(ws, room, None)
            for index, ws in enumerate(sockets):
                await send(
                    ws, {"type": "send", "room": room, "client_id": f"w{index}", "text": "hé"}
                )
            seen = await asyncio.gather(*(messages(ws, len(sockets)) for ws in sockets))
            for frames in seen:
                assert [f["seq"] for f in frames] == list(range(1, len(sockets) + 1))
            assert len({tuple(f["id"] for f in frames) for frames in seen}) == 1
        finally:
            for ws in sockets:
                await ws.close()


def _is_worker(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return not any(b"resource_tracker" in part for part in command)


def test_several_workers_need_redis(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "causerie.cli.main", "serve", "--workers", "2",
         "--data-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "redis-url" in result.stderr
