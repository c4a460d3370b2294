"""Rooms (public and private) and their message sequence counter."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Unpack

from sqlalchemy import Row, bindparam, select, update

from causerie.domain.errors import CauserieError, Conflict, NotFound
from causerie.domain.models import Room, RoomKind
from causerie.ports import RoomPatch
from causerie.storage.repos._base import Repo, check_fields, insert_or_explain
from causerie.storage.tables import rooms

# The statements of a group-commit batch, built once: building a statement
# and its cache key costs about 150 µs of Python each time, a prebuilt one's
# key is memoised (docs/benchmarks.md, session 7). ``expanding`` takes a list.
_LOCK_MANY = (
    select(rooms)
    .where(rooms.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(rooms.c.id)
    .with_for_update()
)
_SET_LAST_SEQ = (
    update(rooms)
    .where(rooms.c.id == bindparam("room_id"))
    .values(last_seq=bindparam("new_last_seq"))
)


def _room(row: Row[Any]) -> Room:
    return Room(**row._mapping)


class SqlRoomRepo(Repo):
    async def add(self, room: Room) -> None:
        """Insert; raises ``Conflict('room_exists')`` when the slug is taken —
        also by another transaction that committed meanwhile (two workers
        seeding an empty database at once)."""
        values = {c.name: getattr(room, c.name) for c in rooms.c}

        async def explain() -> CauserieError | None:
            if room.slug is not None and await self.by_slug(room.slug) is not None:
                return Conflict("room_exists")
            return None

        await insert_or_explain(self._conn, rooms.insert().values(values), explain)

    async def get(self, room_id: str) -> Room | None:
        row = (await self._conn.execute(select(rooms).where(rooms.c.id == room_id))).first()
        return _room(row) if row is not None else None

    async def get_many(self, room_ids: Collection[str]) -> dict[str, Room]:
        if not room_ids:
            return {}
        statement = select(rooms).where(rooms.c.id.in_(list(room_ids)))
        return {room.id: room for room in map(_room, await self._conn.execute(statement))}

    async def by_slug(self, slug: str) -> Room | None:
        row = (await self._conn.execute(select(rooms).where(rooms.c.slug == slug))).first()
        return _room(row) if row is not None else None

    async def list_public(self, include_archived: bool = False) -> list[Room]:
        """Public rooms ordered by name (then id, for a stable order)."""
        statement = select(rooms).where(rooms.c.kind == RoomKind.PUBLIC)
        if not include_archived:
            statement = statement.where(rooms.c.archived.is_(False))
        statement = statement.order_by(rooms.c.name, rooms.c.id)
        return [_room(row) for row in await self._conn.execute(statement)]

    async def update(self, room_id: str, **fields: Unpack[RoomPatch]) -> Room:
        """Set ``Room`` fields; ``id`` and ``last_seq`` (see ``next_seq``) excluded."""
        check_fields(Room, fields, {"id", "last_seq"})
        statement = update(rooms).where(rooms.c.id == room_id).returning(*rooms.c)
        statement = statement.values(fields) if fields else statement.values(id=rooms.c.id)
        row = (await self._conn.execute(statement)).first()
        if row is None:
            raise NotFound(room_id=room_id)
        return _room(row)

    async def next_seq(self, room_id: str) -> int:
        """Atomically ``last_seq += 1`` and return it.

        The UPDATE row-locks the room until commit on PostgreSQL (a concurrent
        sender waits, then reads the new value); on SQLite the whole database
        is write-locked by ``BEGIN IMMEDIATE``. Either way seqs commit in order
        and a rolled-back send gives its seq back."""
        statement = (
            update(rooms)
            .where(rooms.c.id == room_id)
            .values(last_seq=rooms.c.last_seq + 1)
            .returning(rooms.c.last_seq)
        )
        seq: int | None = (await self._conn.execute(statement)).scalar_one_or_none()
        if seq is None:
            raise NotFound(room_id=room_id)
        return seq

    async def lock_many(self, room_ids: Collection[str]) -> dict[str, Room]:
        """Rooms among ``room_ids``, row-locked until commit on PostgreSQL
        (SQLAlchemy leaves ``FOR UPDATE`` out on SQLite, whose writer already
        holds the database since ``BEGIN IMMEDIATE``)."""
        wanted = sorted(set(room_ids))  # one lock order for every node: no deadlock
        if not wanted:
            return {}
        result = await self._conn.execute(_LOCK_MANY, {"ids": wanted})
        return {room.id: room for room in map(_room, result)}

    async def heads(self, room_ids: Collection[str]) -> dict[str, int]:
        wanted = sorted(set(room_ids))
        if not wanted:
            return {}
        statement = select(rooms.c.id, rooms.c.last_seq).where(rooms.c.id.in_(wanted))
        return {row.id: row.last_seq for row in await self._conn.execute(statement)}

    async def set_last_seqs(self, last_seqs: Mapping[str, int]) -> None:
        if not last_seqs:
            return
        rows = [{"room_id": k, "new_last_seq": v} for k, v in last_seqs.items()]
        await self._conn.execute(_SET_LAST_SEQ, rows)
