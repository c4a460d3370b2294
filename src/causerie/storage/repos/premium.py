"""Causerie+ entitlements and the provider events already processed."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Unpack

from sqlalchemy import Row, insert, select, update
from sqlalchemy.exc import IntegrityError

from causerie.domain.errors import NotFound
from causerie.domain.premium import Entitlement, Source
from causerie.ports import EntitlementPatch
from causerie.storage.repos._base import Repo, check_fields
from causerie.storage.tables import entitlements, payment_events


def _entitlement(row: Row[Any]) -> Entitlement:
    values = dict(row._mapping)
    values["source"] = Source(values["source"])
    return Entitlement(**values)


class SqlPremiumRepo(Repo):
    async def add_event(self, event_id: str, event_type: str, at: datetime) -> bool:
        """Record a provider event; False when it was recorded before (a
        redelivery). Inside a SAVEPOINT so that PostgreSQL's transaction
        survives the duplicate."""
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(
                    insert(payment_events).values(
                        event_id=event_id, type=event_type, received_at=at
                    )
                )
        except IntegrityError:
            return False
        return True

    async def add(self, entitlement: Entitlement) -> None:
        values = {c.name: getattr(entitlement, c.name) for c in entitlements.c}
        values["source"] = entitlement.source.value
        await self._conn.execute(entitlements.insert().values(values))

    async def update(self, entitlement_id: str, **fields: Unpack[EntitlementPatch]) -> Entitlement:
        check_fields(Entitlement, fields, {"id", "user_id", "source", "subscription_ref"})
        statement = (
            update(entitlements)
            .where(entitlements.c.id == entitlement_id)
            .values(dict(fields))
            .returning(*entitlements.c)
        )
        row = (await self._conn.execute(statement)).first()
        if row is None:
            raise NotFound("entitlement")
        return _entitlement(row)

    async def by_subscription(self, subscription_ref: str) -> Entitlement | None:
        statement = select(entitlements).where(entitlements.c.subscription_ref == subscription_ref)
        row = (await self._conn.execute(statement)).first()
        return _entitlement(row) if row is not None else None

    async def by_customer(self, customer_ref: str) -> list[Entitlement]:
        statement = select(entitlements).where(entitlements.c.customer_ref == customer_ref)
        return [_entitlement(r) for r in await self._conn.execute(statement)]

    async def for_user(self, user_id: str) -> list[Entitlement]:
        """Every entitlement of a user, newest first."""
        statement = (
            select(entitlements)
            .where(entitlements.c.user_id == user_id)
            .order_by(entitlements.c.starts_at.desc(), entitlements.c.id)
        )
        return [_entitlement(r) for r in await self._conn.execute(statement)]

    async def active(self, now: datetime) -> list[Entitlement]:
        """Entitlements in force at ``now`` (the operator's list)."""
        statement = (
            select(entitlements)
            .where(
                entitlements.c.revoked_at.is_(None),
                entitlements.c.starts_at <= now,
                entitlements.c.ends_at > now,
            )
            .order_by(entitlements.c.ends_at, entitlements.c.id)
        )
        return [_entitlement(r) for r in await self._conn.execute(statement)]

    async def with_subscription(self) -> list[Entitlement]:
        """Every provider entitlement not revoked (the reconciliation's input)."""
        statement = select(entitlements).where(
            entitlements.c.subscription_ref.is_not(None), entitlements.c.revoked_at.is_(None)
        )
        return [_entitlement(r) for r in await self._conn.execute(statement)]
