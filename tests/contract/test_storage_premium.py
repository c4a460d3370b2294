"""PremiumRepo on SQLite and PostgreSQL: entitlements, provider events
stored once, and payment references purged a year after the account closed."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from tests.factories import Store, at, make_user

from causerie.domain.errors import NotFound
from causerie.domain.premium import Entitlement, Source
from causerie.ports import (
    PremiumRepo,
    PremiumUnitOfWork,
    PrivacyUnitOfWork,
    UnitOfWork,
    UnitOfWorkFactory,
)


def premium(uow: UnitOfWork) -> PremiumRepo:
    assert isinstance(uow, PremiumUnitOfWork)
    return uow.premium


def entitlement(user_id: str, n: int, **fields: object) -> Entitlement:
    values: dict[str, object] = {
        "id": f"ent{n}",
        "user_id": user_id,
        "source": Source.STRIPE,
        "plan": "plus-month",
        "starts_at": at(0),
        "ends_at": at(30 * 86400),
        "updated_at": at(0),
        "customer_ref": f"cus_{user_id}",
        "subscription_ref": f"sub_{n}",
    }
    values.update(fields)
    return Entitlement(**values)  # type: ignore[arg-type]


async def test_an_event_is_recorded_once(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory(write=True) as uow:
        assert await premium(uow).add_event("evt_1", "invoice.paid", at(0)) is True
        # The duplicate does not spoil the transaction (a SAVEPOINT on PostgreSQL).
        assert await premium(uow).add_event("evt_1", "invoice.paid", at(1)) is False
        assert await premium(uow).add_event("evt_2", "invoice.paid", at(1)) is True
        await uow.commit()
    async with uow_factory(write=True) as uow:
        assert await premium(uow).add_event("evt_2", "invoice.paid", at(2)) is False


async def test_entitlements_by_subscription_customer_user_and_in_force(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    alice, bob = make_user(), make_user()
    await store(alice, bob)
    old = entitlement(alice.id, 1, ends_at=at(10), starts_at=at(-100))
    current = entitlement(alice.id, 2, starts_at=at(5))
    operator = entitlement(
        bob.id, 3, source=Source.OPERATOR, customer_ref=None, subscription_ref=None
    )
    async with uow_factory(write=True) as uow:
        for e in (old, current, operator):
            await premium(uow).add(e)
        await uow.commit()
    async with uow_factory(write=True) as uow:
        repo = premium(uow)
        assert await repo.by_subscription("sub_2") == current
        assert await repo.by_subscription("sub_404") is None
        assert [e.id for e in await repo.by_customer(f"cus_{alice.id}")] in (
            ["ent1", "ent2"],
            ["ent2", "ent1"],
        )
        assert [e.id for e in await repo.for_user(alice.id)] == ["ent2", "ent1"]
        assert [e.id for e in await repo.active(at(20))] == ["ent2", "ent3"]
        assert [e.id for e in await repo.with_subscription()] in (
            ["ent1", "ent2"],
            ["ent2", "ent1"],
        )
        changed = await repo.update("ent2", revoked_at=at(21), revoke_reason="refund")
        assert changed.revoked_at == at(21)
        assert changed.source is Source.STRIPE
        assert changed == dataclasses.replace(current, revoked_at=at(21), revoke_reason="refund")
        with pytest.raises(NotFound):
            await repo.update("ent404", revoked_at=at(21))
        # Its identity is not a patch's to change (mypy refuses it first).
        with pytest.raises(TypeError):
            await repo.update("ent2", user_id=bob.id)  # type: ignore[call-arg]
        with pytest.raises(TypeError):
            await repo.update("ent2", subscription_ref="sub_9")  # type: ignore[call-arg]
        await uow.commit()
    async with uow_factory() as uow:
        assert [e.id for e in await premium(uow).active(at(22))] == ["ent3"]


async def test_payment_references_go_with_the_closed_accounts_identification(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    closed, open_ = make_user(), make_user()
    await store(closed, open_)
    async with uow_factory(write=True) as uow:
        await premium(uow).add(entitlement(closed.id, 1))
        await premium(uow).add(entitlement(open_.id, 2))
        await premium(uow).add_event("evt_old", "invoice.paid", at(0))
        assert isinstance(uow, PrivacyUnitOfWork)
        await uow.privacy.keep_identification(closed, at(10))
        await uow.commit()
    async with uow_factory(write=True) as uow:
        assert isinstance(uow, PrivacyUnitOfWork)
        # The cutoff is "a year ago": a record closed after it is kept. Event
        # ids carry nothing personal; they go once older than the cutoff.
        kept = await uow.privacy.purge_expired(at(10) - timedelta(seconds=1), 100)
        assert kept["payment_references"] == 0
        assert kept["payment_events"] == 1
        purged = await uow.privacy.purge_expired(at(11), 100)
        assert purged["payment_references"] == 1
        assert purged["identification_records"] == 1
        await uow.commit()
    async with uow_factory() as uow:
        assert await premium(uow).for_user(closed.id) == []
        assert [e.id for e in await premium(uow).for_user(open_.id)] == ["ent2"]
