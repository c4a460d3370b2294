"""``make bench``, real-time part: Causerie against two bare relays, one table.

    .venv/bin/python bench/run_realtime.py [--seconds 8] [--members 100,1000]
        [--skip-idle] [--skip-two-node] [--json results.json]

Each fan-out run starts a fresh server pinned to one core (``--server-core``,
default 0) and the load generator on another (``--generator-core``, default
1): N members join one room, ``--senders`` of them send first at ``--rate``
messages/s in total ("steady"), then as fast as a window of ``--window``
unacked sends each allows ("burst"). The same generator drives Causerie
(SQLite, moderation on, ``--no-rate-limits``), the ``websockets`` relay and
the raw ``asyncio.Protocol`` relay; Causerie's deliveries/s are printed as a
ratio of each relay's in the same run. Then an idle-connections run and a
two-node run (PostgreSQL + Redis). Everything talks to 127.0.0.1 only, every
wait is bounded, and the script stops by itself. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.loadgen.procs import (
    Running,
    causerie,
    generate,
    machine_load,
    raise_fd_limit,
    relay,
)
from bench.loadgen.table import Row, cpu_per_delivery, idle_line, render

PG_ADMIN_URLS = (
    "postgresql://postgres@127.0.0.1:5432/postgres",
    "postgresql://root@127.0.0.1:5432/postgres",
)
REDIS_URL = "redis://127.0.0.1:6379/0"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seconds", type=float, default=8.0, help="length of each phase")
    p.add_argument("--members", default="100,1000", help="room sizes, comma-separated")
    p.add_argument("--senders", type=int, default=10)
    p.add_argument("--rate", type=float, default=100.0, help="steady phase, messages/s in total")
    p.add_argument("--window", type=int, default=20, help="burst phase, unacked sends per sender")
    p.add_argument("--drain-seconds", type=float, default=20.0)
    p.add_argument("--idle-target", type=int, default=20000)
    p.add_argument("--idle-seconds", type=float, default=120.0)
    p.add_argument("--two-node-members", type=int, default=1000)
    p.add_argument("--server-core", type=int, default=0)
    p.add_argument("--generator-core", type=int, default=1)
    p.add_argument("--skip-relays", action="store_true")
    p.add_argument(
        "--postgres",
        action="store_true",
        help="also run Causerie on PostgreSQL (one node, a throw-away database)",
    )
    p.add_argument("--skip-idle", action="store_true")
    p.add_argument("--skip-two-node", action="store_true")
    p.add_argument("--json", type=Path, help="also write every raw report here")
    return p.parse_args()


def fanout_args(
    args: argparse.Namespace, target: str, servers: list[Running], members: int
) -> list[str]:
    out = ["--target", target, "--members", str(members), "--senders", str(args.senders)]
    out += ["--rate", str(args.rate), "--window", str(args.window)]
    out += ["--rate-seconds", str(args.seconds), "--burst-seconds", str(args.seconds)]
    out += ["--drain-seconds", str(args.drain_seconds)]
    for server in servers:
        out += ["--base", server.base, "--server-pid", str(server.pid)]
    return out


def fanout_timeout(args: argparse.Namespace) -> float:
    return float(240 + 2 * (args.seconds + args.drain_seconds))


@contextlib.contextmanager
def target_server(kind: str, workdir: Path, core: int) -> Iterator[Running]:
    if kind == "causerie":
        with causerie(workdir, core) as server:
            yield server
    elif kind == "postgres":
        db = f"bench_rt_{secrets.token_hex(4)}"
        admin = asyncio.run(_pg(f'CREATE DATABASE "{db}"'))
        if admin is None:
            raise RuntimeError("PostgreSQL unreachable")
        try:
            url = admin.rsplit("/", 1)[0] + f"/{db}"
            with causerie(workdir, core, database_url=url) as server:
                yield server
        finally:
            asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
    else:
        with relay(f"relay_{kind}.py", workdir, core) as server:
            yield server


def run_fanouts(args: argparse.Namespace, workdir: Path, raw: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    kinds = ["causerie"] + (["postgres"] if args.postgres else [])
    kinds += [] if args.skip_relays else ["websockets", "raw"]
    for members in [int(m) for m in args.members.split(",") if m]:
        reports: dict[str, dict[str, Any]] = {}
        loads: dict[str, str] = {}
        for kind in kinds:
            label = f"{kind}-{members}"
            loads[kind] = machine_load()
            print(f"… {label} (load {loads[kind]})", file=sys.stderr, flush=True)
            try:
                with target_server(kind, workdir / label, args.server_core) as server:
                    target = "causerie" if kind in ("causerie", "postgres") else "relay"
                    reports[kind] = generate(
                        fanout_args(args, target, [server], members),
                        args.generator_core, fanout_timeout(args), workdir, label,
                    )  # fmt: skip
            except RuntimeError as exc:
                reports[kind] = {"error": str(exc)}
            raw[label] = reports[kind]
        for phase in ("burst", "steady"):
            for kind in kinds:
                rows.append(fanout_row(kind, members, phase, reports, loads[kind]))
    return rows


def _rate(report: dict[str, Any], phase: str) -> float | None:
    value = report.get("phases", {}).get(phase, {}).get("deliveries_per_s")
    return float(value) if value else None


def fanout_row(
    kind: str, members: int, phase: str, reports: dict[str, dict[str, Any]], load: str
) -> Row:
    name = {
        "causerie": "Causerie (SQLite)",
        "postgres": "Causerie (PostgreSQL)",
        "websockets": "websockets relay",
        "raw": "raw relay",
    }
    run = "latency" if phase == "steady" else "throughput"
    report = reports[kind]
    if "error" in report:
        return Row(
            run, name[kind], str(members), phase, note=f"failed: {report['error']}", load=load
        )
    row = Row(
        run, name[kind], str(members), phase, report=report,
        phase_report=report["phases"].get(phase), load=load,
    )  # fmt: skip
    mine = _rate(report, phase)
    mine_cpu = cpu_per_delivery(report["phases"].get(phase, {}))
    if kind == "causerie" and phase == "burst" and mine:
        for relay_kind, attr in (("websockets", "ratio_ws"), ("raw", "ratio_raw")):
            other = reports.get(relay_kind, {})
            theirs = _rate(other, phase)
            if theirs:
                setattr(row, attr, mine / theirs)
            theirs_cpu = cpu_per_delivery(other.get("phases", {}).get(phase, {}))
            if theirs_cpu and mine_cpu:
                setattr(row, "cpu_" + attr, theirs_cpu / mine_cpu)
    return row


def run_idle(args: argparse.Namespace, workdir: Path, raw: dict[str, Any]) -> Row:
    load = machine_load()
    print(f"… idle connections (load {load})", file=sys.stderr, flush=True)
    try:
        with causerie(workdir / "idle", args.server_core) as server:
            report = generate(
                ["--target", "causerie", "--mode", "idle", "--base", server.base,
                 "--server-pid", str(server.pid), "--idle-target", str(args.idle_target),
                 "--idle-seconds", str(args.idle_seconds)],
                args.generator_core, args.idle_seconds + 240, workdir, "idle",
            )  # fmt: skip
    except RuntimeError as exc:
        report = {"error": str(exc)}
    raw["idle"] = report
    if "error" in report:
        return Row(
            "idle", "Causerie (SQLite)", "–", "idle", note=f"failed: {report['error']}", load=load
        )
    return Row("idle", "Causerie (SQLite)", f"{report['idle']['alive']:,}", "idle",
               note=idle_line(report), load=load)  # fmt: skip


async def _pg(statement: str) -> str | None:
    """Run one statement as the PostgreSQL superuser; the URL that worked."""
    import asyncpg  # type: ignore[import-untyped]  # no stubs

    for url in PG_ADMIN_URLS:
        try:
            conn = await asyncpg.connect(url, timeout=5)
        except (OSError, asyncpg.PostgresError):
            continue
        try:
            await conn.execute(statement)
            return url
        finally:
            await conn.close()
    return None


def redis_available() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError:
        return False


def run_two_nodes(args: argparse.Namespace, workdir: Path, raw: dict[str, Any]) -> list[Row]:
    load = machine_load()
    name = "Causerie ×2 (PostgreSQL + Redis)"
    members = str(args.two_node_members)
    print(f"… two nodes (load {load})", file=sys.stderr, flush=True)
    if not redis_available():
        return [
            Row("two nodes", name, members, note=f"skipped: no Redis at {REDIS_URL}", load=load)
        ]
    db = f"bench_rt_{secrets.token_hex(4)}"
    admin = asyncio.run(_pg(f'CREATE DATABASE "{db}"'))
    if admin is None:
        return [Row("two nodes", name, members, note="skipped: PostgreSQL unreachable", load=load)]
    url = admin.rsplit("/", 1)[0] + f"/{db}"
    try:
        # Both nodes on the server core: the generator keeps the other one.
        with causerie(workdir / "node-a", args.server_core, name="node-a", database_url=url,
                      redis_url=REDIS_URL) as a, \
             causerie(workdir / "node-b", args.server_core, name="node-b", database_url=url,
                      redis_url=REDIS_URL) as b:  # fmt: skip
            report = generate(
                fanout_args(args, "causerie", [a, b], args.two_node_members),
                args.generator_core, fanout_timeout(args), workdir, "two-node",
            )  # fmt: skip
    except RuntimeError as exc:
        report = {"error": str(exc)}
    finally:
        asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
    raw["two-node"] = report
    if "error" in report:
        return [Row("two nodes", name, members, note=f"failed: {report['error']}", load=load)]
    return [
        Row(
            "two nodes",
            name,
            members,
            phase,
            report=report,
            phase_report=report["phases"].get(phase),
            load=load,
        )
        for phase in ("burst", "steady")
    ]


def main() -> int:
    args = parse_args()
    started = time.monotonic()
    soft, hard = raise_fd_limit()
    raw: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}, "fd_limit": soft}
    with tempfile.TemporaryDirectory(prefix="causerie-bench-") as tmp:
        workdir = Path(tmp)
        rows = run_fanouts(args, workdir, raw)
        if not args.skip_idle:
            rows.append(run_idle(args, workdir, raw))
        if not args.skip_two_node:
            rows += run_two_nodes(args, workdir, raw)
    elapsed = time.monotonic() - started
    print(render(rows))
    print()
    print(
        f"{args.senders} senders; steady = {args.rate:g} msg/s in total, burst = {args.window} "
        f"unacked sends per sender; {args.seconds:g} s per phase; server on core "
        f"{args.server_core}, generator on core {args.generator_core}; ulimit -n {soft} "
        f"(hard {hard}); load = 1-min load average (CPU pressure) when the run started; "
        f"{elapsed:.0f} s in all."
    )
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
