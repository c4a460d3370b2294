"""Members nearby, without ever giving anyone away (docs/nearby.md).

Location is the declared city, never finer: a member is placed at their
city's centroid, distances are between centroids and only ever shown as a
bucket; within a bucket the order is a fresh shuffle per query, so the rank
inside a bucket carries no information. Being listed is opt-in, and so is
looking: only members who are listed themselves may list others.

Candidates come from this node's in-memory directory (``MemberDirectory``);
each one shown is checked against the database and the access door, which
stay the only judges.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Collection, Container, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from causerie.config import Settings
from causerie.domain.bands import Band
from causerie.domain.errors import AttestationRequired, CauserieError, NotAllowed, TrustRequired
from causerie.domain.events import NearbyPresence
from causerie.domain.geo import BUCKET_LABELS, bucket_between
from causerie.domain.models import AccountStatus, City, User, Viewer
from causerie.periodic import Periodic
from causerie.ports import MemberDirectory
from causerie.services.access import check_can_act
from causerie.services.deps import Deps

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 50
MAX_LIMIT = 50
# Candidates asked from the directory beyond what is still missing, so that
# a few rejected by the database checks rarely cost a second round.
_MARGIN = 10
_MAX_ROUNDS = 4
# Order within a bucket must be unpredictable, not merely varied.
_shuffler = random.SystemRandom()


@dataclass(frozen=True, slots=True)
class NearbyMember:
    """One line of the nearby list: who, their declared city, and a bucket."""

    user: User
    city: City
    distance: str


def activity_window(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.nearby_active_minutes)


def presence_of(user: User, now: datetime, settings: Settings) -> NearbyPresence:
    """The event that places ``user`` in (or takes them out of) every node's
    directory, given their current row."""
    seen = user.last_seen_at
    listed = user.nearby_visible and seen is not None and seen > now - activity_window(settings)
    return NearbyPresence(
        user_id=user.id,
        band=user.band,
        city_id=user.city_id,
        seen_at=seen or now,
        listed=listed,
    )


async def mark_seen(deps: Deps, user_id: str, *, current: User | None = None) -> None:
    """Record that ``user_id`` is active now (a WebSocket opened or is still
    open, or they used nearby) and, when they are opted in, list them on every
    node. Skipped when the last record is under ``nearby_seen_every_seconds``
    / 2 old, to spare the database;
    ``current`` is the user's row when the caller just read it."""
    settings = deps.settings
    interval = settings.nearby_seen_every_seconds / 2
    now = deps.clock.now()
    if current is None:
        async with deps.uow() as uow:
            current = await uow.users.get(user_id)
    if current is None:
        return
    last = current.last_seen_at
    if last is not None and (now - last).total_seconds() < interval:
        return
    async with deps.uow(write=True) as uow:
        user = await uow.users.update(user_id, last_seen_at=now)
        if user.nearby_visible:
            event = presence_of(user, now, settings)
            uow.publish(event)
        await uow.commit()


# Members marked seen per write transaction by the sweep below.
_SEEN_CHUNK = 500


async def mark_seen_many(deps: Deps, user_ids: Collection[str]) -> int:
    """``mark_seen`` for every member with an open connection on this node,
    a few hundred per write transaction (one fsync each), instead of one
    transaction per connection. Returns how many rows were written."""
    settings = deps.settings
    interval = timedelta(seconds=settings.nearby_seen_every_seconds / 2)
    now = deps.clock.now()
    wanted = sorted(set(user_ids))
    written = 0
    for start in range(0, len(wanted), _SEEN_CHUNK):
        async with deps.uow(write=True) as uow:
            found = await uow.users.get_many(wanted[start : start + _SEEN_CHUNK])
            for user in found.values():
                last = user.last_seen_at
                if user.status is AccountStatus.ERASED:
                    continue  # erased while its socket was closing: a tombstone has no activity
                if last is not None and now - last < interval:
                    continue
                updated = await uow.users.update(user.id, last_seen_at=now)
                written += 1
                if updated.nearby_visible:
                    uow.publish(presence_of(updated, now, settings))
            await uow.commit()
    return written


class ConnectedSeen(Periodic):
    """Keeps members with an open connection "seen" (so an opted-in member
    stays listed nearby): one sweep over this node's connected members every
    ``nearby_seen_every_seconds``, in place of a timer per connection."""

    def __init__(self, deps: Deps, connected: Callable[[], Collection[str]]) -> None:
        self._deps = deps
        self._connected = connected
        super().__init__(
            "marking connected members seen", deps.settings.nearby_seen_every_seconds, self.sweep
        )

    async def sweep(self) -> int:
        return await mark_seen_many(self._deps, list(self._connected()))


