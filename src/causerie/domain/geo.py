"""Distances between city centroids, the buckets users see, and an in-memory
spatial index of who is in which city.

Location is the city, never finer: members are placed at their city's
centroid, distances are computed between centroids and only ever shown as a
bucket. The index is a grid of fixed-size latitude/longitude cells holding the
cities that have members, so a query looks at the cells that can hold a city
within the radius instead of at every member.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Set
from typing import NamedTuple, Protocol

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
NEARBY_RADIUS_KM = 100.0

# Upper bound (exclusive) in km -> the label users see. Nothing beyond the last.
BUCKETS: tuple[tuple[float, str], ...] = (
    (5.0, "< 5 km"),
    (10.0, "< 10 km"),
    (25.0, "< 25 km"),
    (50.0, "< 50 km"),
    (100.0, "< 100 km"),
)

DEFAULT_CELL_DEGREES = 0.5


class _Point(NamedTuple):
    lat: float
    lon: float
    phi: float  # radians
    lam: float
    cos_phi: float

    @classmethod
    def at(cls, lat: float, lon: float) -> _Point:
        phi = math.radians(lat)
        return cls(lat, lon, phi, math.radians(lon), math.cos(phi))


class Located(Protocol):
    """Anything with an id and a centroid, such as ``domain.models.City``."""

    @property
    def id(self) -> str: ...

    @property
    def lat(self) -> float: ...

    @property
    def lon(self) -> float: ...


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    return _haversine(_Point.at(lat1, lon1), _Point.at(lat2, lon2))


def _haversine(a: _Point, b: _Point) -> float:
    # The index keeps each centroid's radians and cosine, so a query costs two
    # sines and a square root per city.
    h = (
        math.sin((b.phi - a.phi) / 2) ** 2
        + a.cos_phi * b.cos_phi * math.sin((b.lam - a.lam) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_bucket(km: float) -> str | None:
    """The label for a distance: ``"< 5 km"`` … ``"< 100 km"``, or None from
    100 km on. Bounds are exclusive: exactly 5 km is ``"< 10 km"``."""
    for bound, label in BUCKETS:
        if km < bound:
            return label
    return None


class Candidate(NamedTuple):
    """A member near the asking city: who, in which city, how far (bucketed).
    A named tuple: a big city yields thousands, and these are cheapest to make."""

    user_id: str
    city_id: str
    bucket: str


class NearbyCity(NamedTuple):
    """A city with members near the asking city, and those members (a live
    view: copy it before awaiting anything)."""

    city_id: str
    bucket: str
    members: Set[str]


class NearbyIndex:
    """Members by city, cities by grid cell. ``add``/``remove`` are O(1);
    ``cities_near`` looks only at the cells a radius can reach.

    Not thread-safe: meant to be owned by one event loop.
    """

    def __init__(self, cell_degrees: float = DEFAULT_CELL_DEGREES) -> None:
        if not 0 < cell_degrees <= 90:
            raise ValueError("cell_degrees must be in (0, 90]")
        self._cell = cell_degrees
        self._lon_cells = math.ceil(360 / cell_degrees)
        self._city_of: dict[str, str] = {}
        self._members: dict[str, set[str]] = {}
        self._points: dict[str, _Point] = {}
        self._cells: dict[tuple[int, int], set[str]] = {}

    def __len__(self) -> int:
        return len(self._city_of)

    def __contains__(self, user_id: object) -> bool:
        return user_id in self._city_of

    def city_of(self, user_id: str) -> str | None:
        """The city a member is placed in, or None."""
        return self._city_of.get(user_id)

    def add(self, user_id: str, city: Located) -> None:
        """Place ``user_id`` at ``city``'s centroid (moving them if already in)."""
        if self._city_of.get(user_id) == city.id:
            return
        self.remove(user_id)
        self._city_of[user_id] = city.id
        members = self._members.get(city.id)
        if members is None:
            members = self._members[city.id] = set()
            point = self._points[city.id] = _Point.at(city.lat, city.lon)
            self._cells.setdefault(self._cell_of(point.lat, point.lon), set()).add(city.id)
        members.add(user_id)

    def remove(self, user_id: str) -> bool:
        """Take a member out; False if they were not in."""
        city_id = self._city_of.pop(user_id, None)
        if city_id is None:
            return False
        members = self._members[city_id]
        members.discard(user_id)
        if not members:
            del self._members[city_id]
            point = self._points.pop(city_id)
            cell = self._cell_of(point.lat, point.lon)
            cities = self._cells[cell]
            cities.discard(city_id)
            if not cities:
                del self._cells[cell]
        return True

    def cities_near(self, city: Located, radius_km: float = NEARBY_RADIUS_KM) -> list[NearbyCity]:
        """Cities with members whose centroid is less than ``radius_km`` (at most
        100) from ``city``'s, nearest bucket first."""
        radius_km = min(radius_km, NEARBY_RADIUS_KM)
        origin = _Point.at(city.lat, city.lon)
        points, cells, members = self._points, self._cells, self._members
        found: list[tuple[float, str]] = []
        for cell in self._cells_within(city.lat, city.lon, radius_km):
            for city_id in cells.get(cell, ()):
                km = _haversine(origin, points[city_id])
                if km < radius_km:
                    found.append((km, city_id))
        found.sort()
        nearby = []
        for km, city_id in found:
            bucket = distance_bucket(km)
            if bucket is not None:
                nearby.append(NearbyCity(city_id, bucket, members[city_id]))
        return nearby

    def candidates(self, city: Located, radius_km: float = NEARBY_RADIUS_KM) -> Iterator[Candidate]:
        """Every member of every city ``cities_near`` returns, the asker
        included (the caller filters by band, opt-in, blocks, and shuffles
        within a bucket). Around a big city this is tens of thousands of
        members: a service that needs 50 should walk ``cities_near`` bucket by
        bucket and stop once it has enough."""
        for nearby in self.cities_near(city, radius_km):
            for user_id in tuple(nearby.members):
                yield Candidate(user_id, nearby.city_id, nearby.bucket)

    def _cell_of(self, lat: float, lon: float) -> tuple[int, int]:
        row = math.floor((lat + 90) / self._cell)
        column = math.floor((lon + 180) / self._cell) % self._lon_cells
        return row, column

    def _cells_within(self, lat: float, lon: float, radius_km: float) -> Iterator[tuple[int, int]]:
        """Every cell that can hold a point less than ``radius_km`` away: the
        bounding box of the spherical cap (latitude ± the angular radius;
        longitude ± asin(sin r / cos lat), or all longitudes near a pole),
        padded by a small margin against rounding."""
        angular = radius_km / EARTH_RADIUS_KM
        margin = 1e-9
        lat_low = lat - math.degrees(angular) - margin
        lat_high = lat + math.degrees(angular) + margin
        row_low = math.floor((max(lat_low, -90.0) + 90) / self._cell)
        row_high = math.floor((min(lat_high, 90.0) + 90) / self._cell)
        if lat_low <= -90 or lat_high >= 90:
            columns: range | list[int] = range(self._lon_cells)
        else:
            ratio = math.sin(angular) / math.cos(math.radians(lat))
            if ratio >= 1:
                columns = range(self._lon_cells)
            else:
                spread = math.degrees(math.asin(ratio)) + margin
                first = math.floor((lon - spread + 180) / self._cell)
                last = math.floor((lon + spread + 180) / self._cell)
                if last - first + 1 >= self._lon_cells:
                    columns = range(self._lon_cells)
                else:
                    columns = [column % self._lon_cells for column in range(first, last + 1)]
        for row in range(row_low, row_high + 1):
            for column in columns:
                yield row, column


