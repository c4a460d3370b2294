"""The hash-chained audit log. Appends are serialised: on PostgreSQL by a
transaction-scoped advisory lock (held until commit, so two nodes never
chain after the same entry), on SQLite by the write lock every write unit
of work already holds. The primary key on ``seq`` and the unique
``prev_hash`` would reject a fork anyway."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Row, select, text, update

from causerie.domain.audit import AuditEntry, AuditPayload, chain_entry
from causerie.storage.repos._base import Repo
from causerie.storage.tables import audit_head, audit_log

# pg_advisory_xact_lock key for the audit chain ("audit" in ASCII).
_PG_AUDIT_LOCK = 0x6175646974


def _entry(row: Row[Any]) -> AuditEntry:
    v = dict(row._mapping)
    v["payload"] = orjson.loads(v["payload"])
    return AuditEntry(**v)


class SqlAuditRepo(Repo):
    async def append(
        self, *, at: str, actor: str, action: str, subject: str, payload: AuditPayload
    ) -> AuditEntry:
        if self._conn.dialect.name == "postgresql":
            await self._conn.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_AUDIT_LOCK}
            )
        newest = (
            await self._conn.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1))
        ).first()
        previous = _entry(newest) if newest is not None else None
        entry = chain_entry(
            previous, at=at, actor=actor, action=action, subject=subject, payload=payload
        )
        values = {c.name: getattr(entry, c.name) for c in audit_log.c}
        values["payload"] = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS).decode()
        await self._conn.execute(audit_log.insert().values(values))
        moved = await self._conn.execute(
            update(audit_head)
            .where(audit_head.c.id == 1)
            .values(seq=entry.seq, hash=entry.hash)
            .returning(audit_head.c.id)
        )
        if moved.first() is None:
            await self._conn.execute(
                audit_head.insert().values(id=1, seq=entry.seq, hash=entry.hash)
            )
        return entry

    async def entries(self) -> list[AuditEntry]:
        statement = select(audit_log).order_by(audit_log.c.seq)
        return [_entry(row) for row in await self._conn.execute(statement)]

    async def about(self, subject: str) -> list[AuditEntry]:
        statement = (
            select(audit_log).where(audit_log.c.subject == subject).order_by(audit_log.c.seq)
        )
        return [_entry(row) for row in await self._conn.execute(statement)]

    async def latest(self, action: str) -> AuditEntry | None:
        # From the newest back along the primary key: when the action is
        # recent (a daily job), only the last entries are read.
        statement = (
            select(audit_log)
            .where(audit_log.c.action == action)
            .order_by(audit_log.c.seq.desc())
            .limit(1)
        )
        row = (await self._conn.execute(statement)).first()
        return _entry(row) if row is not None else None

    async def head(self) -> tuple[int, str] | None:
        row = (await self._conn.execute(select(audit_head).where(audit_head.c.id == 1))).first()
        return (int(row.seq), str(row.hash)) if row is not None else None
