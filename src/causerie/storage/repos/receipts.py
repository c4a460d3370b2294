"""Delivered/read positions in private conversations, and each member's
read-receipts choice (docs/protocol.md, "Delivered and read")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from causerie.storage.repos._base import Repo
from causerie.storage.tables import conversation_reads, receipt_prefs


class SqlReceiptRepo(Repo):
    async def positions(self, room_id: str) -> dict[str, tuple[int, int]]:
        """Per member of the room: (delivered seq, read seq)."""
        statement = select(
            conversation_reads.c.user_id,
            conversation_reads.c.delivered_seq,
            conversation_reads.c.read_seq,
        ).where(conversation_reads.c.room_id == room_id)
        rows = (await self._conn.execute(statement)).all()
        return {str(r.user_id): (int(r.delivered_seq), int(r.read_seq)) for r in rows}

    async def advance(
        self, room_id: str, user_id: str, delivered: int, read: int, at: datetime
    ) -> tuple[int, int]:
        """Move the member's positions forward (never back); returns the
        positions now stored. Inside a write transaction."""
        current = (await self.positions(room_id)).get(user_id, (0, 0))
        new = (max(current[0], delivered, read), max(current[1], read))
        if new == current:
            return current
        insert = postgresql_insert if self._conn.dialect.name == "postgresql" else sqlite_insert
        statement = insert(conversation_reads).values(
            room_id=room_id, user_id=user_id, delivered_seq=new[0], read_seq=new[1], updated_at=at
        )
        statement = statement.on_conflict_do_update(
            index_elements=["room_id", "user_id"],
            set_={"delivered_seq": new[0], "read_seq": new[1], "updated_at": at},
        )
        await self._conn.execute(statement)
        return new

    async def read_receipts(self, user_ids: Iterable[str]) -> dict[str, bool]:
        """Each member's choice; members who never chose are left out (on)."""
        ids = list(user_ids)
        statement = select(receipt_prefs.c.user_id, receipt_prefs.c.read_receipts).where(
            receipt_prefs.c.user_id.in_(ids)
        )
        return {str(r.user_id): bool(r.read_receipts) for r in await self._conn.execute(statement)}

    async def set_read_receipts(self, user_id: str, on: bool, at: datetime) -> None:
        insert = postgresql_insert if self._conn.dialect.name == "postgresql" else sqlite_insert
        statement = insert(receipt_prefs).values(user_id=user_id, read_receipts=on, updated_at=at)
        statement = statement.on_conflict_do_update(
            index_elements=["user_id"], set_={"read_receipts": on, "updated_at": at}
        )
        await self._conn.execute(statement)
