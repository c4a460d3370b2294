"""Blocks between users. ``hidden_for`` feeds every visibility decision."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, delete, select, union
from sqlalchemy.exc import IntegrityError

from causerie.domain.models import Block
from causerie.storage.repos._base import Repo
from causerie.storage.tables import blocks, users

_WITH_PSEUDO = select(
    blocks.c.blocker_id,
    blocks.c.blocked_id,
    blocks.c.created_at,
    users.c.pseudo.label("blocked_pseudo"),
).join(users, users.c.id == blocks.c.blocked_id)


def _block(row: Row[Any, Any, Any, Any]) -> Block:
    return Block(**row._mapping)


class SqlBlockRepo(Repo):
    async def add(self, block: Block) -> Block:
        """Insert or return the existing block (idempotent). The result
        carries the blocked user's current pseudo and, when the block already
        existed, its original ``created_at``."""
        existing = await self._get(block.blocker_id, block.blocked_id)
        if existing is not None:
            return existing
        values = {
            "blocker_id": block.blocker_id,
            "blocked_id": block.blocked_id,
            "created_at": block.created_at,
        }
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(blocks.insert().values(values))
        except IntegrityError:
            # A concurrent transaction (PostgreSQL) inserted it first; anything
            # else, such as an unknown user, is not ours to hide.
            existing = await self._get(block.blocker_id, block.blocked_id)
            if existing is None:
                raise
            return existing
        stored = await self._get(block.blocker_id, block.blocked_id)
        if stored is None:  # cannot happen: inserted just above, in this transaction
            raise RuntimeError("block vanished inside its own transaction")
        return stored

    async def remove(self, blocker_id: str, blocked_id: str) -> bool:
        """Remove a block; ``False`` when there was none."""
        statement = (
            delete(blocks)
            .where(blocks.c.blocker_id == blocker_id, blocks.c.blocked_id == blocked_id)
            .returning(blocks.c.blocker_id)
        )
        return (await self._conn.execute(statement)).first() is not None

    async def list_by(self, blocker_id: str) -> list[Block]:
        """The blocks a user made, newest first."""
        statement = _WITH_PSEUDO.where(blocks.c.blocker_id == blocker_id).order_by(
            blocks.c.created_at.desc(), blocks.c.blocked_id
        )
        return [_block(row) for row in await self._conn.execute(statement)]

    async def hidden_for(self, user_id: str) -> frozenset[str]:
        """Every user blocked by, or blocking, ``user_id``."""
        statement = union(
            select(blocks.c.blocked_id).where(blocks.c.blocker_id == user_id),
            select(blocks.c.blocker_id).where(blocks.c.blocked_id == user_id),
        )
        return frozenset((await self._conn.execute(statement)).scalars())

    async def _get(self, blocker_id: str, blocked_id: str) -> Block | None:
        statement = _WITH_PSEUDO.where(
            blocks.c.blocker_id == blocker_id, blocks.c.blocked_id == blocked_id
        )
        row = (await self._conn.execute(statement)).first()
        return _block(row) if row is not None else None
