"""Distances, buckets and the nearby grid index."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from causerie.domain.geo import (
    NEARBY_RADIUS_KM,
    NearbyIndex,
    distance_bucket,
    haversine_km,
)


@dataclass(frozen=True)
class Place:
    id: str
    lat: float
    lon: float


PARIS = Place("paris", 48.85341, 2.3488)
LYON = Place("lyon", 45.74846, 4.84671)
VERSAILLES = Place("versailles", 48.80359, 2.13424)


# --- distances and buckets -------------------------------------------------------


def test_haversine_known_distances() -> None:
    assert haversine_km(PARIS.lat, PARIS.lon, LYON.lat, LYON.lon) == pytest.approx(392, abs=2)
    assert haversine_km(PARIS.lat, PARIS.lon, VERSAILLES.lat, VERSAILLES.lon) == pytest.approx(
        17, abs=1
    )
    # A quarter of the equator, and the antimeridian is no wall.
    assert haversine_km(0, 0, 0, 90) == pytest.approx(10_007.5, abs=1)
    assert haversine_km(0, 179.9, 0, -179.9) == pytest.approx(22.2, abs=0.1)


@given(st.floats(-90, 90), st.floats(-180, 180), st.floats(-90, 90), st.floats(-180, 180))
def test_haversine_symmetric_and_bounded(a: float, b: float, c: float, d: float) -> None:
    assert haversine_km(a, b, c, d) == pytest.approx(haversine_km(c, d, a, b), abs=1e-6)
    assert 0 <= haversine_km(a, b, c, d) <= 20_016
    assert haversine_km(a, b, a, b) == 0


@pytest.mark.parametrize(
    ("km", "bucket"),
    [
        (0.0, "< 5 km"),
        (4.999, "< 5 km"),
        (5.0, "< 10 km"),
        (9.999, "< 10 km"),
        (10.0, "< 25 km"),
        (24.999, "< 25 km"),
        (25.0, "< 50 km"),
        (49.999, "< 50 km"),
        (50.0, "< 100 km"),
        (99.999, "< 100 km"),
        (100.0, None),
        (100.001, None),
        (20_000.0, None),
    ],
)
def test_buckets_at_their_boundaries(km: float, bucket: str | None) -> None:
    assert distance_bucket(km) == bucket


@given(st.floats(0, 200), st.floats(0, 200))
def test_buckets_never_decrease_with_distance(a: float, b: float) -> None:
    order = ["< 5 km", "< 10 km", "< 25 km", "< 50 km", "< 100 km", None]
    near, far = sorted((a, b))
    assert order.index(distance_bucket(near)) <= order.index(distance_bucket(far))


# --- the index ----------------------------------------------------------------------------


def test_add_move_remove() -> None:
    index = NearbyIndex()
    index.add("u1", PARIS)
    index.add("u2", VERSAILLES)
    assert len(index) == 2 and "u1" in index and index.city_of("u1") == "paris"
    index.add("u1", LYON)  # moving city
    assert index.city_of("u1") == "lyon"
    near_paris = {(c.user_id, c.city_id, c.bucket) for c in index.candidates(PARIS)}
    assert near_paris == {("u2", "versailles", "< 25 km")}
    assert index.remove("u2") is True
    assert index.remove("u2") is False
    assert list(index.candidates(PARIS)) == []
    assert index.remove("u1") is True
    assert len(index) == 0


def test_members_of_the_same_city_are_under_5_km() -> None:
    index = NearbyIndex()
    for number in range(3):
        index.add(f"u{number}", PARIS)
    assert {c.bucket for c in index.candidates(PARIS)} == {"< 5 km"}
    assert {c.user_id for c in index.candidates(PARIS)} == {"u0", "u1", "u2"}


def test_cities_near_nearest_first() -> None:
    index = NearbyIndex()
    index.add("a", VERSAILLES)
    index.add("b", PARIS)
    index.add("c", LYON)  # beyond 100 km of Paris
    nearby = index.cities_near(PARIS)
    assert [n.city_id for n in nearby] == ["paris", "versailles"]
    assert [n.bucket for n in nearby] == ["< 5 km", "< 25 km"]
    assert [n.city_id for n in index.cities_near(PARIS, radius_km=10)] == ["paris"]
    # The radius is capped: nobody beyond 100 km, whatever is asked.
    assert "lyon" not in {n.city_id for n in index.cities_near(PARIS, radius_km=1000)}


def test_rejects_bad_cell_size() -> None:
    with pytest.raises(ValueError):
        NearbyIndex(cell_degrees=0)


_LATITUDES = st.one_of(
    st.floats(-90, 90),
    st.floats(85, 90),  # near the poles, where longitude cells shrink
    st.floats(-90, -85),
    st.floats(42, 51),  # France, dense
)
_LONGITUDES = st.one_of(st.floats(-180, 180), st.floats(178, 180), st.floats(-180, -178))


@st.composite
def _places(draw: st.DrawFn) -> list[Place]:
    count = draw(st.integers(1, 40))
    places = []
    anchor_lat, anchor_lon = draw(_LATITUDES), draw(_LONGITUDES)
    for number in range(count):
        if draw(st.booleans()):  # clustered around an anchor, so radii matter
            lat = max(-90.0, min(90.0, anchor_lat + draw(st.floats(-1.5, 1.5))))
            lon = (anchor_lon + draw(st.floats(-3, 3)) + 180) % 360 - 180
        else:
            lat, lon = draw(_LATITUDES), draw(_LONGITUDES)
        places.append(Place(f"c{number}", lat, lon))
    return places


@settings(max_examples=300, deadline=None)
@given(
    places=_places(),
    members=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 39)), max_size=80),
    removed=st.lists(st.integers(0, 60), max_size=10),
    query=st.integers(0, 39),
    radius=st.sampled_from([5.0, 25.0, 60.0, NEARBY_RADIUS_KM]),
    cell=st.sampled_from([0.1, 0.5, 2.0, 30.0]),
)
def test_candidates_match_brute_force(
    places: list[Place],
    members: list[tuple[int, int]],
    removed: list[int],
    query: int,
    radius: float,
    cell: float,
) -> None:
    index = NearbyIndex(cell_degrees=cell)
    where: dict[str, Place] = {}
    for user, place_number in members:
        place = places[place_number % len(places)]
        index.add(f"u{user}", place)
        where[f"u{user}"] = place
    for user in removed:
        index.remove(f"u{user}")
        where.pop(f"u{user}", None)
    asker = places[query % len(places)]

    expected = set()
    for user_id, place in where.items():
        km = haversine_km(asker.lat, asker.lon, place.lat, place.lon)
        bucket = distance_bucket(km)
        if km < radius and bucket is not None:
            expected.add((user_id, place.id, bucket))
    found = [(c.user_id, c.city_id, c.bucket) for c in index.candidates(asker, radius)]
    assert len(found) == len(set(found))
    assert set(found) == expected
