"""GET /api/v1/nearby over the real API, on SQLite and PostgreSQL: bands,
opt-in on both sides, blocks both ways, sanctions, trust and attestation
thresholds, limits, and what the JSON never carries."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from causerie.domain.geo import distance_bucket, haversine_km
from causerie.domain.models import AccountStatus
from tests import harness
from tests.harness import Member, Server, live_server, signup

ServerWith = Callable[..., AbstractAsyncContextManager[Server]]


@pytest.fixture
def server_with(tmp_path: Path, migrated_database_url: str) -> ServerWith:
    """A live server with settings overridden (both engines)."""

    def make(**overrides: Any) -> AbstractAsyncContextManager[Server]:
        return live_server(harness.test_settings(tmp_path, migrated_database_url, **overrides))

    return make


async def opt_in(member: Member) -> None:
    response = await member.http.patch("/api/v1/me", json={"nearby_visible": True})
    assert response.status_code == 200, response.text
    assert response.json()["nearby_visible"] is True


async def listed(member: Member, **params: Any) -> list[dict[str, Any]]:
    response = await member.http.get("/api/v1/nearby", params=params)
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


async def ids_near(member: Member) -> set[str]:
    return {entry["user"]["id"] for entry in await listed(member)}


async def update_user(server: Server, user_id: str, **fields: Any) -> None:
    deps = server.app.state.deps
    async with deps.uow(write=True) as uow:
        await uow.users.update(user_id, **fields)
        await uow.commit()


def expected_bucket(server: Server, from_city: str, to_city: str) -> str | None:
    """What the centroids of two cities imply, recomputed independently."""
    gazetteer = server.app.state.deps.gazetteer
    a, b = gazetteer.get(from_city), gazetteer.get(to_city)
    return distance_bucket(haversine_km(a.lat, a.lon, b.lat, b.lon))


async def test_lists_opted_in_members_of_the_same_band_with_buckets(server: Server) -> None:
    me = await signup(server, city="Lyon")
    near = await signup(server, city="Villeurbanne")
    farther = await signup(server, city="Vienne")
    far_away = await signup(server, city="Paris")
    teen = await signup(server, age=16, city="Lyon")
    shy = await signup(server, city="Lyon")  # never opts in
    for member in (me, near, farther, far_away, teen):
        await opt_in(member)

    entries = await listed(me)
    by_id = {entry["user"]["id"]: entry for entry in entries}
    assert set(by_id) == {near.id, farther.id}  # not me, not Paris, not the teen, not shy
    assert shy.id not in by_id and teen.id not in by_id
    for member in (near, farther):
        entry = by_id[member.id]
        city = member.user["city"]
        assert entry["city"] == {"id": city["id"], "name": city["name"]}
        assert entry["distance"] == expected_bucket(server, me.user["city"]["id"], city["id"])
        public = (await me.http.get(f"/api/v1/users/{member.id}")).json()
        assert entry["user"] == public  # a public profile, nothing more
    ranks = [
        ["< 5 km", "< 10 km", "< 25 km", "< 50 km", "< 100 km"].index(e["distance"])
        for e in entries
    ]
    assert ranks == sorted(ranks)


async def test_the_caller_must_have_opted_in(server: Server) -> None:
    me = await signup(server)
    other = await signup(server)
    await opt_in(other)
    response = await me.http.get("/api/v1/nearby")
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert response.json()["reason"] == "nearby_opt_in"
    await opt_in(me)
    assert await ids_near(me) == {other.id}


async def test_opting_out_or_going_quiet_unlists(server: Server) -> None:
    me = await signup(server)
    other = await signup(server)
    await opt_in(me)
    await opt_in(other)
    assert await ids_near(me) == {other.id}
    response = await other.http.patch("/api/v1/me", json={"nearby_visible": False})
    assert response.status_code == 200
    assert await ids_near(me) == set()
    await opt_in(other)
    assert await ids_near(me) == {other.id}
    # Not seen for longer than the activity window: gone, even if this node
    # still had them in its index.
    stale = server.app.state.deps.clock.now() - timedelta(minutes=31)
    await update_user(server, other.id, last_seen_at=stale)
    assert await ids_near(me) == set()


async def test_a_websocket_connection_marks_the_member_seen(server: Server) -> None:
    me = await signup(server)
    other = await signup(server)
    await opt_in(me)
    # Opted in long ago, silent since: not listed.
    stale = server.app.state.deps.clock.now() - timedelta(hours=2)
    await update_user(server, other.id, nearby_visible=True, last_seen_at=stale)
    assert await ids_near(me) == set()
    ws = await other.ws()
    await ws.send({"type": "ping"})
    await ws.expect("pong")
    for _ in range(50):
        if other.id in server.app.state.nearby:
            break
        await asyncio.sleep(0.02)
    assert await ids_near(me) == {other.id}


async def test_connected_members_are_kept_seen_by_one_sweep(server: Server) -> None:
    """While a connection stays open, the node's sweep (not a timer per
    connection) records the member seen again, in one transaction."""
    deps = server.app.state.deps
    connected, away = await signup(server), await signup(server)
    ws = await connected.ws()
    await ws.send({"type": "ping"})
    await ws.expect("pong")
    stale = deps.clock.now() - timedelta(hours=2)
    for member in (connected, away):
        await update_user(server, member.id, nearby_visible=True, last_seen_at=stale)
    assert await server.app.state.connected_seen.sweep() == 1
    async with deps.uow() as uow:
        rows = await uow.users.get_many([connected.id, away.id])
    seen_now, seen_away = rows[connected.id].last_seen_at, rows[away.id].last_seen_at
    assert seen_now is not None and seen_away is not None
    # (SQLite gives times back without their zone: compare as UTC wall times.)
    assert seen_now.replace(tzinfo=None) > stale.replace(tzinfo=None)
    assert seen_away.replace(tzinfo=None) == stale.replace(tzinfo=None)  # not connected
    for _ in range(50):  # listed again on every node (presence event)
        if connected.id in server.app.state.nearby:
            break
        await asyncio.sleep(0.02)
    assert connected.id in server.app.state.nearby
    # Just recorded: the next sweep has nothing to write.
    assert await server.app.state.connected_seen.sweep() == 0


async def test_blocks_hide_both_ways(server: Server) -> None:
    me = await signup(server)
    blocked = await signup(server)
    blocker = await signup(server)
    bystander = await signup(server)
    for member in (me, blocked, blocker, bystander):
        await opt_in(member)
    assert (await me.http.post("/api/v1/blocks", json={"user_id": blocked.id})).status_code == 201
    assert (await blocker.http.post("/api/v1/blocks", json={"user_id": me.id})).status_code == 201
    assert await ids_near(me) == {bystander.id}
    assert me.id not in await ids_near(blocked)
    assert me.id not in await ids_near(blocker)
    assert (await me.http.delete(f"/api/v1/blocks/{blocked.id}")).status_code == 204
    assert await ids_near(me) == {bystander.id, blocked.id}


@pytest.mark.parametrize(
    "sanction",
    [
        {"status": AccountStatus.SUSPENDED},
        {"status": AccountStatus.BANNED},
        {"muted_until": "future"},
        {"status": AccountStatus.ERASED},
    ],
    ids=["suspended", "banned", "muted", "erased"],
)
async def test_sanctioned_members_are_not_listed(server: Server, sanction: dict[str, Any]) -> None:
    me = await signup(server)
    other = await signup(server)
    await opt_in(me)
    await opt_in(other)
    assert await ids_near(me) == {other.id}
    fields = dict(sanction)
    if fields.get("muted_until") == "future":
        fields["muted_until"] = server.app.state.deps.clock.now() + timedelta(hours=1)
    await update_user(server, other.id, **fields)
    assert await ids_near(me) == set()


async def test_an_expired_suspension_lists_again(server: Server) -> None:
    me = await signup(server)
    other = await signup(server)
    await opt_in(me)
    await opt_in(other)
    past = server.app.state.deps.clock.now() - timedelta(minutes=1)
    await update_user(server, other.id, status=AccountStatus.SUSPENDED, status_until=past)
    assert await ids_near(me) == {other.id}


async def test_a_sanctioned_caller_gets_no_list(server: Server) -> None:
    me = await signup(server)
    await opt_in(me)
    until = server.app.state.deps.clock.now() + timedelta(hours=1)
    await update_user(server, me.id, muted_until=until)
    response = await me.http.get("/api/v1/nearby")
    assert response.status_code == 403 and response.json()["code"] == "muted"
    await update_user(server, me.id, muted_until=None, status=AccountStatus.SUSPENDED)
    response = await me.http.get("/api/v1/nearby")
    assert response.status_code == 403 and response.json()["code"] == "account_suspended"


async def test_operator_trust_threshold(server_with: ServerWith) -> None:
    async with server_with(nearby_min_trust=1) as server:
        newcomer = await signup(server, trust=0)
        trusted = await signup(server, trust=1)
        other_trusted = await signup(server, trust=2)
        for member in (newcomer, trusted, other_trusted):
            await opt_in(member)
        response = await newcomer.http.get("/api/v1/nearby")
        assert response.status_code == 403
        assert response.json()["code"] == "trust_required"
        assert response.json()["level"] == 1
        assert await ids_near(trusted) == {other_trusted.id}  # not the newcomer


async def test_operator_can_require_an_age_attestation(server_with: ServerWith) -> None:
    async with server_with(nearby_requires_attestation=True) as server:
        plain = await signup(server)
        attested = await signup(server)
        other_attested = await signup(server)
        for member in (plain, attested, other_attested):
            await opt_in(member)
        for member in (attested, other_attested):
            await update_user(server, member.id, age_attested=True)
        response = await plain.http.get("/api/v1/nearby")
        assert response.status_code == 403
        assert response.json()["code"] == "attestation_required"
        assert await ids_near(attested) == {other_attested.id}


async def test_teens_get_no_list_unless_the_operator_allows_it(server: Server) -> None:
    teen = await signup(server, age=16)
    await opt_in(teen)
    response = await teen.http.get("/api/v1/nearby")
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert response.json()["reason"] == "nearby_teens_off"


async def test_teens_when_allowed_see_only_teens(server_with: ServerWith) -> None:
    async with server_with(nearby_teens=True) as server:
        teen = await signup(server, age=15)
        other_teen = await signup(server, age=17)
        adult = await signup(server, age=18)
        for member in (teen, other_teen, adult):
            await opt_in(member)
        assert await ids_near(teen) == {other_teen.id}
        assert await ids_near(adult) == set()


@pytest.mark.parametrize("limit", ["0", "51", "-1", "abc", "1.5"])
async def test_limit_out_of_range_is_invalid(server: Server, limit: str) -> None:
    me = await signup(server)
    await opt_in(me)
    response = await me.http.get("/api/v1/nearby", params={"limit": limit})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


async def test_limit_caps_the_list_nearest_first(server: Server) -> None:
    me = await signup(server, city="Lyon")
    same_city = [await signup(server, city="Lyon") for _ in range(3)]
    away = await signup(server, city="Vienne")
    for member in (me, *same_city, away):
        await opt_in(member)
    assert len(await listed(me)) == 4
    two = await listed(me, limit=2)
    assert len(two) == 2
    assert {entry["user"]["id"] for entry in two} <= {m.id for m in same_city}


async def test_per_account_rate_limit(server_with: ServerWith) -> None:
    async with server_with(nearby_per_user=(3, 60.0)) as server:
        me = await signup(server)
        other = await signup(server)
        await opt_in(me)
        await opt_in(other)
        for _ in range(3):
            await listed(me)
        response = await me.http.get("/api/v1/nearby")
        assert response.status_code == 429
        assert response.json()["code"] == "rate_limited"
        assert int(response.headers["Retry-After"]) >= 1
        await listed(other)  # another account is not affected


async def test_per_address_rate_limit(server_with: ServerWith) -> None:
    async with server_with(nearby_per_ip=(4, 60.0)) as server:
        members = [await signup(server) for _ in range(3)]
        for member in members:
            await opt_in(member)
        await listed(members[0])
        await listed(members[0])
        await listed(members[1])
        await listed(members[2])
        # Every test client comes from 127.0.0.1: a fresh account does not help.
        response = await members[2].http.get("/api/v1/nearby")
        assert response.status_code == 429
        assert response.json()["code"] == "rate_limited"
        assert "Retry-After" in response.headers


async def test_city_changes_are_limited_per_day(server: Server) -> None:
    me = await signup(server, city="Lyon")
    watcher = await signup(server, city="Lyon")
    await opt_in(me)
    await opt_in(watcher)
    for city in ("Vienne", "Villeurbanne", "Givors"):
        response = await me.http.patch("/api/v1/me", json={"city": city})
        assert response.status_code == 200, response.text
        assert response.json()["city"]["name"] == city
        # The list follows the move, with the bucket of the new city.
        (entry,) = await listed(watcher)
        assert entry["city"]["name"] == city
        moved_to = response.json()["city"]["id"]
        assert entry["distance"] == expected_bucket(server, watcher.user["city"]["id"], moved_to)
    # Naming the current city again is not a change.
    assert (await me.http.patch("/api/v1/me", json={"city": "givors"})).status_code == 200
    response = await me.http.patch("/api/v1/me", json={"city": "Paris"})
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "city_change_limited"
    assert int(response.headers["Retry-After"]) > 3600
    me_now = (await me.http.get("/api/v1/me")).json()
    assert me_now["city"]["name"] == "Givors"
    unknown = await me.http.patch("/api/v1/me", json={"city": "Nowhere-sur-Rien"})
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_city"


def _walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _walk(item, f"{path}[{number}]")
    else:
        yield path, value


async def test_no_coordinates_or_exact_distance_anywhere(server: Server) -> None:
    me = await signup(server, city="Lyon")
    others = [await signup(server, city=c) for c in ("Lyon", "Bron", "Vienne", "Saint-Étienne")]
    for member in (me, *others):
        await opt_in(member)
    response = await me.http.get("/api/v1/nearby")
    entries = response.json()
    assert len(entries) == 4
    forbidden = ("lat", "lon", "lng", "coord", "geo", "km", "meter", "metre", "position")
    for path, value in _walk(entries):
        leaf = path.rsplit(".", 1)[-1].lower()
        assert not any(word in leaf for word in forbidden), path
        assert not isinstance(value, float), path  # no number but the age
        if isinstance(value, int) and not isinstance(value, bool):
            assert leaf == "age", path
    for entry in entries:
        assert set(entry) == {"user", "city", "distance"}
        assert set(entry["city"]) == {"id", "name"}
        assert entry["distance"] in {"< 5 km", "< 10 km", "< 25 km", "< 50 km", "< 100 km"}
    assert b"45.7" not in response.content and b"4.8" not in response.content
