"""The nearby directory, its neighbour table and its broker tap, without a
server: sampling, buckets, expiry, ordering of sightings, speed."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from tests.factories import make_user
from tests.support.clock import FakeClock

from causerie.domain.bands import Band
from causerie.domain.events import BlocksChanged, Event, NearbyPresence
from causerie.domain.geo import (
    BUCKET_LABELS,
    NeighbourTable,
    bucket_between,
    distance_bucket,
    haversine_km,
)
from causerie.realtime.broker import InMemoryBroker
from causerie.realtime.codec import decode, encode
from causerie.realtime.nearby_index import NearbyDirectory, NearbyTap, lazy_permutation


@dataclass(frozen=True)
class Place:
    id: str
    lat: float
    lon: float


# A little map around Lyon (real centroids, rounded) and one far city.
PLACES = [
    Place("lyon", 45.748, 4.847),
    Place("villeurbanne", 45.767, 4.880),
    Place("venissieux", 45.697, 4.886),
    Place("vienne", 45.525, 4.874),
    Place("st-etienne", 45.434, 4.390),
    Place("grenoble", 45.166, 5.716),
    Place("paris", 48.853, 2.349),
]
BY_ID = {place.id: place for place in PLACES}
NOW = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


def directory(
    places: list[Place] = PLACES, clock: FakeClock | None = None, seed: int = 1
) -> NearbyDirectory:
    return NearbyDirectory(
        NeighbourTable(lambda: places),
        clock or FakeClock(NOW),
        timedelta(minutes=30),
        rng=random.Random(seed),
    )


def test_lazy_permutation_is_a_uniform_permutation() -> None:
    rng = random.Random(7)
    for size in (0, 1, 2, 17):
        assert sorted(lazy_permutation(size, rng)) == list(range(size))
    firsts = Counter(next(lazy_permutation(5, rng)) for _ in range(20_000))
    assert set(firsts) == set(range(5))
    assert all(3_500 < count < 4_500 for count in firsts.values()), firsts


def test_neighbour_table_matches_brute_force() -> None:
    table = NeighbourTable(lambda: PLACES)
    for origin in PLACES:
        groups = table.neighbours(origin.id)
        assert len(groups) == len(BUCKET_LABELS)
        found = {city: rank for rank, group in enumerate(groups) for city in group}
        expected = {}
        for other in PLACES:
            bucket = distance_bucket(haversine_km(origin.lat, origin.lon, other.lat, other.lon))
            if bucket is not None:
                expected[other.id] = BUCKET_LABELS.index(bucket)
        assert found == expected
        for other in PLACES:
            assert table.bucket(origin.id, other.id) == expected.get(other.id)
    assert table.neighbours("nowhere") == ((),) * 5
    assert table.bucket("lyon", "nowhere") is None


def test_neighbour_table_cache_is_bounded() -> None:
    table = NeighbourTable(lambda: PLACES, cache_size=2)
    first = table.neighbours("lyon")
    table.neighbours("vienne")
    assert table.neighbours("lyon") is first  # still cached
    table.neighbours("paris")
    table.neighbours("grenoble")
    assert table.neighbours("lyon") is not first  # evicted, recomputed
    assert table.neighbours("lyon") == first
    with pytest.raises(ValueError):
        NeighbourTable(lambda: PLACES, cache_size=0)


def test_pick_orders_by_bucket_and_skips() -> None:
    index = directory()
    for number, place in enumerate(PLACES * 3):
        index.put(f"u{number}", Band.ADULT, place.id, NOW)
    index.put("teen", Band.TEEN, "lyon", NOW)
    picked = index.pick(Band.ADULT, "lyon", 100, skip={"u0"})
    ids = [candidate.user_id for candidate in picked]
    assert "u0" not in ids and "teen" not in ids
    assert len(ids) == len(set(ids))
    ranks = [BUCKET_LABELS.index(candidate.bucket) for candidate in picked]
    assert ranks == sorted(ranks)
    for candidate in picked:
        origin, other = BY_ID["lyon"], BY_ID[candidate.city_id]
        expected = distance_bucket(haversine_km(origin.lat, origin.lon, other.lat, other.lon))
        assert candidate.bucket == expected
    assert not any(candidate.city_id == "paris" for candidate in picked)
    assert [c.user_id for c in index.pick(Band.TEEN, "lyon", 10, skip=set())] == ["teen"]
    assert index.pick(Band.ADULT, "lyon", 0, skip=set()) == []


def test_pick_stops_at_want_with_a_uniform_sample_of_the_last_bucket() -> None:
    index = directory(seed=3)
    for number in range(200):
        index.put(f"lyon{number}", Band.ADULT, "lyon", NOW)
    index.put("far", Band.ADULT, "vienne", NOW)
    counts: Counter[str] = Counter()
    for _ in range(500):
        picked = index.pick(Band.ADULT, "lyon", 10, skip=set())
        assert len(picked) == 10
        assert all(candidate.city_id in ("lyon", "villeurbanne") for candidate in picked)
        counts.update(candidate.user_id for candidate in picked)
    # 5,000 draws over 200 members: each about 25 times, none favoured.
    assert len(counts) == 200
    assert max(counts.values()) < 60


def test_sightings_move_expire_and_never_go_back_in_time() -> None:
    clock = FakeClock(NOW)
    index = directory(clock=clock)
    index.apply(NearbyPresence("u1", Band.ADULT, "lyon", NOW, True))
    assert index.pick(Band.ADULT, "lyon", 5, set())[0].city_id == "lyon"
    index.apply(NearbyPresence("u1", Band.ADULT, "vienne", NOW + timedelta(minutes=1), True))
    # An older sighting arriving late (another node) does not move them back.
    index.apply(NearbyPresence("u1", Band.ADULT, "lyon", NOW, True))
    (candidate,) = index.pick(Band.ADULT, "lyon", 5, set())
    assert candidate.city_id == "vienne"
    index.apply(NearbyPresence("u1", Band.ADULT, "vienne", NOW, False))
    assert "u1" not in index and len(index) == 0

    index.put("u2", Band.ADULT, "lyon", NOW)
    clock.set(NOW + timedelta(minutes=29))
    assert len(index.pick(Band.ADULT, "lyon", 5, set())) == 1
    clock.set(NOW + timedelta(minutes=31))
    assert index.pick(Band.ADULT, "lyon", 5, set()) == []  # expired, even before a sweep
    assert index.sweep() == 1 and len(index) == 0
    index.put("u3", Band.ADULT, "lyon", NOW)  # already stale: not listed
    assert "u3" not in index


def test_load_takes_only_opted_in_members_with_a_sighting() -> None:
    index = directory()
    users = [
        make_user(id="a", city_id="lyon", nearby_visible=True, last_seen_at=NOW),
        make_user(id="b", city_id="lyon", nearby_visible=False, last_seen_at=NOW),
        make_user(id="c", city_id="lyon", nearby_visible=True, last_seen_at=None),
    ]
    assert index.load(users) == 1 and "a" in index


def test_bucket_between_agrees_with_the_table_at_the_boundary() -> None:
    # Two points about 5 km apart, around the boundary between two buckets.
    for step in range(200):
        other = Place(f"p{step}", 45.748 + 0.0448 + step * 1e-6, 4.847)
        pair: list[Place] = [BY_ID["lyon"], other]
        table = NeighbourTable(pair.copy)
        groups = table.neighbours("lyon")
        rank = next(r for r, group in enumerate(groups) if other.id in group)
        assert bucket_between(BY_ID["lyon"], other) == rank


def test_codec_round_trips_nearby_presence() -> None:
    event = NearbyPresence("u1", Band.TEEN, "2996944", NOW + timedelta(microseconds=7), False)
    assert decode(encode(event)) == event
    assert b"2996944" in encode(event) and b"lat" not in encode(event)


async def test_tap_feeds_the_directory_and_passes_the_rest_on() -> None:
    index = directory()
    reloads: list[int] = []

    async def load() -> list[object]:
        reloads.append(1)
        return [make_user(id="loaded", city_id="lyon", nearby_visible=True, last_seen_at=NOW)]

    tap = NearbyTap(InMemoryBroker(), index, load)  # type: ignore[arg-type]
    handled: list[Event] = []
    resyncs: list[int] = []

    async def handler(event: Event) -> None:
        handled.append(event)

    async def on_resync() -> None:
        resyncs.append(1)

    await tap.start(handler, on_resync)
    await tap.publish(NearbyPresence("u9", Band.ADULT, "lyon", NOW, True))
    await tap.publish(BlocksChanged(("a", "b")))
    assert "u9" in index
    assert handled == [BlocksChanged(("a", "b"))]
    assert await tap.reload() == 2 and "loaded" in index
    await tap.stop()
