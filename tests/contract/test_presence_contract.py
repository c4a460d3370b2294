"""The presence contract (``ports.PresenceWriter`` and ``ports.Presence``),
checked on ``RedisPresence``, the engine several nodes share, and on the
in-process model of tests/support/presence.py, with several "nodes"
sharing one store and one hand-driven clock. (A single node uses neither:
``LocalPresence`` reads the hub's counts, tests/unit/test_hub.py.)"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
import redis.asyncio as aioredis
from tests.contract.conftest_redis import unique_prefix
from tests.support.clock import FakeClock
from tests.support.presence import MemoryPresence, NodePresence, PresenceTable

from causerie.adapters.presence_redis import RedisPresence

TTL = 30.0


@dataclass
class Cluster:
    """Nodes sharing one store; ``lose_store`` wipes it (a Redis restart)."""

    node: Callable[[str], NodePresence]
    lose_store: Callable[[], Awaitable[None]]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["memory", "redis"])
async def cluster(request: pytest.FixtureRequest, clock: FakeClock) -> AsyncIterator[Cluster]:
    if request.param == "memory":
        table = PresenceTable()

        async def clear_table() -> None:
            table.clear()

        yield Cluster(
            lambda name: MemoryPresence(clock, table=table, node_id=name, ttl=TTL), clear_table
        )
        return

    url = request.getfixturevalue("redis_url")
    prefix = unique_prefix("presence")
    admin = aioredis.Redis.from_url(url)
    nodes: list[RedisPresence] = []

    def node(name: str) -> NodePresence:
        nodes.append(RedisPresence(url, clock, node_id=name, ttl=TTL, prefix=prefix))
        return nodes[-1]

    async def delete_keys() -> None:
        keys = [k async for k in admin.scan_iter(match=prefix + ":*")]
        if keys:
            await admin.delete(*keys)

    yield Cluster(node, delete_keys)
    await delete_keys()
    for presence in nodes:
        await presence.aclose()
    await admin.aclose()


async def started(cluster: Cluster, name: str) -> NodePresence:
    node = cluster.node(name)
    await node.heartbeat()
    return node


async def test_counts_distinct_users_across_nodes(cluster: Cluster) -> None:
    a, b = await started(cluster, "a"), await started(cluster, "b")
    await a.join("lobby", "u1")
    await a.join("lobby", "u2")
    await b.join("lobby", "u2")  # the same user on two nodes counts once
    await b.join("lobby", "u3")
    await b.join("games", "u3")
    # Every node reads the same counts.
    for reader in (a, b):
        assert await reader.room_counts(["lobby", "games", "empty"]) == {
            "lobby": 3,
            "games": 1,
            "empty": 0,
        }
    assert await a.room_counts([]) == {}


async def test_a_user_stays_online_while_one_connection_remains(cluster: Cluster) -> None:
    a, b = await started(cluster, "a"), await started(cluster, "b")
    await a.join("lobby", "u1")
    await a.join("lobby", "u1")  # a second tab
    await b.join("lobby", "u1")
    await a.leave("lobby", "u1")
    assert await b.room_counts(["lobby"]) == {"lobby": 1}
    await a.leave("lobby", "u1")
    assert await b.room_counts(["lobby"]) == {"lobby": 1}  # still on node b
    await b.leave("lobby", "u1")
    assert await a.room_counts(["lobby"]) == {"lobby": 0}


async def test_leaving_what_was_never_joined_changes_nothing(cluster: Cluster) -> None:
    a = await started(cluster, "a")
    await a.join("lobby", "u1")
    await a.leave("lobby", "u2")
    await a.leave("games", "u1")
    assert await a.room_counts(["lobby", "games"]) == {"lobby": 1, "games": 0}
    await a.leave("lobby", "u1")
    await a.leave("lobby", "u1")
    await a.join("lobby", "u1")  # a count gone negative would hide this join
    assert await a.room_counts(["lobby"]) == {"lobby": 1}


async def test_a_dead_node_leaves_the_counts_after_ttl(cluster: Cluster, clock: FakeClock) -> None:
    a, b = await started(cluster, "a"), await started(cluster, "b")
    await a.join("lobby", "u1")
    await a.join("lobby", "u2")
    await b.join("lobby", "u2")
    await b.join("lobby", "u3")

    clock.advance(TTL * 0.6)
    await b.heartbeat()  # b lives on; a has stopped beating
    assert await b.room_counts(["lobby"]) == {"lobby": 3}
    clock.advance(TTL * 0.5)  # a's last beat is now older than the ttl
    assert await b.room_counts(["lobby"]) == {"lobby": 2}

    # A node thought dead that beats again is counted again, in full.
    await a.heartbeat()
    assert await b.room_counts(["lobby"]) == {"lobby": 3}


async def test_a_node_that_never_beats_still_counts_until_ttl(
    cluster: Cluster, clock: FakeClock
) -> None:
    a, b = cluster.node("a"), await started(cluster, "b")
    await a.join("lobby", "u1")
    clock.advance(TTL * 0.9)
    await a.join("lobby", "u2")  # a join does not extend the lease
    assert await b.room_counts(["lobby"]) == {"lobby": 2}
    clock.advance(TTL * 0.2)
    assert await b.room_counts(["lobby"]) == {"lobby": 0}


async def test_withdraw_removes_a_node_at_once(cluster: Cluster) -> None:
    a, b = await started(cluster, "a"), await started(cluster, "b")
    await a.join("lobby", "u1")
    await b.join("lobby", "u2")
    await a.withdraw()
    assert await b.room_counts(["lobby"]) == {"lobby": 1}


async def test_a_heartbeat_rewrites_what_the_store_lost(cluster: Cluster) -> None:
    a, b = await started(cluster, "a"), await started(cluster, "b")
    await a.join("lobby", "u1")
    await a.join("games", "u1")
    await b.join("lobby", "u2")
    await a.leave("games", "u1")
    await cluster.lose_store()
    assert await a.room_counts(["lobby"]) == {"lobby": 0}
    await a.heartbeat()
    await b.heartbeat()
    assert await a.room_counts(["lobby", "games"]) == {"lobby": 2, "games": 0}


async def test_a_heartbeat_forgets_rooms_left_since(cluster: Cluster) -> None:
    a = await started(cluster, "a")
    await a.join("lobby", "u1")
    await a.join("games", "u1")
    await a.leave("games", "u1")
    await a.heartbeat()
    assert await a.room_counts(["lobby", "games"]) == {"lobby": 1, "games": 0}


async def test_large_rooms(cluster: Cluster) -> None:
    a, b = await started(cluster, "a"), await started(cluster, "b")
    for i in range(1200):
        await (a if i % 2 else b).join("big", f"u{i}")
    await a.heartbeat()  # > 1000 users in one room: the batched rewrite
    await b.heartbeat()
    assert await a.room_counts(["big"]) == {"big": 1200}


# --- Redis only ---------------------------------------------------------------------


async def test_redis_keys_expire_on_their_own(redis_url: str, clock: FakeClock) -> None:
    prefix = unique_prefix("presence")
    node = RedisPresence(redis_url, clock, node_id="a", ttl=TTL, prefix=prefix)
    admin = aioredis.Redis.from_url(redis_url)
    try:
        await node.heartbeat()
        await node.join("lobby", "u1")
        # A dead node's sets go even if nobody reads the counts.
        ttl_ms = await admin.pttl(f"{prefix}:r:lobby:a")
        assert 0 < ttl_ms <= 2 * TTL * 1000
        await node.withdraw()
        assert [k async for k in admin.scan_iter(match=prefix + ":*")] == []
    finally:
        await admin.aclose()
        await node.aclose()


async def test_redis_writes_survive_an_unreachable_redis(clock: FakeClock) -> None:
    node = RedisPresence("redis://127.0.0.1:1/0", clock, node_id="a")
    try:
        await node.heartbeat()  # logged, not raised: presence is best effort
        await node.join("lobby", "u1")
        await node.leave("lobby", "u1")
        with pytest.raises(aioredis.ConnectionError):
            await node.room_counts(["lobby"])
    finally:
        await node.aclose()


async def test_redis_without_a_clock_uses_server_time(redis_url: str) -> None:
    prefix = unique_prefix("presence")
    a = RedisPresence(redis_url, node_id="a", prefix=prefix)
    b = RedisPresence(redis_url, node_id="b", prefix=prefix)
    try:
        await a.heartbeat()
        await b.heartbeat()
        await a.join("lobby", "u1")
        await b.join("lobby", "u2")
        assert await a.room_counts(["lobby"]) == {"lobby": 2}
    finally:
        await a.withdraw()
        await b.withdraw()
        await a.aclose()
        await b.aclose()
