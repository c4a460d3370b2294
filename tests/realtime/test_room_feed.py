"""Per-room channels at several nodes (in one process, on the in-memory bus
and on the real Redis): a node decodes nothing of a room it has nobody in,
and a member joining there later still gets every message, without a gap."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from causerie.adapters.redis_broker import RedisBroker
from causerie.domain.events import MessagePosted, UserFrame
from causerie.ports import Broker
from causerie.realtime.broker import InMemoryBroker, LocalBus
from causerie.realtime.connection import Connection
from causerie.realtime.hub import Hub
from causerie.realtime.node import Node
from tests.contract.conftest_redis import unique_prefix
from tests.unit.test_hub import FakeStore, connection, drain

WAIT = 10.0  # seconds; only reached when something is broken


class Cluster:
    """Nodes sharing one store (the database) and one bus or Redis channel."""

    def __init__(self, build: Callable[[], Broker]) -> None:
        self.store = FakeStore()
        self._build = build
        self.nodes: list[Node] = []
        self.frames: dict[Connection, list[dict[str, Any]]] = {}

    async def node(self, last_seq: Callable[[str], Awaitable[int]] | None = None) -> Node:
        store = self.store
        hub = Hub(
            fetch=store.fetch,
            last_seq=last_seq or store.last_seq,
            load_hidden=store.load_hidden,
        )
        node = Node(hub, self._build())
        await node.start()
        self.nodes.append(node)
        return node

    async def post(self, node: Node, room: str) -> None:
        """What a service does: commit, then publish through its node."""
        await node.publish(MessagePosted(self.store.post(room)))

    async def member(self, node: Node, room: str, since: int | None, user: str = "m") -> Connection:
        conn = connection(user, session=f"s-{len(self.frames)}")
        node.hub.register(conn)
        self.frames[conn] = []
        await node.hub.join(conn, room, since)
        return conn

    def seqs(self, conn: Connection, room: str) -> list[int]:
        frames = self.frames[conn]
        frames += drain(conn)
        return [f["seq"] for f in frames if f.get("type") == "message" and f["room"] == room]  # type: ignore[misc]

    async def until(self, condition: Callable[[], bool]) -> None:
        """Poll (the Redis broker delivers on its own task) within WAIT."""
        async with asyncio.timeout(WAIT):
            while not condition():
                await asyncio.sleep(0.005)

    async def stop(self) -> None:
        for node in self.nodes:
            await node.stop()


@pytest.fixture(params=["memory", "redis"])
async def cluster(request: pytest.FixtureRequest) -> AsyncIterator[Cluster]:
    channel = unique_prefix("feed")
    if request.param == "memory":
        bus = LocalBus()

        def build() -> Broker:
            return InMemoryBroker(channel, bus=bus)
    else:
        url = request.getfixturevalue("redis_url")

        def build() -> Broker:
            return RedisBroker(url, channel)

    built = Cluster(build)
    yield built
    await built.stop()


def decoded(node: Node) -> int:
    return int(getattr(node.broker, "stats").decoded)  # noqa: B009  (both twins count)


async def test_a_node_without_members_in_a_room_decodes_none_of_its_events(
    cluster: Cluster,
) -> None:
    a, b = await cluster.node(), await cluster.node()
    here = await cluster.member(a, "busy", None)
    await cluster.member(b, "quiet", None)
    for _ in range(30):
        await cluster.post(a, "busy")
    await cluster.post(a, "quiet")  # after them, from the same node: a fence for b
    await cluster.until(lambda: cluster.seqs(here, "busy") == list(range(1, 31)))
    await cluster.until(lambda: decoded(b) == 1)
    # Events for every node still reach b.
    await a.publish(UserFrame("m", {"type": "ping"}))
    await cluster.until(lambda: decoded(b) == 2)
    assert decoded(b) == 2


async def test_a_member_joining_a_room_on_another_node_later_misses_nothing(
    cluster: Cluster,
) -> None:
    a, b = await cluster.node(), await cluster.node()
    early = await cluster.member(a, "r", None)
    for _ in range(20):
        await cluster.post(a, "r")
    late = await cluster.member(b, "r", 0)  # replays 1..20, then live
    for _ in range(20):
        await cluster.post(a, "r")
    await cluster.until(lambda: len(cluster.seqs(late, "r")) >= 40)
    await cluster.until(lambda: len(cluster.seqs(early, "r")) >= 40)
    assert cluster.seqs(late, "r") == list(range(1, 41))
    assert cluster.seqs(early, "r") == list(range(1, 41))


async def test_a_message_committed_while_the_room_opens_on_a_node_arrives(
    cluster: Cluster,
) -> None:
    """The room's position is read after its channel is subscribed: a
    message committed just after that read is published after the
    subscription, so it reaches the node, even when it arrives before the
    read returns (no sweep needed, even as the room's last message)."""
    raced: list[asyncio.Task[None]] = []

    async def read_then_commit(room: str) -> int:
        position = await cluster.store.last_seq(room)
        if not raced:  # once: committed on node a after the read, heard before it returns
            raced.append(asyncio.create_task(cluster.post(a, room)))
            await cluster.until(lambda: decoded(b) == 1)
        return position

    a, b = await cluster.node(), await cluster.node(last_seq=read_then_commit)
    late = await cluster.member(b, "r", 0)
    await raced[0]
    await cluster.until(lambda: cluster.seqs(late, "r") == [1])


async def test_a_node_stops_hearing_a_room_once_its_last_member_left(cluster: Cluster) -> None:
    a, b = await cluster.node(), await cluster.node()
    await cluster.member(a, "r", None)
    first = await cluster.member(b, "r", None, user="one")
    second = await cluster.member(b, "r", None, user="two")
    await cluster.post(a, "r")
    await cluster.until(lambda: decoded(b) == 1)
    b.hub.leave(first, "r")
    await cluster.post(a, "r")  # one member is left: still heard
    await cluster.until(lambda: cluster.seqs(second, "r") == [1, 2])
    b.hub.leave(second, "r")
    # A watch takes effect after the unwatch before it: "fence" is a room
    # b joins once "r" is unwatched.
    fence = await cluster.member(b, "fence", None)
    await cluster.post(a, "r")
    await cluster.post(a, "fence")
    await cluster.until(lambda: cluster.seqs(fence, "fence") == [1])
    assert decoded(b) == 3  # r's 1 and 2, then fence's 1: nothing of r's 3
    assert b.hub.room_count == 1
