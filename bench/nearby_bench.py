"""Benchmark of the nearby index: 100,000 members spread over French cities
(weighted by population), then nearby queries from members' cities.

    .venv/bin/python bench/nearby_bench.py [--users 100000] [--queries 2000]

Prints the build time and p50/p99/max of ``NearbyIndex.candidates`` (every
member within 100 km, materialised) and of ``cities_near`` (the per-city
groups a service can walk bucket by bucket), for random askers and for the
worst case, a member in the densest city.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from causerie.adapters.gazetteer import Gazetteer
from causerie.domain.geo import NearbyIndex
from causerie.domain.models import City


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


if __name__ == "__main__":
    main()
