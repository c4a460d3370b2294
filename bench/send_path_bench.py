"""The send path in one process, without sockets: CPU time per message.

    .venv/bin/python bench/send_path_bench.py [--members 100] [--senders 10]
        [--window 20] [--messages 4000] [--runs 3] [--postgres] [--profile FILE]

Starts the app's lifespan (SQLite in a temporary directory; ``--postgres``:
a throw-away database on 127.0.0.1:5432), signs up ``--senders`` guests
through the API in-process, and joins ``--members`` connections to one
public room whose sink drops the bytes (the frame building and the
per-member work stay; the system calls, the network and the clients go).
Each sender then keeps ``--window`` sends in flight through
``services.messages.submit`` until ``--messages`` are acknowledged. It
prints, per run, the messages/s and the CPU time per message of this
process (the event loop, the database driver's thread): on a shared
machine the CPU time is the steadier figure. ``--profile`` writes a
cProfile of the last run. docs/benchmarks.md, "The send path alone"."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import httpx
import uvloop
from bench.loadgen.scenario import letters

from causerie.app import create_app
from causerie.config import Settings
from causerie.realtime.connection import Connection
from causerie.services.access import load_viewer

try:
    from causerie.services.messages import submit
except ImportError:  # the code before issue 13, for before/after runs
    from causerie.services.messages import (  # type: ignore[attr-defined,no-redef]
        submit_message as submit,
    )

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


class DroppingSink:
    """A socket that takes every byte at once."""

    def __init__(self) -> None:
        self.bytes = 0

    def write(self, wire: bytes) -> bool:
        self.bytes += len(wire)
        return True

    def buffered(self) -> int:
        return 0

    async def wait_writable(self) -> None:
        return None

    def abort_later(self, seconds: float) -> None:
        return None

    def stop_reading(self) -> None:
        return None


@contextlib.asynccontextmanager
async def database(postgres: bool, tmp: Path) -> AsyncIterator[str]:
    if not postgres:
        yield f"sqlite:///{tmp / 'bench.db'}"
        return
    import asyncpg  # type: ignore[import-untyped]  # no stubs

    name = f"bench_send_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(PG_ADMIN, timeout=5)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def one_run(args: argparse.Namespace, tmp: Path, profile: bool) -> dict[str, float]:
    async with database(args.postgres, tmp) as url:
        settings = Settings(data_dir=tmp, database_url=url, no_rate_limits=True)
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            deps = app.state.deps
            await deps.message_filter.ready()
            hub = app.state.node.hub
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
                viewers = []
                tag = "".join(secrets.choice("0123456789") for _ in range(6))
                for i in range(args.senders):
                    response = await http.post(
                        "/api/v1/session/guest",
                        json={"pseudo": f"s{tag}{i}", "gender": "undisclosed", "age": 30,
                              "city": "Lyon"},
                    )  # fmt: skip
                    response.raise_for_status()
                    headers = {"Authorization": f"Bearer {response.json()['token']}"}
                    me = (await http.get("/api/v1/me", headers=headers)).json()
                    async with deps.uow() as uow:
                        user = await uow.users.get(me["id"])
                        assert user is not None
                        viewers.append(await load_viewer(uow, user))
                rooms = (await http.get("/api/v1/rooms", headers=headers)).json()
                room = next(r["id"] for r in rooms if r["requires"] is None)
            sinks = []
            for i in range(args.members):
                sink = DroppingSink()
                conn = Connection(
                    id=f"c{i}", user_id=f"member-{i}", session_id=f"s{i}", language="fr",
                    hidden=frozenset(), limit=10_000, sink=sink, byte_limit=1 << 30,
                    batcher=hub.batcher,
                )  # fmt: skip
                hub.register(conn)
                await hub.join(conn, room, None)
                sinks.append(sink)
            per_sender = args.messages // args.senders
            # Words and a letters-only tag, as the load generator sends
            # (digit runs would read as phone numbers), padded to the size.
            filler = "salut tout le monde, on se retrouve ce soir au parc ou pas ? "

            async def sender(index: int) -> None:
                viewer = viewers[index]
                window: set[asyncio.Future[Any]] = set()
                for n in range(per_sender):
                    tag = f"{letters(index)} {letters(n)} "
                    body = (tag + filler * 4)[: args.text_bytes]
                    result = await submit(deps, viewer, room, f"{index}-{n}", body)
                    window.add(asyncio.ensure_future(result))
                    if len(window) >= args.window:
                        done, window = await asyncio.wait(
                            window, return_when=asyncio.FIRST_COMPLETED
                        )
                        for future in done:
                            future.result()
                for future in window:
                    await future

            profiler = cProfile.Profile() if profile else None
            cpu, wall = time.process_time(), time.perf_counter()
            if profiler is not None:
                profiler.enable()
            await asyncio.gather(*(sender(i) for i in range(args.senders)))
            await asyncio.sleep(0)  # the last batch's frames leave on the next turn
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(args.profile)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            sent = per_sender * args.senders
            delivered = sum(s.bytes for s in sinks)
            return {
                "msg_per_s": sent / wall,
                "cpu_us_per_msg": 1e6 * cpu / sent,
                "cpu_share": cpu / wall,
                "mib_delivered": delivered / 2**20,
                "batches": float(deps.writer.batches),
            }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--members", type=int, default=100)
    p.add_argument("--senders", type=int, default=10)
    p.add_argument("--window", type=int, default=20)
    p.add_argument("--messages", type=int, default=4000)
    p.add_argument("--text-bytes", type=int, default=64)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--postgres", action="store_true")
    p.add_argument("--profile", type=Path)
    args = p.parse_args()
    results = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="causerie-send-bench-") as tmp:
            profile = args.profile is not None and run == args.runs - 1
            result = uvloop.run(one_run(args, Path(tmp), profile))
        results.append(result)
        print(
            f"run {run + 1}: {result['msg_per_s']:,.0f} msg/s, "
            f"{result['cpu_us_per_msg']:.0f} µs CPU/message "
            f"({100 * result['cpu_share']:.0f} % of a core), "
            f"{args.messages / result['batches']:.0f} messages/batch, "
            f"load {os.getloadavg()[0]:.2f}",
            flush=True,
        )
    engine = "PostgreSQL" if args.postgres else "SQLite"
    rate = statistics.median(r["msg_per_s"] for r in results)
    cpu = statistics.median(r["cpu_us_per_msg"] for r in results)
    print(
        f"send path, {engine}, N = {args.members}, {args.senders} senders × {args.window} in "
        f"flight, {args.text_bytes}-byte texts: median {rate:,.0f} msg/s, {cpu:.0f} µs "
        f"CPU/message (→ {1e6 / cpu:,.0f} msg/s per core)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