BUCKET_LABELS: tuple[str, ...] = tuple(label for _, label in BUCKETS)


def bucket_rank(km: float) -> int | None:
    """The position of ``km``'s bucket in ``BUCKETS`` (0 is ``"< 5 km"``), or
    None from 100 km on."""
    for rank, (bound, _) in enumerate(BUCKETS):
        if km < bound:
            return rank
    return None


def bucket_between(origin: Located, other: Located) -> int | None:
    """The bucket rank from ``origin``'s centroid to ``other``'s, computed
    exactly as ``NeighbourTable`` computes it (same argument order, same
    arithmetic), so a list built from the table and a check made here agree
    to the last bit, even at a bucket boundary."""
    return bucket_rank(
        _haversine(_Point.at(origin.lat, origin.lon), _Point.at(other.lat, other.lon))
    )


Neighbours = tuple[tuple[str, ...], ...]
"""City ids grouped by bucket rank: ``neighbours[0]`` are the cities less than
5 km away (the origin itself included), ``neighbours[4]`` those at 50-100 km."""


class NeighbourTable:
    """Every city of a gazetteer within 100 km of a given city, grouped by
    bucket. Distances between two fixed cities never change, so an origin's
    groups are computed once (a grid query over every city) and kept in a
    bounded LRU cache; a nearby query then walks the groups bucket by bucket
    with dictionary lookups only, and no trigonometry.

    Building the grid of every city costs about half a second for the whole
    gazetteer: it is done on first use (``build``, callable from a thread).
    Not otherwise thread-safe: queries belong to one event loop.
    """

    def __init__(
        self,
        cities: Callable[[], Iterable[Located]],
        *,
        cache_size: int = 4096,
        cell_degrees: float = DEFAULT_CELL_DEGREES,
    ) -> None:
        if cache_size < 1:
            raise ValueError("cache_size must be positive")
        self._source = cities
        self._cell_degrees = cell_degrees
        self._cache_size = cache_size
        self._grid: NearbyIndex | None = None
        self._places: dict[str, Located] = {}
        self._cache: OrderedDict[str, Neighbours] = OrderedDict()
        self._build_lock = threading.Lock()

    @property
    def built(self) -> bool:
        return self._grid is not None

    def build(self) -> None:
        """Index every city now (idempotent; safe to call from a worker thread)."""
        with self._build_lock:
            if self._grid is not None:
                return
            grid = NearbyIndex(self._cell_degrees)
            places: dict[str, Located] = {}
            for city in self._source():
                places[city.id] = city
                # Each city is the only "member" of itself: the grid then
                # answers "which cities are near" for the whole gazetteer.
                grid.add(city.id, city)
            self._places = places
            self._grid = grid

    def place(self, city_id: str) -> Located | None:
        """The city with this id, or None."""
        self.build()
        return self._places.get(city_id)

    def neighbours(self, city_id: str) -> Neighbours:
        """The cities within 100 km of ``city_id``'s centroid, grouped by bucket
        rank (five groups, some maybe empty); nothing for an unknown city."""
        cached = self._cache.get(city_id)
        if cached is not None:
            self._cache.move_to_end(city_id)
            return cached
        origin = self.place(city_id)
        groups: list[list[str]] = [[] for _ in BUCKETS]
        if origin is not None:
            assert self._grid is not None
            for near in self._grid.cities_near(origin):
                groups[BUCKET_LABELS.index(near.bucket)].append(near.city_id)
        table = tuple(tuple(group) for group in groups)
        self._cache[city_id] = table
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return table

    def bucket(self, origin_id: str, other_id: str) -> int | None:
        """The bucket rank between two cities' centroids (None: 100 km or more,
        or an unknown city)."""
        origin, other = self.place(origin_id), self.place(other_id)
        if origin is None or other is None:
            return None
        return bucket_between(origin, other)
