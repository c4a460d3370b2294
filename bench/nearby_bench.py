"""Benchmark of the nearby index: 100,000 members spread over French cities
(weighted by population), then nearby queries from members' cities.

    .venv/bin/python bench/nearby_bench.py [--users 100000] [--queries 2000]
    .venv/bin/python bench/nearby_bench.py --service [--queries 2000] [--cpu]

Prints the build time and p50/p99/max of ``NearbyIndex.candidates`` (every
member within 100 km, materialised) and of ``cities_near`` (the per-city
groups a service can walk bucket by bucket), for random askers and for the
worst case, a member in the densest city.

``--service`` benchmarks what ``GET /api/v1/nearby`` really runs instead:
``services.nearby.list_nearby`` over the per-node ``NearbyDirectory`` (cached
neighbour tables, bucket-by-bucket walk), with every candidate checked
against the user rows and the access policy — the rows served from memory,
so the numbers are the service's own cost, not the database's. Askers: Paris,
Lyon, a rural town, and a city holding 10,000 listed members.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections.abc import Awaitable, Callable, Collection
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from causerie.adapters.clock import SystemClock
from causerie.adapters.gazetteer import Gazetteer
from causerie.adapters.ratelimit_memory import MemoryRateLimiter
from causerie.config import Settings
from causerie.domain.bands import Band
from causerie.domain.geo import NearbyIndex, NeighbourTable
from causerie.domain.models import City, Gender, User, Viewer
from causerie.realtime.nearby_index import NearbyDirectory
from causerie.services.deps import Deps
from causerie.services.nearby import list_nearby


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {p50 * 1000:7.3f} ms  p99 {p99 * 1000:7.3f} ms  max {ordered[-1] * 1000:7.3f} ms"


# Wall-clock by default; --cpu measures this process's CPU time instead, which
# stays meaningful on a machine shared with other busy processes.
clock = time.perf_counter


def timed(queries: list[City], run: Callable[[City], int]) -> tuple[list[float], int]:
    samples: list[float] = []
    results = 0
    for city in queries:
        started = clock()
        results += run(city)
        samples.append(clock() - started)
    return samples, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cpu", action="store_true", help="time CPU, not wall clock")
    args = parser.parse_args()
    if args.cpu:
        global clock  # noqa: PLW0603 - a benchmark switch, set once
        clock = time.process_time
    rng = random.Random(args.seed)

    started = time.perf_counter()
    gazetteer = Gazetteer().load()
    load_s = time.perf_counter() - started
    french = [city for city in gazetteer.cities() if city.country == "France" and city.lat > 41]
    print(
        f"gazetteer: {len(gazetteer)} cities loaded in {load_s * 1000:.0f} ms; "
        f"{len(french)} metropolitan French cities"
    )

    homes = rng.choices(french, weights=[city.population for city in french], k=args.users)
    index = NearbyIndex()
    started = time.perf_counter()
    for number, city in enumerate(homes):
        index.add(f"user{number}", city)
    build_s = time.perf_counter() - started
    per_city: dict[str, int] = {}
    for city in homes:
        per_city[city.id] = per_city.get(city.id, 0) + 1
    densest_id = max(per_city, key=per_city.__getitem__)
    densest = gazetteer.get(densest_id)
    assert densest is not None
    print(
        f"index: {args.users} members in {len(per_city)} cities, built in "
        f"{build_s * 1000:.0f} ms ({build_s / args.users * 1e6:.2f} µs per add); "
        f"densest city {densest.name} with {per_city[densest_id]} members"
    )

    random_askers = [homes[rng.randrange(len(homes))] for _ in range(args.queries)]
    worst = [densest] * max(50, args.queries // 10)

    def candidates(city: City) -> int:
        return sum(1 for _ in index.candidates(city))

    def groups(city: City) -> int:
        return len(index.cities_near(city))

    for label, askers in (("random member's city", random_askers), (densest.name, worst)):
        samples, found = timed(askers, candidates)
        print(
            f"candidates  [{label}]: {percentiles(samples)}  "
            f"(avg {found / len(askers):.0f} members within 100 km)"
        )
        samples, found = timed(askers, groups)
        print(
            f"cities_near [{label}]: {percentiles(samples)}  "
            f"(avg {found / len(askers):.0f} cities within 100 km)"
        )

    # The case: one city holding 10,000 online members.
    crowded = NearbyIndex()
    for number in range(10_000):
        crowded.add(f"user{number}", densest)
    for number, city in enumerate(homes[:90_000]):
        crowded.add(f"other{number}", city)
    samples, found = timed([densest] * 200, lambda city: sum(1 for _ in crowded.candidates(city)))
    print(
        f"candidates  [10,000 members in {densest.name} + 90,000 elsewhere]: "
        f"{percentiles(samples)}  ({found // 200} members within 100 km)"
    )


class _MemoryUsers:
    """Just the ``UserRepo`` calls the nearby service makes, over a dict."""

    def __init__(self, users: dict[str, User]) -> None:
        self.users = users

    async def get(self, user_id: str) -> User | None:
        return self.users.get(user_id)

    async def get_many(self, user_ids: Collection[str]) -> dict[str, User]:
        users = self.users
        return {user_id: users[user_id] for user_id in user_ids if user_id in users}

    async def update(self, user_id: str, **fields: Any) -> User:
        user = self.users[user_id] = replace(self.users[user_id], **fields)
        return user


class _MemoryUow:
    def __init__(self, users: _MemoryUsers) -> None:
        self.users = users

    async def __aenter__(self) -> _MemoryUow:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def commit(self) -> None:
        return None

    def after_commit(self, callback: Callable[[], Awaitable[None]]) -> None:
        return None

    def publish(self, event: object) -> None:
        return None


class _NoEvents:
    async def publish(self, event: object) -> None:
        return None


async def run_service_bench(users: int, queries: int, seed: int) -> None:
    """``list_nearby`` end to end but for the database (see the docstring)."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    gazetteer = Gazetteer().load()
    french = [city for city in gazetteer.cities() if city.country == "France" and city.lat > 41]
    settings = Settings(no_rate_limits=True)
    table = NeighbourTable(gazetteer.cities)
    started = time.perf_counter()
    table.build()
    print(f"neighbour table: every city indexed in {(time.perf_counter() - started) * 1000:.0f} ms")
    directory = NearbyDirectory(
        table, SystemClock(), timedelta(minutes=settings.nearby_active_minutes)
    )
    rows: dict[str, User] = {}

    def listed(user_id: str, city: City) -> None:
        rows[user_id] = User(
            id=user_id,
            pseudo=user_id,
            pseudo_key=user_id,
            gender=Gender.UNDISCLOSED,
            age=30,
            band=Band.ADULT,
            city_id=city.id,
            created_at=now,
            nearby_visible=True,
            last_seen_at=now,
        )
        directory.put(user_id, Band.ADULT, city.id, now)

    weights = [city.population for city in french]
    started = time.perf_counter()
    for number, city in enumerate(rng.choices(french, weights=weights, k=users)):
        listed(f"user{number}", city)
    build_s = time.perf_counter() - started
    print(f"directory: {users} listed members built in {build_s * 1000:.0f} ms")

    def resolve(name: str) -> City:
        city = gazetteer.resolve(name)
        assert city is not None, name
        return city

    rural = resolve("Saint-Flour")  # Cantal, about 6,600 people
    deps = Deps(
        uow=lambda write=False: _MemoryUow(_MemoryUsers(rows)),  # type: ignore[arg-type,misc,return-value]
        clock=SystemClock(),
        events=_NoEvents(),
        limiter=MemoryRateLimiter(SystemClock()),
        presence=None,  # type: ignore[arg-type]
        gazetteer=gazetteer,
        passwords=None,  # type: ignore[arg-type]
        message_filter=None,  # type: ignore[arg-type]
        settings=settings,
    )

    async def bench(label: str, city: City) -> None:
        asker = f"asker-{city.id}"
        listed(asker, city)
        viewer = Viewer(user=rows[asker])
        for _ in range(20):  # warm the neighbour cache, as a live node would be
            await list_nearby(deps, directory, viewer, limit=50, client_ip="bench")
        samples: list[float] = []
        found = 0
        for _ in range(queries):
            begun = clock()
            found += len(await list_nearby(deps, directory, viewer, limit=50, client_ip="bench"))
            samples.append(clock() - begun)
        in_city = sum(1 for user in rows.values() if user.city_id == city.id)
        print(
            f"list_nearby [{label}: {in_city} listed in the city]: {percentiles(samples)}  "
            f"({found / queries:.0f} shown)"
        )

    await bench("Paris", resolve("Paris"))
    await bench("Lyon", resolve("Lyon"))
    await bench(f"rural: {rural.name}", rural)
    lyon = resolve("Lyon")
    for number in range(10_000):
        listed(f"crowd{number}", lyon)
    await bench("Lyon + 10,000 more", lyon)


if __name__ == "__main__":
    import sys

    if "--service" in sys.argv:
        sys.argv.remove("--service")
        parser = argparse.ArgumentParser(description="nearby service path")
        parser.add_argument("--users", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--cpu", action="store_true")
        service_args = parser.parse_args()
        if service_args.cpu:
            clock = time.process_time
        asyncio.run(run_service_bench(service_args.users, service_args.queries, service_args.seed))
    else:
        main()
