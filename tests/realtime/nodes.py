"""Real server processes for multi-node and crash tests."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from tests.support.net import free_port


@asynccontextmanager
async def server_process(
    database_url: str, data_dir: Path, *extra: str, env: dict[str, str] | None = None
) -> AsyncIterator[tuple[subprocess.Popen[bytes], str]]:
    """``causerie serve`` in a subprocess; yields it and its base URL once healthy."""
    port = free_port()
    environment = {
        **os.environ,
        "CAUSERIE_ARGON2_TIME_COST": "1",
        "CAUSERIE_ARGON2_MEMORY_KIB": "8192",
        **(env or {}),
    }
    command = [
        sys.executable, "-m", "causerie.cli.main", "serve", "--port", str(port),
        "--data-dir", str(data_dir), "--database-url", database_url,
        "--log-level", "warning", *extra,
    ]  # fmt: skip
    proc = subprocess.Popen(command, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base) as http:
            # Start-up loads the safety and image models: seconds when quiet,
            # close to a minute on a loaded machine.
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    # Up, and its filter built: until then a send waits for
                    # it, longer than a test's wait for an ack on a loaded
                    # machine (the flaky redis-outage test, session 7).
                    health = await http.get("/healthz")
                    if health.status_code == 200 and health.json().get("filter") == "ready":
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None:
                    raise AssertionError(f"server exited with {proc.returncode}")
                await asyncio.sleep(0.05)
            else:
                raise AssertionError("server did not start in 120 s")
        yield proc, base
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
