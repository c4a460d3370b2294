"""Messages the safety filter held for review."""

from __future__ import annotations

from typing import Any, Unpack

import orjson
from sqlalchemy import Row, select, update

from causerie.domain.errors import CauserieError, NotFound
from causerie.domain.moderation import HeldMessage, HeldState
from causerie.ports import HeldMessagePatch
from causerie.storage.repos._base import Repo, check_fields, insert_or_explain
from causerie.storage.tables import held_messages


def _held(row: Row[Any]) -> HeldMessage:
    v = dict(row._mapping)
    v["reasons"] = tuple(orjson.loads(v["reasons"]))
    v["state"] = HeldState(v["state"])
    return HeldMessage(**v)


class _Duplicate(CauserieError):
    code = "duplicate_client_id"


class SqlHeldMessageRepo(Repo):
    async def add(self, held: HeldMessage) -> HeldMessage:
        values = {c.name: getattr(held, c.name) for c in held_messages.c}
        values["reasons"] = orjson.dumps(list(held.reasons)).decode()

        async def explain() -> CauserieError | None:
            return _Duplicate()

        try:
            await insert_or_explain(self._conn, held_messages.insert().values(values), explain)
        except _Duplicate:
            statement = select(held_messages).where(
                held_messages.c.author_id == held.author_id,
                held_messages.c.client_id == held.client_id,
            )
            row = (await self._conn.execute(statement)).first()
            if row is None:
                raise
            return _held(row)
        return held

    async def get(self, held_id: str) -> HeldMessage | None:
        statement = select(held_messages).where(held_messages.c.id == held_id)
        row = (await self._conn.execute(statement)).first()
        return _held(row) if row is not None else None

    async def update(self, held_id: str, **fields: Unpack[HeldMessagePatch]) -> HeldMessage:
        check_fields(HeldMessage, fields, {"id", "author_id", "client_id"})
        values: dict[str, Any] = dict(fields)
        if "reasons" in values:
            values["reasons"] = orjson.dumps(list(values["reasons"])).decode()
        statement = (
            update(held_messages)
            .where(held_messages.c.id == held_id)
            .values(values)
            .returning(*held_messages.c)
        )
        row = (await self._conn.execute(statement)).first()
        if row is None:
            raise NotFound(held_id=held_id)
        return _held(row)
