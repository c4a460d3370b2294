"""Helpers shared by the repositories."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import fields
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from causerie.domain.errors import CauserieError


class Repo:
    """A repository bound to the connection (and open transaction) of one
    unit of work."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn


async def insert_or_explain(
    conn: AsyncConnection,
    statement: Executable,
    explain: Callable[[], Awaitable[CauserieError | None]],
) -> None:
    """Run an insert inside a SAVEPOINT; on an integrity error ask ``explain``
    which domain error it means (``None``: not one we know, re-raise).

    The SAVEPOINT matters on PostgreSQL: a failed statement otherwise aborts
    the whole transaction, and the caller usually wants to read the row that
    won in the same unit of work."""
    try:
        async with conn.begin_nested():
            await conn.execute(statement)
    except IntegrityError as exc:
        error = await explain()
        if error is None:
            raise
        raise error from exc


def check_fields(cls: type[Any], given: Mapping[str, object], forbidden: set[str]) -> None:
    """Refuse unknown or read-only fields passed to an ``update``."""
    known = {f.name for f in fields(cls)}
    unknown = set(given) - known
    if unknown:
        raise TypeError(f"unknown {cls.__name__} field(s): {sorted(unknown)}")
    refused = set(given) & forbidden
    if refused:
        raise TypeError(f"{cls.__name__} field(s) not updatable here: {sorted(refused)}")
