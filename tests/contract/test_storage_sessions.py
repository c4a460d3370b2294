"""SessionRepo contract, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

from tests.factories import T0, Store, at, make_session, make_user

from causerie.ports import UnitOfWorkFactory


async def test_round_trip_and_lookup(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    user = make_user()
    session = make_session(user, revoked_at=at(5))
    live = make_session(user)
    await store(user, session, live)
    async with uow_factory() as uow:
        assert await uow.sessions.by_token_hash(session.token_hash) == session
        assert await uow.sessions.by_token_hash(live.token_hash) == live
        assert await uow.sessions.by_token_hash("unknown") is None


async def test_revoke_keeps_the_first_time(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    user = make_user()
    session = make_session(user)
    await store(user, session)
    async with uow_factory(write=True) as uow:
        await uow.sessions.revoke(session.id, at(10))
        await uow.sessions.revoke(session.id, at(20))
        await uow.sessions.revoke("unknown", at(20))
        await uow.commit()
    async with uow_factory() as uow:
        got = await uow.sessions.by_token_hash(session.token_hash)
    assert got == dataclasses.replace(session, revoked_at=at(10))


async def test_revoke_all_returns_the_ids_it_revoked(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    user, other = make_user(), make_user()
    live = [make_session(user) for _ in range(3)]
    expired = make_session(user, created_at=at(-100), expires_at=at(-1))
    already = make_session(user, revoked_at=at(1))
    theirs = make_session(other)
    await store(user, other, *live, expired, already, theirs)
    async with uow_factory(write=True) as uow:
        revoked = await uow.sessions.revoke_all(user.id, at(30))
        await uow.commit()
    # Expired-but-unrevoked sessions are revoked (and reported) too.
    assert sorted(revoked) == sorted([s.id for s in live] + [expired.id])
    async with uow_factory(write=True) as uow:
        for s in [*live, expired]:
            got = await uow.sessions.by_token_hash(s.token_hash)
            assert got is not None and got.revoked_at == at(30)
        got = await uow.sessions.by_token_hash(already.token_hash)
        assert got is not None and got.revoked_at == at(1)
        got = await uow.sessions.by_token_hash(theirs.token_hash)
        assert got is not None and got.revoked_at is None
        assert await uow.sessions.revoke_all(user.id, at(40)) == []
        assert await uow.sessions.revoke_all("nobody", T0) == []
