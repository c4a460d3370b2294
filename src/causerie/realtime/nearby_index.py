"""This node's index of members listable nearby, and the broker tap that
keeps it current.

Every node holds the same index: it is loaded from the database at start
(and again after the broker reports lost events) and then follows the
``NearbyPresence`` events every node publishes. Entries expire on their own
when no refresh came within the activity window. The index is only a fast
source of *candidates*: the service checks each one it shows against the
database (opt-in, activity, sanctions, trust, city) and the access policy, so
a stale entry can cost a little work, never a wrong answer.

Location is the city: members are kept by (band, city id), nothing finer.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import random
from collections.abc import Awaitable, Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from causerie.domain.bands import Band
from causerie.domain.events import Event, NearbyPresence
from causerie.domain.geo import BUCKET_LABELS, Candidate, NeighbourTable
from causerie.domain.models import User
from causerie.periodic import Periodic
from causerie.ports import Broker, Clock, EventHandler, ResyncHandler

log = logging.getLogger(__name__)

LoadListed = Callable[[], Awaitable[Iterable[User]]]
"""Members opted in and seen within the activity window, from the database."""


@dataclass(slots=True)
class _Entry:
    band: Band
    city_id: str
    seen_at: datetime


class _Bag:
    """A set that can also be indexed, for uniform sampling: O(1) add,
    remove (swap with the last) and access by position."""

    __slots__ = ("ids", "positions")

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.positions: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, user_id: str) -> None:
        if user_id not in self.positions:
            self.positions[user_id] = len(self.ids)
            self.ids.append(user_id)

    def discard(self, user_id: str) -> None:
        position = self.positions.pop(user_id, None)
        if position is None:
            return
        last = self.ids.pop()
        if last != user_id:
            self.ids[position] = last
            self.positions[last] = position


def lazy_permutation(size: int, rng: random.Random) -> Iterator[int]:
    """0..size-1 in a uniformly random order, drawn one at a time: a
    Fisher-Yates shuffle that stores only the positions it swapped, so taking
    50 out of 10,000 costs 50 steps, not 10,000."""
    swapped: dict[int, int] = {}
    for i in range(size):
        j = rng.randrange(i, size)
        drawn = swapped.get(j, j)
        swapped[j] = swapped.get(i, i)
        yield drawn


class NearbyDirectory:
    """Members listable nearby on this node, by band and city.

    ``pick`` walks the asking city's neighbour table bucket by bucket (nearest
    first), takes every candidate of a bucket in random order and stops as
    soon as it has ``want``: around a city of 10,000 members it draws a few
    dozen, it does not list them all. Owned by one event loop."""

    def __init__(
        self,
        neighbours: NeighbourTable,
        clock: Clock,
        active_for: timedelta,
        *,
        rng: random.Random | None = None,
    ) -> None:
        self.neighbours = neighbours
        self._clock = clock
        self._active_for = active_for
        # SystemRandom: the order within a bucket must not be predictable.
        self._rng = rng or random.SystemRandom()
        self._entries: dict[str, _Entry] = {}
        self._bags: dict[Band, dict[str, _Bag]] = {band: {} for band in Band}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, user_id: object) -> bool:
        return user_id in self._entries

    async def ready(self) -> None:
        """Build the neighbour table once (about half a second, in a thread)."""
        if not self.neighbours.built:
            await asyncio.to_thread(self.neighbours.build)

    # --- keeping current -----------------------------------------------------

    def apply(self, event: NearbyPresence) -> None:
        """Follow one presence event. An older sighting never overrides a newer one."""
        if not event.listed:
            self.remove(event.user_id)
            return
        self.put(event.user_id, event.band, event.city_id, event.seen_at)

    def put(self, user_id: str, band: Band, city_id: str, seen_at: datetime) -> None:
        """List ``user_id`` in ``city_id`` as seen at ``seen_at`` (moves them)."""
        entry = self._entries.get(user_id)
        if entry is not None:
            if entry.seen_at > seen_at:
                return
            if entry.band is band and entry.city_id == city_id:
                entry.seen_at = seen_at
                return
            self.remove(user_id)
        if seen_at <= self._clock.now() - self._active_for:
            return
        self._entries[user_id] = _Entry(band, city_id, seen_at)
        bags = self._bags[band]
        bag = bags.get(city_id)
        if bag is None:
            bag = bags[city_id] = _Bag()
        bag.add(user_id)

    def remove(self, user_id: str) -> bool:
        """Unlist ``user_id``; False if they were not listed."""
        entry = self._entries.pop(user_id, None)
        if entry is None:
            return False
        bags = self._bags[entry.band]
        bag = bags[entry.city_id]
        bag.discard(user_id)
        if not bag:
            del bags[entry.city_id]
        return True

    def load(self, users: Iterable[User]) -> int:
        """Merge members read from the database; returns how many are listed."""
        for user in users:
            if user.nearby_visible and user.last_seen_at is not None:
                self.put(user.id, user.band, user.city_id, user.last_seen_at)
        return len(self._entries)

    def sweep(self) -> int:
        """Drop entries not refreshed within the activity window; returns how many."""
        cutoff = self._clock.now() - self._active_for
        stale = [user_id for user_id, entry in self._entries.items() if entry.seen_at <= cutoff]
        for user_id in stale:
            self.remove(user_id)
        return len(stale)

    # --- querying -----------------------------------------------------------

    def pick(self, band: Band, city_id: str, want: int, skip: Container[str]) -> list[Candidate]:
        """Up to ``want`` members of ``band`` within 100 km of ``city_id``,
        nearest bucket first; within a bucket a uniformly random selection in
        random order. ``skip`` (the asker, people hidden from them, people
        already considered) and expired entries are passed over."""
        if want <= 0:
            return []
        bags = self._bags[band]
        if not bags:
            return []
        cutoff = self._clock.now() - self._active_for
        entries = self._entries
        picked: list[Candidate] = []
        for rank, city_ids in enumerate(self.neighbours.neighbours(city_id)):
            groups = [(cid, bag) for cid in city_ids if (bag := bags.get(cid)) is not None]
            if not groups:
                continue
            ends: list[int] = []
            total = 0
            for _, bag in groups:
                total += len(bag)
                ends.append(total)
            label = BUCKET_LABELS[rank]
            for position in lazy_permutation(total, self._rng):
                group = bisect.bisect_right(ends, position)
                cid, bag = groups[group]
                user_id = bag.ids[position - (ends[group - 1] if group else 0)]
                if user_id in skip or entries[user_id].seen_at <= cutoff:
                    continue
                picked.append(Candidate(user_id, cid, label))
                if len(picked) >= want:
                    return picked
        return picked


class NearbyTap:
    """A ``Broker`` that hands ``NearbyPresence`` events to this node's
    directory before the hub, and reloads the directory when events were
    lost. Wraps the real broker, so the hub and node stay unaware of nearby."""

    def __init__(self, inner: Broker, directory: NearbyDirectory, load: LoadListed) -> None:
        self._inner = inner
        self._directory = directory
        self._load = load

    async def start(self, handler: EventHandler, on_resync: ResyncHandler) -> None:
        async def tapped(event: Event) -> None:
            if isinstance(event, NearbyPresence):
                self._directory.apply(event)
                return
            await handler(event)

        async def resync() -> None:
            try:
                await self.reload()
            finally:
                await on_resync()

        await self._inner.start(tapped, resync)

    async def publish(self, event: Event) -> None:
        await self._inner.publish(event)

    async def watch(self, room_id: str) -> None:
        await self._inner.watch(room_id)

    def unwatch(self, room_id: str) -> None:
        self._inner.unwatch(room_id)

    async def stop(self) -> None:
        await self._inner.stop()

    async def reload(self) -> int:
        """Merge the listed members from the database into the directory."""
        return self._directory.load(await self._load())


class Sweeper(Periodic):
    """Expires directory entries every ``every`` seconds, in the background."""

    def __init__(self, directory: NearbyDirectory, every: float = 60.0) -> None:
        async def sweep() -> None:
            directory.sweep()

        super().__init__("nearby sweep", every, sweep)
