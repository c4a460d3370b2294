"""``python -m bench.loadgen``: one run against one target, a JSON report on stdout.

    python -m bench.loadgen --target causerie --base http://127.0.0.1:8001 \
        --server-pid 1234 --members 1000 --senders 10 --rate 100

``--target relay`` skips the HTTP sign-up (the relays accept any token).
``--base`` may be repeated (one per node): members alternate between nodes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from bench.loadgen.idle import hold_idle
from bench.loadgen.scenario import FanOut, Plan, phase_report
from bench.loadgen.setup import RELAY_ROOM, pick_room, relay_accounts, sign_up
from bench.loadgen.stats import ServerProbe


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.loadgen", description=__doc__)
    p.add_argument("--target", choices=["causerie", "relay"], required=True)
    p.add_argument("--base", action="append", required=True, help="http://127.0.0.1:PORT")
    p.add_argument("--server-pid", type=int, action="append", default=[])
    p.add_argument("--mode", choices=["fanout", "idle"], default="fanout")
    p.add_argument("--members", type=int, default=100)
    p.add_argument("--senders", type=int, default=10)
    p.add_argument("--rate", type=float, default=100.0, help="messages/s, steady phase")
    p.add_argument("--rate-seconds", type=float, default=10.0)
    p.add_argument("--burst-seconds", type=float, default=10.0)
    p.add_argument("--window", type=int, default=20, help="unacked sends per sender")
    p.add_argument("--drain-seconds", type=float, default=15.0)
    p.add_argument("--idle-target", type=int, default=20000)
    p.add_argument("--idle-users", type=int, default=200)
    p.add_argument("--idle-seconds", type=float, default=120.0)
    p.add_argument("--setup-seconds", type=float, default=180.0)
    return p.parse_args(argv)


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    probe = ServerProbe(args.server_pid) if args.server_pid else None
    setup_started = time.perf_counter()
    deadline = setup_started + args.setup_seconds
    count = args.idle_users if args.mode == "idle" else args.members
    if args.target == "causerie":
        accounts = await sign_up(args.base, count, within=args.setup_seconds)
        room = await pick_room(args.base[0], accounts[0].token)
    else:
        accounts = relay_accounts(args.base, count)
        room = RELAY_ROOM
    report: dict[str, Any] = {"target": args.target, "mode": args.mode, "nodes": len(args.base)}
    if args.mode == "idle":
        if probe is None:
            raise SystemExit("--mode idle needs --server-pid")
        report["idle"] = await hold_idle(
            accounts, room, args.idle_target, probe, seconds=args.idle_seconds
        )
        return report
    plan = Plan(
        members=args.members,
        senders=min(args.senders, args.members),
        rate=args.rate,
        rate_seconds=args.rate_seconds,
        burst_seconds=args.burst_seconds,
        window=args.window,
        drain_seconds=args.drain_seconds,
    )
    run = FanOut(plan, accounts, room, probe)
    try:
        await run.connect_all(deadline)
        await run.join_all(deadline)
        report["setup_seconds"] = round(time.perf_counter() - setup_started, 2)
        phases = []
        # Burst first: it is closed-loop, so it drains; the steady phase may
        # overload a slow server, and its backlog must not spill into another.
        if plan.burst_seconds > 0:
            phases.append(await run.run_phase("burst", plan.burst_seconds, steady=False))
        if plan.rate_seconds > 0:
            phases.append(await run.run_phase("steady", plan.rate_seconds, steady=True))
    finally:
        await run.close_all()
    totals, closed = run.totals()
    report.update(
        members=plan.members,
        senders=plan.senders,
        phases={p.name: phase_report(p, plan.members) for p in phases},
        final_seq=run.max_seq,
        messages_acked=len(run.acked_seqs),
        unacked=len(run.pending),
        ack_gaps=run.acked_gaps(),
        ack_duplicates=run.ack_duplicates,
        received=totals.received,
        drained=all(p.drained for p in phases),
        # Holes are lost for sure; a tail only if the server had drained.
        lost=totals.lost if all(p.drained for p in phases) else totals.holes,
        undelivered_at_end=totals.tails,
        duplicated=totals.duplicates + closed.duplicates,
        reordered=totals.reordered,
        withheld=run.withheld,
        errors=dict(run.errors),
        closed_by_server=dict(run.close_codes),
        missing_on_closed=closed.lost,
        server_peak_rss=probe.peak_rss() if probe else None,
    )
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        import uvloop

        runner: Any = uvloop.run
    except ImportError:
        runner = asyncio.run
    report = runner(main_async(args))
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
