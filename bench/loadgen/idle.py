"""How many idle WebSockets one server process holds, and at what memory.

Connections are opened in batches from several loopback source addresses
(127.0.0.1-8) so the ephemeral port range is never the limit; each one joins
the room, like a real client sitting in a channel. Stops at the target, at
the deadline, or after a run of failures."""

from __future__ import annotations

import asyncio
import contextlib
import resource
import time
from collections import Counter
from typing import Any

import orjson
from bench.loadgen.client import WsClient, open_client
from bench.loadgen.setup import Account
from bench.loadgen.stats import ServerProbe

SOURCE_IPS = [f"127.0.0.{i}" for i in range(1, 9)]


def fd_budget(reserve: int = 64) -> int:
    """Sockets this process may still open under its file-descriptor limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(0, soft - reserve)


async def hold_idle(
    accounts: list[Account],
    room: str,
    target: int,
    probe: ServerProbe,
    *,
    seconds: float = 120.0,
    batch: int = 250,
    join: bool = True,
) -> dict[str, Any]:
    """Open up to ``target`` connections (accounts reused round-robin)."""
    target = min(target, fd_budget())
    baseline = probe.sample()
    joined = 0
    errors: Counter[str] = Counter()
    clients: list[WsClient] = []
    join_frame = orjson.dumps({"type": "join", "room": room, "since": None})

    all_answered = asyncio.Event()

    def on_frame(client: WsClient, payload: bytes) -> None:
        nonlocal joined
        kind = orjson.loads(payload).get("type")
        if kind == "joined":
            joined += 1
        elif kind == "error":
            errors["join_error"] += 1
        if joined + errors["join_error"] >= len(clients):
            all_answered.set()

    async def one(i: int) -> None:
        account = accounts[i % len(accounts)]
        try:
            client = await open_client(
                account.ws_url, on_frame, local_ip=SOURCE_IPS[i % len(SOURCE_IPS)], wait=30
            )
        except Exception as exc:
            errors[type(exc).__name__] += 1
            return
        clients.append(client)
        if join:
            client.send(join_frame)

    started = time.perf_counter()
    deadline = started + seconds
    opened_at = started
    i = 0
    while i < target and time.perf_counter() < deadline:
        size = min(batch, target - i)
        failures = sum(errors.values())
        await asyncio.gather(*(one(i + k) for k in range(size)))
        i += size
        if sum(errors.values()) - failures == size:  # a whole batch refused: stop
            break
        opened_at = time.perf_counter()
    # Let the joins finish before measuring.
    if join and joined + errors["join_error"] < len(clients):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(all_answered.wait(), max(1.0, deadline - time.perf_counter()))
    await asyncio.sleep(1.0)
    held = probe.sample()
    alive = sum(1 for c in clients if not c.closed.done())
    report = {
        "target": target,
        "opened": len(clients),
        "alive": alive,
        "joined": joined,
        "errors": dict(errors),
        "open_seconds": round(opened_at - started, 2),
        "server_rss_before": baseline.rss,
        "server_rss_after": held.rss,
        "server_peak_rss": probe.peak_rss(),
        "bytes_per_connection": round((held.rss - baseline.rss) / alive) if alive else None,
        "server_cpu_s": round(held.cpu_seconds - baseline.cpu_seconds, 2),
    }
    for client in clients:
        client.abort()
    return report
