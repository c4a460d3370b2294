"""Login sessions, looked up by the SHA-256 of their bearer token."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, update

from causerie.domain.models import Session
from causerie.storage.repos._base import Repo
from causerie.storage.tables import sessions


def _session(row: Row[Any]) -> Session:
    return Session(**row._mapping)


class SqlSessionRepo(Repo):
    async def add(self, session: Session) -> None:
        values = {c.name: getattr(session, c.name) for c in sessions.c}
        await self._conn.execute(sessions.insert().values(values))

    async def by_token_hash(self, token_hash: str) -> Session | None:
        """The session whatever its state: expiry and revocation are the
        caller's decision."""
        statement = select(sessions).where(sessions.c.token_hash == token_hash)
        row = (await self._conn.execute(statement)).first()
        return _session(row) if row is not None else None

    async def revoke(self, session_id: str, at: datetime) -> None:
        """Mark revoked at ``at``; an earlier revocation time is kept."""
        await self._conn.execute(
            update(sessions)
            .where(sessions.c.id == session_id, sessions.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    async def revoke_all(self, user_id: str, at: datetime) -> list[str]:
        """Revoke every session of a user not yet revoked and return their ids.

        Expired-but-unrevoked sessions are included on purpose: revoking them
        is harmless, and a socket still open on one must be closed too."""
        statement = (
            update(sessions)
            .where(sessions.c.user_id == user_id, sessions.c.revoked_at.is_(None))
            .values(revoked_at=at)
            .returning(sessions.c.id)
        )
        return sorted((await self._conn.execute(statement)).scalars())
