"""Every node's nearby directory agrees: loaded from the database at start,
kept current by events through the broker (Redis between nodes)."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import pytest

from tests import harness
from tests.harness import Member, Server, live_server, signup


async def opt(member: Member, visible: bool) -> None:
    response = await member.http.patch("/api/v1/me", json={"nearby_visible": visible})
    assert response.status_code == 200, response.text


async def ids_near(member: Member) -> set[str]:
    response = await member.http.get("/api/v1/nearby")
    assert response.status_code == 200, response.text
    return {entry["user"]["id"] for entry in response.json()}


async def eventually_in(server: Server, user_id: str, present: bool = True) -> None:
    for _ in range(250):
        if (user_id in server.app.state.nearby) is present:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{user_id} {'never' if present else 'still'} in the directory")


async def test_a_restarted_node_loads_listed_members_from_the_database(
    tmp_path: Path, migrated_database_url: str
) -> None:
    settings = harness.test_settings(tmp_path, migrated_database_url)
    async with live_server(settings) as first:
        other = await signup(first)
        quiet = await signup(first)
        await opt(other, True)
        await opt(quiet, True)
        await opt(quiet, False)
    async with live_server(settings) as second:
        assert other.id in second.app.state.nearby  # before any event
        assert quiet.id not in second.app.state.nearby
        me = await signup(second)
        await opt(me, True)
        assert await ids_near(me) == {other.id}


@pytest.mark.redis
async def test_two_nodes_agree_through_redis(
    tmp_path: Path, migrated_database_url: str, redis_url: str
) -> None:
    # Both nodes share the database and a Redis namespace of their own (the
    # sqlite and postgres runs of this test may run at once under xdist).
    tag = secrets.token_hex(3)
    settings = harness.test_settings(
        tmp_path, migrated_database_url, redis_url=redis_url, redis_namespace=f"test-{tag}"
    )
    async with live_server(settings) as node_a, live_server(settings) as node_b:
        target = await signup(node_a, pseudo=f"target{tag}")
        me = await signup(node_b, pseudo=f"watcher{tag}")
        await opt(me, True)
        await opt(target, True)  # through node A
        await eventually_in(node_b, target.id)
        assert await ids_near(me) == {target.id}
        await opt(target, False)
        await eventually_in(node_b, target.id, present=False)
        await eventually_in(node_a, target.id, present=False)
        assert await ids_near(me) == set()
