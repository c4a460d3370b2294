"""The audit chain in storage, on SQLite and PostgreSQL: appends chain,
concurrent appends never fork, and verification catches raw-SQL tampering."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from causerie.domain.audit import GENESIS, verify_chain
from causerie.ports import UnitOfWorkFactory
from causerie.storage.uow import SqlUnitOfWorkFactory


async def _append(uow_factory: UnitOfWorkFactory, n: int) -> None:
    async with uow_factory(write=True) as uow:
        await uow.audit.append(
            at=f"2026-01-01T00:00:{n:02d}.000000Z",
            actor="test",
            action="case.warn",
            subject=f"case:{n}",
            payload={"n": n, "texte": "accentué"},
        )
        await uow.commit()


async def test_appends_chain_and_verify(uow_factory: UnitOfWorkFactory) -> None:
    for n in range(3):
        await _append(uow_factory, n)
    async with uow_factory() as uow:
        entries = await uow.audit.entries()
        head = await uow.audit.head()
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS
    assert head == (3, entries[-1].hash)
    assert verify_chain(entries, head) == (3, None)
    assert entries[1].payload == {"n": 1, "texte": "accentué"}


async def test_concurrent_appends_do_not_fork(uow_factory: UnitOfWorkFactory) -> None:
    await asyncio.gather(*(_append(uow_factory, n) for n in range(12)))
    async with uow_factory() as uow:
        entries = await uow.audit.entries()
        head = await uow.audit.head()
    assert [e.seq for e in entries] == list(range(1, 13))
    assert verify_chain(entries, head)[1] is None


async def test_rolled_back_append_leaves_nothing(uow_factory: UnitOfWorkFactory) -> None:
    await _append(uow_factory, 1)
    async with uow_factory(write=True) as uow:
        await uow.audit.append(at="x", actor="a", action="b", subject="c", payload={})
        # no commit
    async with uow_factory() as uow:
        entries = await uow.audit.entries()
        head = await uow.audit.head()
    assert len(entries) == 1 and verify_chain(entries, head)[1] is None


async def test_raw_sql_edit_is_detected(uow_factory: UnitOfWorkFactory) -> None:
    for n in range(3):
        await _append(uow_factory, n)
    assert isinstance(uow_factory, SqlUnitOfWorkFactory)
    async with uow_factory.engine.begin() as conn:
        await conn.execute(text("UPDATE audit_log SET subject = 'case:forged' WHERE seq = 2"))
    async with uow_factory() as uow:
        entries = await uow.audit.entries()
        head = await uow.audit.head()
    count, fault = verify_chain(entries, head)
    assert count == 1 and fault is not None and fault.seq == 2


async def test_entries_about_one_subject(uow_factory: UnitOfWorkFactory) -> None:
    for n in (1, 2, 1, 3, 1):
        await _append(uow_factory, n)
    async with uow_factory() as uow:
        about = await uow.audit.about("case:1")
        assert await uow.audit.about("case:none") == []
    assert [e.seq for e in about] == [1, 3, 5]
    assert {e.subject for e in about} == {"case:1"}
