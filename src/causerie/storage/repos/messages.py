"""Messages, addressed by (room, seq) for history and by (author, client_id)
for idempotent retries."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, and_, bindparam, func, select, tuple_

from causerie.domain.errors import CauserieError, Conflict
from causerie.domain.models import Message
from causerie.storage.repos._base import Repo, insert_or_explain
from causerie.storage.tables import messages

# Two bound parameters per key: stay far below SQLite's 32,766.
_KEY_CHUNK = 200

# The statements of a group-commit batch, built once: building a statement
# and its cache key costs about 150 µs of Python each time, a prebuilt one's
# key is memoised (docs/benchmarks.md, session 7). ``expanding`` takes a list.
_BY_CLIENT_IDS = select(messages).where(
    tuple_(messages.c.author_id, messages.c.client_id).in_(bindparam("keys", expanding=True))
)
_INSERT = messages.insert()
_COLUMNS = tuple(c.name for c in messages.c)


def _message(row: Row[Any]) -> Message:
    return Message(**row._mapping)


class SqlMessageRepo(Repo):
    async def add(self, message: Message) -> None:
        """Insert; raises ``Conflict('duplicate_client_id')`` on (author, client_id)."""
        values = {c.name: getattr(message, c.name) for c in messages.c}

        async def explain() -> CauserieError | None:
            original = await self.by_client_id(message.author_id, message.client_id)
            return Conflict("duplicate_client_id") if original is not None else None

        await insert_or_explain(self._conn, messages.insert().values(values), explain)

    async def get(self, message_id: str) -> Message | None:
        statement = select(messages).where(messages.c.id == message_id)
        row = (await self._conn.execute(statement)).first()
        return _message(row) if row is not None else None

    async def by_client_id(self, author_id: str, client_id: str) -> Message | None:
        statement = select(messages).where(
            messages.c.author_id == author_id, messages.c.client_id == client_id
        )
        row = (await self._conn.execute(statement)).first()
        return _message(row) if row is not None else None

    async def by_client_ids(
        self, keys: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], Message]:
        found: dict[tuple[str, str], Message] = {}
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), _KEY_CHUNK):
            chunk = wanted[start : start + _KEY_CHUNK]
            for row in await self._conn.execute(_BY_CLIENT_IDS, {"keys": chunk}):
                message = _message(row)
                found[(message.author_id, message.client_id)] = message
        return found

    async def add_many(self, batch: Sequence[Message]) -> None:
        if not batch:
            return
        rows = [{name: getattr(message, name) for name in _COLUMNS} for message in batch]
        await self._conn.execute(_INSERT, rows)

    async def after(self, room_id: str, after_seq: int, upto_seq: int, limit: int) -> list[Message]:
        """Messages with ``after_seq < seq <= upto_seq``, ascending, at most ``limit``."""
        if limit <= 0 or upto_seq <= after_seq:
            return []
        statement = (
            select(messages)
            .where(
                messages.c.room_id == room_id,
                messages.c.seq > after_seq,
                messages.c.seq <= upto_seq,
            )
            .order_by(messages.c.seq)
            .limit(limit)
        )
        return [_message(row) for row in await self._conn.execute(statement)]

    async def before(self, room_id: str, before_seq: int | None, limit: int) -> list[Message]:
        """The ``limit`` newest messages with ``seq < before_seq`` (all when None),
        returned ascending (newest last)."""
        if limit <= 0:
            return []
        statement = select(messages).where(messages.c.room_id == room_id)
        if before_seq is not None:
            statement = statement.where(messages.c.seq < before_seq)
        statement = statement.order_by(messages.c.seq.desc()).limit(limit)
        newest_first = [_message(row) for row in await self._conn.execute(statement)]
        newest_first.reverse()
        return newest_first

    async def search(
        self, room_ids: Collection[str], needle: str, limit: int, hidden: Collection[str]
    ) -> list[Message]:
        """LIKE on both engines (ILIKE on PostgreSQL, lower() LIKE lower() on
        SQLite): a scan of the rooms' messages, fine at first (docs/protocol.md)."""
        ids = list(room_ids)
        if not ids or limit <= 0:
            return []
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = (
            select(messages)
            .where(
                messages.c.room_id.in_(ids),
                messages.c.deleted.is_(False),
                messages.c.text.ilike(f"%{escaped}%", escape="\\"),
            )
            .order_by(messages.c.created_at.desc(), messages.c.seq.desc())
            .limit(limit)
        )
        if hidden:
            statement = statement.where(messages.c.author_id.not_in(list(hidden)))
        return [_message(row) for row in await self._conn.execute(statement)]

    async def latest(self, room_ids: Collection[str]) -> dict[str, Message]:
        """One query for every room (the conversation list): the highest seq
        not removed per room, joined back on the (room_id, seq) index."""
        ids = list(room_ids)
        if not ids:
            return {}
        newest = (
            select(messages.c.room_id, func.max(messages.c.seq).label("seq"))
            .where(messages.c.room_id.in_(ids), messages.c.deleted.is_(False))
            .group_by(messages.c.room_id)
            .subquery()
        )
        statement = select(messages).join(
            newest, and_(messages.c.room_id == newest.c.room_id, messages.c.seq == newest.c.seq)
        )
        return {str(row.room_id): _message(row) for row in await self._conn.execute(statement)}

    async def activity(
        self, room_ids: Collection[str], since: datetime
    ) -> dict[str, tuple[int, datetime]]:
        """Two index walks per room on (room_id, seq), from the newest end:
        seqs grow with time, so the newest message older than ``since`` bounds
        the recent ones without reading the room's whole history."""
        out: dict[str, tuple[int, datetime]] = {}
        for room_id in room_ids:
            newest = (
                await self._conn.execute(
                    select(messages.c.seq, messages.c.created_at)
                    .where(messages.c.room_id == room_id)
                    .order_by(messages.c.seq.desc())
                    .limit(1)
                )
            ).first()
            if newest is None:
                continue
            older = await self._conn.scalar(
                select(messages.c.seq)
                .where(messages.c.room_id == room_id, messages.c.created_at < since)
                .order_by(messages.c.seq.desc())
                .limit(1)
            )
            out[room_id] = (int(newest.seq) - int(older or 0), newest.created_at)
        return out
