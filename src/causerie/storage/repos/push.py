"""Web Push subscriptions, one row per device (docs/web-client.md)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from causerie.domain.push import PushSubscription
from causerie.storage.repos._base import Repo
from causerie.storage.tables import push_subscriptions


def _row(r: Any) -> PushSubscription:
    return PushSubscription(**{**r._mapping, "at_night": bool(r.at_night)})


class SqlPushRepo(Repo):
    async def save(self, subscription: PushSubscription) -> PushSubscription:
        # Delete then insert, inside the caller's write transaction: the
        # endpoint is unique, whoever held it before.
        await self._conn.execute(
            delete(push_subscriptions).where(push_subscriptions.c.endpoint == subscription.endpoint)
        )
        await self._conn.execute(
            push_subscriptions.insert().values(
                {c.name: getattr(subscription, c.name) for c in push_subscriptions.c}
            )
        )
        return subscription

    async def for_user(self, user_id: str) -> list[PushSubscription]:
        statement = (
            select(push_subscriptions)
            .where(push_subscriptions.c.user_id == user_id)
            .order_by(push_subscriptions.c.created_at, push_subscriptions.c.id)
        )
        return [_row(r) for r in await self._conn.execute(statement)]

    async def delete(self, endpoint: str, user_id: str | None = None) -> bool:
        statement = delete(push_subscriptions).where(push_subscriptions.c.endpoint == endpoint)
        if user_id is not None:
            statement = statement.where(push_subscriptions.c.user_id == user_id)
        result = await self._conn.execute(statement)
        return bool(result.rowcount)

    async def delete_for_user(self, user_id: str) -> int:
        statement = delete(push_subscriptions).where(push_subscriptions.c.user_id == user_id)
        return int((await self._conn.execute(statement)).rowcount)
