"""UserRepo contract, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest
from tests.factories import T0, at, make_user

from causerie.domain.bands import Band
from causerie.domain.errors import Conflict, NotFound
from causerie.domain.models import AccountStatus, DmPolicy, Gender, Role, User
from causerie.ports import UnitOfWorkFactory


def _every_field_set() -> User:
    """A user whose every field differs from its default."""
    return make_user(
        gender=Gender.NONBINARY,
        age=16,
        band=Band.TEEN,
        city_id="3038354",
        created_at=T0,
        trust_level=3,
        role=Role.MODERATOR,
        status=AccountStatus.SUSPENDED,
        status_until=at(3600),
        muted_until=at(60),
        has_password=True,
        email="someone@example.org",
        nearby_visible=True,
        dm_requests=DmPolicy.NOBODY,
        bio="Bonjour à tous — ça va ? 🙂",
        language="en",
        age_attested=True,
        city_changed_at=at(-86400),
        message_count=42,
    )


def _assert_utc(value: datetime | None) -> None:
    assert value is not None
    assert value.tzinfo is not None and value.utcoffset() == timedelta(0)


async def test_round_trip_every_field(uow_factory: UnitOfWorkFactory) -> None:
    user = _every_field_set()
    async with uow_factory(write=True) as uow:
        await uow.users.add(user, password_hash="argon2$hash")
        await uow.commit()
    async with uow_factory() as uow:
        got = await uow.users.get(user.id)
        assert await uow.users.password_hash(user.id) == "argon2$hash"
    assert got == user
    assert got is not None
    for name in ("created_at", "status_until", "muted_until", "city_changed_at"):
        _assert_utc(getattr(got, name))
    assert isinstance(got.gender, Gender) and isinstance(got.band, Band)


async def test_defaults_round_trip(uow_factory: UnitOfWorkFactory) -> None:
    user = make_user()
    async with uow_factory(write=True) as uow:
        await uow.users.add(user)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) == user
        assert await uow.users.password_hash(user.id) is None


async def test_other_time_zones_come_back_as_utc(uow_factory: UnitOfWorkFactory) -> None:
    paris_summer = timezone(timedelta(hours=2))
    created = datetime(2026, 7, 14, 22, 0, tzinfo=paris_summer)
    user = make_user(created_at=created)
    async with uow_factory(write=True) as uow:
        await uow.users.add(user)
        await uow.commit()
    async with uow_factory() as uow:
        got = await uow.users.get(user.id)
    assert got is not None
    assert got.created_at == created
    assert got.created_at.tzinfo == UTC
    assert got.created_at.hour == 20


async def test_naive_datetimes_are_refused(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory(write=True) as uow:
        with pytest.raises(Exception, match="naive datetime"):
            await uow.users.add(make_user(created_at=datetime(2026, 1, 1)))


async def test_pseudo_key_taken_is_a_conflict_and_uow_stays_usable(
    uow_factory: UnitOfWorkFactory,
) -> None:
    first = make_user(pseudo_key="camille")
    second = make_user(pseudo="CAMILLE", pseudo_key="camille")
    async with uow_factory(write=True) as uow:
        await uow.users.add(first)
        with pytest.raises(Conflict) as raised:
            await uow.users.add(second)
        assert raised.value.code == "pseudo_taken"
        # The transaction survived the failed insert: read and write on.
        assert await uow.users.by_pseudo_key("camille") == first
        third = make_user()
        await uow.users.add(third)
        await uow.commit()
    async with uow_factory() as uow:
        assert set(await uow.users.get_many([first.id, second.id, third.id])) == {
            first.id,
            third.id,
        }


async def test_has_password_needs_a_hash(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory(write=True) as uow:
        with pytest.raises(ValueError, match="password_hash"):
            await uow.users.add(make_user(has_password=True))


async def test_get_missing_and_get_many(uow_factory: UnitOfWorkFactory) -> None:
    users = [make_user() for _ in range(3)]
    async with uow_factory(write=True) as uow:
        for user in users:
            await uow.users.add(user)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.users.get("nobody") is None
        assert await uow.users.by_pseudo_key("nobody") is None
        assert await uow.users.password_hash("nobody") is None
        assert await uow.users.get_many([]) == {}
        wanted = [users[2].id, "nobody", users[0].id, users[0].id]
        assert await uow.users.get_many(wanted) == {users[0].id: users[0], users[2].id: users[2]}
        many = await uow.users.get_many([f"x{i}" for i in range(1200)] + [users[1].id])
        assert many == {users[1].id: users[1]}


async def test_set_password(uow_factory: UnitOfWorkFactory) -> None:
    user = make_user()
    async with uow_factory(write=True) as uow:
        await uow.users.add(user)
        await uow.users.set_password(user.id, "hash1", "a@example.org")
        await uow.commit()
    async with uow_factory(write=True) as uow:
        got = await uow.users.get(user.id)
        assert got is not None and got.has_password and got.email == "a@example.org"
        assert await uow.users.password_hash(user.id) == "hash1"
        await uow.users.set_password(user.id, "hash2", None)
        got = await uow.users.get(user.id)
        assert got is not None and got.email is None
        assert await uow.users.password_hash(user.id) == "hash2"
        with pytest.raises(NotFound):
            await uow.users.set_password("nobody", "h", None)


async def test_update_returns_the_new_row(uow_factory: UnitOfWorkFactory) -> None:
    user = make_user()
    async with uow_factory(write=True) as uow:
        await uow.users.add(user, password_hash="h")
        updated = await uow.users.update(
            user.id,
            pseudo="Renamed",
            status=AccountStatus.BANNED,
            status_until=at(99),
            dm_requests="nobody",
            bio="new bio",
        )
        await uow.commit()
    expected = dataclasses.replace(
        user,
        pseudo="Renamed",
        status=AccountStatus.BANNED,
        status_until=at(99),
        dm_requests=DmPolicy.NOBODY,
        bio="new bio",
        has_password=True,
    )
    assert updated == expected
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) == expected


async def test_update_can_clear_and_refuses_bad_fields(uow_factory: UnitOfWorkFactory) -> None:
    user = make_user(muted_until=at(10), email="e@example.org")
    async with uow_factory(write=True) as uow:
        await uow.users.add(user, password_hash="h")
        cleared = await uow.users.update(user.id, muted_until=None, has_password=False, email=None)
        assert cleared.muted_until is None and cleared.email is None
        assert not cleared.has_password
        assert await uow.users.password_hash(user.id) is None
        assert await uow.users.update(user.id) == cleared
        for bad in ({"id": "x"}, {"pseudo_key": "x"}, {"no_such_field": 1}):
            with pytest.raises(TypeError):
                await uow.users.update(user.id, **bad)
        with pytest.raises(ValueError, match="set_password"):
            await uow.users.update(user.id, has_password=True)
        with pytest.raises(Exception, match="not a valid Role"):
            await uow.users.update(user.id, role="emperor")
        with pytest.raises(NotFound):
            await uow.users.update("nobody", bio="x")


async def test_count_message(uow_factory: UnitOfWorkFactory) -> None:
    user = make_user(message_count=5)
    async with uow_factory(write=True) as uow:
        await uow.users.add(user)
        await uow.users.count_message(user.id)
        await uow.users.count_message(user.id)
        await uow.commit()
    async with uow_factory() as uow:
        got = await uow.users.get(user.id)
    assert got is not None and got.message_count == 7
    async with uow_factory(write=True) as uow:
        with pytest.raises(NotFound):
            await uow.users.count_message("nobody")


async def test_nearby_listed_selects_opted_in_recent_members(
    uow_factory: UnitOfWorkFactory,
) -> None:
    from datetime import UTC, datetime, timedelta

    from tests.factories import make_user

    now = datetime(2026, 11, 29, 12, tzinfo=UTC)
    listed = make_user(nearby_visible=True, last_seen_at=now - timedelta(minutes=5))
    stale = make_user(nearby_visible=True, last_seen_at=now - timedelta(hours=2))
    hidden = make_user(nearby_visible=False, last_seen_at=now)
    never = make_user(nearby_visible=True)
    async with uow_factory(write=True) as uow:
        for user in (listed, stale, hidden, never):
            await uow.users.add(user)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.users.nearby_listed(now - timedelta(minutes=30))
    assert [u.id for u in found] == [listed.id]
