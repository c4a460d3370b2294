"""``make bench``, broker part: what each node decodes at 2 and 4 nodes.

    .venv/bin/python bench/broker_bench.py [--nodes 2,4] [--messages 4000]
        [--private 190 --public 10 --public-members 40] [--json out.json]

Each node is a real process with its own ``RedisBroker`` on the Redis at
127.0.0.1:6379. Members are placed on nodes at random (a seeded draw, as a
load balancer would): ``--private`` conversations of two members and
``--public`` rooms of ``--public-members``. A node watches a room when it
holds one of its members, exactly as the hub does on the first local join.
Messages are spread evenly over the rooms; each is published by the node of
one of the room's members (the sender's). Two modes, same processes, same
draw:

- ``shared``: every node watches every room — what every node paid before
  per-room channels, when all events went over one channel;
- ``per-room``: each node watches only the rooms it has members in.

Reported per node: envelopes decoded per message published (1.0 = every
node decodes everything), the share of those it needed (a local member was
in the room), and the CPU seconds its process spent. The machine is shared:
the 1-minute load is printed with the numbers. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import random
import secrets
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from causerie.adapters.redis_broker import RedisBroker
from causerie.domain.events import Event, MessagePosted, UserFrame
from causerie.domain.models import Message

REDIS_URL = "redis://127.0.0.1:6379/0"
TEXT = "x" * 64  # the 64-byte messages
NOW = datetime(2026, 12, 2, tzinfo=UTC)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--nodes", default="2,4", help="node counts, comma-separated")
    p.add_argument("--messages", type=int, default=4000, help="published per run, in all")
    p.add_argument("--private", type=int, default=190, help="two-member conversations")
    p.add_argument("--public", type=int, default=10, help="public rooms")
    p.add_argument("--public-members", type=int, default=40)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--json", type=Path)
    return p.parse_args()


def placement(
    nodes: int, private: int, public: int, public_members: int, seed: int
) -> dict[str, list[int]]:
    """Room id → the node of each of its members (random, seeded)."""
    rng = random.Random(seed)
    rooms: dict[str, list[int]] = {}
    for i in range(private):
        rooms[f"dm{i}"] = [rng.randrange(nodes) for _ in range(2)]
    for i in range(public):
        rooms[f"pub{i}"] = [rng.randrange(nodes) for _ in range(public_members)]
    return rooms


def node_main(
    index: int,
    nodes: int,
    channel: str,
    watch: list[str],
    sends: list[tuple[str, int]],
    ready: Any,
    go: Any,
    results: Any,
) -> None:
    asyncio.run(_node(index, nodes, channel, watch, sends, ready, go, results))


async def _node(
    index: int,
    nodes: int,
    channel: str,
    watch: list[str],
    sends: list[tuple[str, int]],
    ready: Any,
    go: Any,
    results: Any,
) -> None:
    fences = 0
    done = asyncio.Event()

    async def on_event(event: Event) -> None:
        nonlocal fences
        if isinstance(event, UserFrame) and event.frame.get("type") == "fence":
            fences += 1
            if fences == nodes:
                done.set()

    async def on_resync() -> None:
        pass

    broker = RedisBroker(REDIS_URL, channel, outbox_limit=1_000_000)
    await broker.start(on_event, on_resync)
    for room in watch:
        await broker.watch(room)
    ready.put(index)
    await asyncio.get_running_loop().run_in_executor(None, go.wait)
    cpu0, wall0 = time.process_time(), time.monotonic()
    for n, (room, seq) in enumerate(sends):
        message = Message(
            id=f"{room}-{seq}",
            room_id=room,
            seq=seq,
            author_id=f"u{index}",
            author_pseudo="Bench",
            text=TEXT,
            created_at=NOW,
            client_id=f"c{seq}",
        )
        await broker.publish(MessagePosted(message))
        if n % 200 == 199:
            await asyncio.sleep(0)  # let the writer and the reader run
    # After this node's messages, on the shared channel: once every node's
    # fence arrived, every message that was going to arrive has.
    await broker.publish(UserFrame("bench", {"type": "fence"}))
    await asyncio.wait_for(done.wait(), 120)
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    stats = broker.stats
    await broker.stop()
    results.put(
        {
            "node": index,
            "decoded": stats.decoded - nodes,  # the fences are not messages
            "published": len(sends),
            "cpu_s": round(cpu, 3),
            "wall_s": round(wall, 3),
        }
    )


def run(
    nodes: int, mode: str, rooms: dict[str, list[int]], total: int, seed: int
) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    channel = f"bench-broker-{secrets.token_hex(4)}"
    rng = random.Random(seed + 1)
    room_ids = list(rooms)
    sends: list[list[tuple[str, int]]] = [[] for _ in range(nodes)]
    seqs = dict.fromkeys(room_ids, 0)
    needed = [0] * nodes
    for i in range(total):
        room = room_ids[i % len(room_ids)]
        seqs[room] += 1
        sender_node = rng.choice(rooms[room])
        sends[sender_node].append((room, seqs[room]))
        for node in set(rooms[room]):
            needed[node] += 1
    watch = [
        room_ids if mode == "shared" else [r for r in room_ids if node in rooms[r]]
        for node in range(nodes)
    ]
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [
        ctx.Process(
            target=node_main, args=(i, nodes, channel, watch[i], sends[i], ready, go, results)
        )
        for i in range(nodes)
    ]
    for proc in procs:
        proc.start()
    for _ in procs:
        ready.get(timeout=120)
    go.set()
    per_node = sorted((results.get(timeout=180) for _ in procs), key=lambda r: r["node"])
    for proc in procs:
        proc.join(30)
    for row in per_node:
        row["watched_rooms"] = len(watch[row["node"]])
        row["needed"] = needed[row["node"]]
        row["decoded_per_message"] = round(row["decoded"] / total, 3)
    return {"nodes": nodes, "mode": mode, "messages": total, "per_node": per_node}


def main() -> int:
    args = parse_args()
    load = os.getloadavg()[0]
    started = time.monotonic()
    runs = []
    for nodes in (int(n) for n in args.nodes.split(",")):
        rooms = placement(nodes, args.private, args.public, args.public_members, args.seed)
        for mode in ("shared", "per-room"):
            print(f"… {nodes} nodes, {mode} (load {load:.1f})", file=sys.stderr, flush=True)
            runs.append(run(nodes, mode, rooms, args.messages, args.seed))
    print(
        "| nodes | channels | decoded / node / message (mean) | needed share | "
        "CPU s per node (mean) |"
    )
    print("|---|---|---|---|---|")
    for r in runs:
        rows = r["per_node"]
        mean = sum(x["decoded_per_message"] for x in rows) / len(rows)
        decoded = sum(x["decoded"] for x in rows)
        needed = sum(x["needed"] for x in rows)
        cpu = sum(x["cpu_s"] for x in rows) / len(rows)
        share = needed / decoded if decoded else 0.0
        print(f"| {r['nodes']} | {r['mode']} | {mean:.3f} | {share:.0%} | {cpu:.2f} |")
    print()
    print(
        f"{args.messages} messages of {len(TEXT)} bytes over {args.private} two-member "
        f"conversations and {args.public} rooms of {args.public_members}, members placed "
        f"at random (seed {args.seed}); 1-min load {load:.1f} at start; "
        f"{time.monotonic() - started:.0f} s in all."
    )
    if args.json:
        args.json.write_text(json.dumps({"args": vars(args) | {"json": None}, "runs": runs}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
