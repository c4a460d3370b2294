"""The event outbox: what operator commands publish, waiting for a server
to take it (storage/outbox.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, exists, select

from causerie.storage.repos._base import Repo
from causerie.storage.tables import event_outbox


class SqlOutboxRepo(Repo):
    async def add_many(self, at: datetime, payloads: Sequence[str]) -> None:
        if payloads:
            await self._conn.execute(
                event_outbox.insert(), [{"created_at": at, "payload": p} for p in payloads]
            )

    async def pending(self) -> bool:
        """Whether anything waits (a read: no write lock when nothing does)."""
        return bool(await self._conn.scalar(select(exists().select_from(event_outbox))))

    async def take(self, limit: int) -> list[tuple[datetime, str]]:
        """Delete and return up to ``limit`` of the oldest rows, oldest first.
        Deleting is claiming: of two servers taking at once, each row goes
        to exactly one (the other's delete finds it gone)."""
        oldest = select(event_outbox.c.id).order_by(event_outbox.c.id).limit(limit)
        rows = await self._conn.execute(
            delete(event_outbox)
            .where(event_outbox.c.id.in_(oldest.scalar_subquery()))
            .returning(event_outbox.c.id, event_outbox.c.created_at, event_outbox.c.payload)
        )
        return [(r.created_at, r.payload) for r in sorted(rows, key=lambda r: r.id)]
