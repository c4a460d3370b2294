"""SQLite's ``query_only`` flag is set per transaction kind, and only when it
changes: a writer after a writer on the same connection issues no PRAGMA
(one trip to the driver's thread less), while a reader still cannot write."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from causerie.storage.engine import make_engine
from causerie.storage.uow import make_uow_factory


@pytest.mark.parametrize("database_kind", ["sqlite"], indirect=True)
async def test_query_only_is_issued_only_when_it_changes(migrated_database_url: str) -> None:
    # One pooled connection: every unit of work below reuses it.
    engine = make_engine(migrated_database_url, pool_size=1, max_overflow=0)
    statements: list[str] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    uow = make_uow_factory(engine)
    try:
        kinds = [True, True, False, False, True]  # write, write, read, read, write
        pragmas = []
        for write in kinds:
            statements.clear()
            async with uow(write=write) as unit:
                await unit.rooms.list_public()
                await unit.commit()
            pragmas.append([s for s in statements if s.startswith("PRAGMA query_only")])
        assert pragmas[1] == [] and pragmas[3] == []  # same kind again: nothing
        assert pragmas[2] == ["PRAGMA query_only=1"] and pragmas[4] == ["PRAGMA query_only=0"]
        async with uow() as reader:  # a reader still refuses a write
            with pytest.raises(Exception, match=r"readonly|read-only|query_only"):
                await reader.users.count_messages({"nobody": 1})
    finally:
        await engine.dispose()
