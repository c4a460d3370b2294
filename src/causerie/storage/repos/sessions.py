"""Login sessions, looked up by the SHA-256 of their bearer token."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, select, update

from causerie.domain.models import Session
from causerie.storage.repos._base import Repo
from causerie.storage.tables import sessions, ws_tickets


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

    async def get(self, session_id: str) -> Session | None:
        row = (
            await self._conn.execute(select(sessions).where(sessions.c.id == session_id))
        ).first()
        return _session(row) if row is not None else None

    async def live_of(self, user_id: str, now: datetime) -> list[Session]:
        """A user's sessions neither revoked nor expired, most recently used first."""
        statement = (
            select(sessions)
            .where(
                sessions.c.user_id == user_id,
                sessions.c.revoked_at.is_(None),
                sessions.c.expires_at > now,
            )
            .order_by(
                func.coalesce(sessions.c.last_seen_at, sessions.c.created_at).desc(),
                sessions.c.id,
            )
        )
        return [_session(row) for row in await self._conn.execute(statement)]

    async def touch(self, session_id: str, at: datetime, user_agent: str | None = None) -> None:
        values: dict[str, Any] = {"last_seen_at": at}
        if user_agent is not None:
            values["user_agent"] = user_agent
        await self._conn.execute(update(sessions).where(sessions.c.id == session_id).values(values))

    async def add_ticket(
        self, ticket_hash: str, session_id: str, expires_at: datetime, now: datetime
    ) -> None:
        # Expired tickets are swept here: the table only holds the last minute's.
        await self._conn.execute(delete(ws_tickets).where(ws_tickets.c.expires_at <= now))
        await self._conn.execute(
            ws_tickets.insert().values(
                ticket_hash=ticket_hash, session_id=session_id, expires_at=expires_at
            )
        )

    async def consume_ticket(self, ticket_hash: str, now: datetime) -> str | None:
        """Delete the ticket and return its session id if it was unexpired:
        one DELETE, so two nodes redeeming the same ticket cannot both win."""
        statement = (
            delete(ws_tickets)
            .where(ws_tickets.c.ticket_hash == ticket_hash)
            .returning(ws_tickets.c.session_id, ws_tickets.c.expires_at)
        )
        row = (await self._conn.execute(statement)).first()
        if row is None or row.expires_at <= now:
            return None
        return str(row.session_id)
