"""Round trips per request, counted on the engine (tests/support/statements.py):
lists read their related rows in one statement, not one per item, and an
authenticated request opens one read unit of work for who is calling. On
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from causerie.domain.bands import Band
from causerie.domain.ids import new_id
from causerie.domain.moderation import Notice, NoticeKind
from tests.factories import make_conversation, make_dm_room
from tests.harness import Server, live_server, signup
from tests.harness import test_settings as settings_for
from tests.support.statements import counting

ITEMS = 5


@pytest.fixture
async def quiet_server(tmp_path: Path, migrated_database_url: str) -> AsyncIterator[Server]:
    # Background jobs that read on their own schedule are pushed far away:
    # only the request under test reaches the database while it is counted.
    settings = settings_for(
        tmp_path, migrated_database_url, gap_sweep_seconds=3600, outbox_poll_seconds=3600
    )
    async with live_server(settings) as live:
        yield live


async def test_notice_list_reads_appeals_in_one_statement(quiet_server: Server) -> None:
    member = await signup(quiet_server)
    deps = quiet_server.app.state.deps
    async with deps.uow(write=True) as uow:
        for n in range(ITEMS):
            await uow.notices.add(
                Notice(
                    id=new_id(),
                    user_id=member.id,
                    kind=NoticeKind.SANCTION,
                    created_at=datetime(2026, 1, 1, n, tzinfo=UTC),
                    text=f"sanction {n}",
                    appealable=True,
                )
            )
        await uow.commit()
    with counting() as seen:
        listed = (await member.http.get("/api/v1/notices")).json()
    assert len(listed) == ITEMS and all(n["appealable"] for n in listed)
    assert len(seen.reading("cases")) == 1, seen.reading("cases")


async def test_conversation_list_reads_rooms_in_one_statement(quiet_server: Server) -> None:
    member = await signup(quiet_server)
    others = [await signup(quiet_server) for _ in range(ITEMS)]
    deps = quiet_server.app.state.deps
    async with deps.uow(write=True) as uow:
        me = await uow.users.get(member.id)
        for other in others:
            them = await uow.users.get(other.id)
            room = make_dm_room(bands=frozenset({Band(member.user["band"])}))
            await uow.rooms.add(room)
            await uow.conversations.add(make_conversation(room, me, them))
        await uow.commit()
    with counting() as seen:
        listed = (await member.http.get("/api/v1/conversations")).json()
    assert len(listed) == ITEMS
    assert len(seen.reading("rooms")) == 1, seen.reading("rooms")


async def test_an_authenticated_request_reads_who_is_calling_once(quiet_server: Server) -> None:
    member = await signup(quiet_server)
    await member.http.get("/api/v1/conversations")  # the session's touch is behind us
    with counting() as seen:
        assert (await member.http.get("/api/v1/conversations")).status_code == 200
    # Who is calling (session, account, blocks) in one read unit of work,
    # the list in another: two, not three.
    assert seen.checkouts == 2, seen.sql
