"""Notices: statements of reasons, report and appeal outcomes, safety notes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select

from causerie.domain.moderation import Notice, NoticeKind
from causerie.storage.repos._base import Repo
from causerie.storage.tables import notices


def _notice(row: Row[Any]) -> Notice:
    v = dict(row._mapping)
    v["kind"] = NoticeKind(v["kind"])
    return Notice(**v)


class SqlNoticeRepo(Repo):
    async def add(self, notice: Notice) -> None:
        values = {c.name: getattr(notice, c.name) for c in notices.c}
        await self._conn.execute(notices.insert().values(values))

    async def get(self, notice_id: str) -> Notice | None:
        statement = select(notices).where(notices.c.id == notice_id)
        row = (await self._conn.execute(statement)).first()
        return _notice(row) if row is not None else None

    async def for_user(self, user_id: str, limit: int) -> list[Notice]:
        statement = (
            select(notices)
            .where(notices.c.user_id == user_id)
            .order_by(notices.c.created_at.desc(), notices.c.id.desc())
            .limit(limit)
        )
        return [_notice(row) for row in await self._conn.execute(statement)]