def check_may_look(user: User, now: datetime, settings: Settings) -> None:
    """Refuse the nearby list to a caller who may not have one, saying why."""
    if user.band is Band.TEEN and not settings.nearby_teens:
        raise NotAllowed(reason="nearby_teens_off")
    check_can_act(user, now)
    if not user.nearby_visible:
        raise NotAllowed(reason="nearby_opt_in")
    if user.trust_level < settings.nearby_min_trust:
        raise TrustRequired(level=settings.nearby_min_trust)
    if settings.nearby_requires_attestation and not user.age_attested:
        raise AttestationRequired()


def is_listable(user: User, now: datetime, settings: Settings) -> bool:
    """Whether the database row of ``user`` lets them be shown nearby at all
    (who may see them is the access door's question, asked separately)."""
    seen = user.last_seen_at
    if not user.nearby_visible or seen is None or seen <= now - activity_window(settings):
        return False
    if user.band is Band.TEEN and not settings.nearby_teens:
        return False
    if user.trust_level < settings.nearby_min_trust:
        return False
    if settings.nearby_requires_attestation and not user.age_attested:
        return False
    try:
        check_can_act(user, now)  # suspended, banned or muted: not listed
    except CauserieError:
        return False
    return True


async def list_nearby(
    deps: Deps,
    directory: MemberDirectory,
    viewer: Viewer,
    *,
    limit: int = DEFAULT_LIMIT,
    client_ip: str,
) -> list[NearbyMember]:
    """Members of the viewer's band within 100 km of their city, nearest
    bucket first and shuffled within each bucket."""
    settings = deps.settings
    await deps.rate_limit(f"nearby:user:{viewer.id}", settings.nearby_per_user)
    await deps.rate_limit(f"nearby:ip:{client_ip}", settings.nearby_per_ip)
    now = deps.clock.now()
    check_may_look(viewer.user, now, settings)
    if not 1 <= limit <= MAX_LIMIT:
        raise CauserieError("invalid", field="limit")
    await mark_seen(deps, viewer.id, current=viewer.user)
    origin = deps.gazetteer.get(viewer.user.city_id)
    if origin is None:
        return []
    await directory.ready()

    chosen: list[NearbyMember] = []
    considered: set[str] = {viewer.id}
    for _ in range(_MAX_ROUNDS):
        missing = limit - len(chosen)
        candidates = directory.pick(
            viewer.band, origin.id, missing + _MARGIN, _Skip(considered, viewer.hidden)
        )
        if not candidates:
            break
        considered.update(candidate.user_id for candidate in candidates)
        async with deps.uow() as uow:
            rows = await uow.users.get_many([candidate.user_id for candidate in candidates])
        for candidate in candidates:
            member = _checked(deps, viewer, origin, rows.get(candidate.user_id), now)
            if member is not None:
                chosen.append(member)
        if len(chosen) >= limit:
            break
    return _order(chosen)[:limit]


def _checked(
    deps: Deps, viewer: Viewer, origin: City, user: User | None, now: datetime
) -> NearbyMember | None:
    """The line for ``user`` if the database and the access door let the
    viewer see them nearby. The bucket is recomputed from the stored city,
    so a directory entry lagging behind a city change shows nothing wrong."""
    if user is None or user.id == viewer.id or not deps.door.may_see_user(viewer, user):
        return None
    if user.band is not viewer.band or not is_listable(user, now, deps.settings):
        return None
    city = deps.gazetteer.get(user.city_id)
    if city is None:
        return None
    rank = bucket_between(origin, city)
    if rank is None:
        return None
    return NearbyMember(user=user, city=city, distance=BUCKET_LABELS[rank])


def _order(members: Sequence[NearbyMember]) -> list[NearbyMember]:
    """Nearest bucket first; within a bucket a fresh random order, whatever
    order the candidates came in."""
    by_bucket: dict[str, list[NearbyMember]] = {}
    for member in members:
        by_bucket.setdefault(member.distance, []).append(member)
    ordered: list[NearbyMember] = []
    for label in BUCKET_LABELS:
        group = by_bucket.get(label, [])
        _shuffler.shuffle(group)
        ordered.extend(group)
    return ordered


class _Skip:
    """Membership in either of two sets, without copying the larger one."""

    __slots__ = ("_a", "_b")

    def __init__(self, a: Container[str], b: Container[str]) -> None:
        self._a, self._b = a, b

    def __contains__(self, item: object) -> bool:
        return item in self._a or item in self._b
