"""The ``PaymentProvider`` port over Stripe's official library.

Checkout Sessions sell the subscriptions, the customer portal cancels them,
and the subscription is always read back from Stripe: a webhook only says
"look again" (events arrive out of order and may be replayed). Signatures
are checked on the raw body against every configured secret, so that a
secret can be rotated with both accepted for a while."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
import stripe
from stripe._base_address import BaseAddresses

from causerie.config import Settings
from causerie.domain.errors import CauserieError
from causerie.domain.premium import BadSignature, ProviderEvent, ProviderObject, Subscription

TOLERANCE_SECONDS = 300


def _ts(value: Any) -> datetime:
    return datetime.fromtimestamp(int(value), tz=UTC)


def _get(obj: Any, key: str) -> Any:
    try:
        return obj[key]
    except (KeyError, TypeError):
        return None


def subscription_from(obj: Any) -> Subscription:
    """A ``Subscription`` from Stripe's object. Since API version 2025-03-31
    the period lives on the subscription's items; older versions put it on
    the subscription itself: both are read."""
    items = _get(_get(obj, "items"), "data") or []
    first = items[0] if items else None
    start = _get(first, "current_period_start") or _get(obj, "current_period_start")
    end = _get(first, "current_period_end") or _get(obj, "current_period_end")
    price = _get(_get(first, "price"), "id")
    customer = _get(obj, "customer")
    if customer is not None and not isinstance(customer, str):
        customer = _get(customer, "id")
    metadata = _get(obj, "metadata") or {}
    return Subscription(
        ref=str(obj["id"]),
        customer_ref=customer,
        user_id=_get(metadata, "causerie_user_id"),
        status=str(_get(obj, "status") or "incomplete"),
        price_ref=price,
        period_start=_ts(start or 0),
        period_end=_ts(end or 0),
        cancel_at_period_end=bool(_get(obj, "cancel_at_period_end")),
    )


class StripeGateway:
    def __init__(self, secret_key: str, webhook_secrets: list[str], api_base: str | None) -> None:
        addresses: BaseAddresses = {"api": api_base} if api_base else {}
        # The server only makes async calls (httpx), over one kept pool.
        self._http = stripe.HTTPXClient(allow_sync_methods=False)
        self._client = stripe.StripeClient(
            secret_key, base_addresses=addresses, http_client=self._http, max_network_retries=2
        )
        self._secrets = [s for s in webhook_secrets if s]

    async def aclose(self) -> None:
        await self._http.close_async()  # type: ignore[no-untyped-call]

    def verify(self, payload: bytes, signature: str | None) -> ProviderEvent:
        for secret in self._secrets:
            try:
                stripe.WebhookSignature.verify_header(payload, signature, secret, TOLERANCE_SECONDS)
            except (stripe.SignatureVerificationError, UnicodeDecodeError):
                # A body that is not UTF-8 cannot carry a valid signature.
                continue
            break
        else:
            raise BadSignature()
        try:
            event = orjson.loads(payload)
            return ProviderEvent(
                id=str(event["id"]),
                type=str(event["type"]),
                object=provider_object(dict(event["data"]["object"])),
            )
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise CauserieError("invalid") from exc

    async def checkout_url(
        self, user_id: str, price_ref: str, success_url: str, cancel_url: str
    ) -> str:
        session = await self._client.v1.checkout.sessions.create_async(
            {
                "mode": "subscription",
                "line_items": [{"price": price_ref, "quantity": 1}],
                "client_reference_id": user_id,
                "subscription_data": {"metadata": {"causerie_user_id": user_id}},
                "success_url": success_url,
                "cancel_url": cancel_url,
            }
        )
        return str(session.url)

    async def portal_url(self, customer_ref: str, return_url: str) -> str:
        session = await self._client.v1.billing_portal.sessions.create_async(
            {"customer": customer_ref, "return_url": return_url}
        )
        return str(session.url)

    async def cancel(self, ref: str) -> None:
        """Cancel a subscription now (a refund, an erased account)."""
        try:
            await self._client.v1.subscriptions.cancel_async(ref)
        except stripe.InvalidRequestError:
            return  # already gone

    async def customer_of_charge(self, charge_ref: str) -> str | None:
        try:
            charge = await self._client.v1.charges.retrieve_async(charge_ref)
        except stripe.InvalidRequestError:
            return None
        customer = _get(charge, "customer")
        if customer is not None and not isinstance(customer, str):
            customer = _get(customer, "id")
        return customer if isinstance(customer, str) else None

    async def subscription(self, ref: str) -> Subscription | None:
        try:
            obj = await self._client.v1.subscriptions.retrieve_async(ref)
        except stripe.InvalidRequestError:
            return None
        return subscription_from(obj)

    async def subscriptions(self) -> list[Subscription]:
        found: list[Subscription] = []
        params: dict[str, Any] = {"status": "all", "limit": 100}
        while True:
            page = await self._client.v1.subscriptions.list_async(params)  # type: ignore[arg-type]
            found.extend(subscription_from(obj) for obj in page.data)
            if not page.has_more or not page.data:
                return found
            params["starting_after"] = page.data[-1].id


def payment_provider(settings: Settings) -> StripeGateway | None:
    """Stripe when its keys are set (docs/premium.md); else no shop at all."""
    if not settings.stripe_secret_key or not settings.stripe_webhook_secrets():
        return None
    return StripeGateway(
        settings.stripe_secret_key, settings.stripe_webhook_secrets(), settings.stripe_api_base
    )


def _ref(obj: object, key: str) -> str | None:
    """A reference field: an id, or an expanded object's id."""
    value = obj.get(key) if isinstance(obj, dict) else None
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


def provider_object(obj: dict[str, Any]) -> ProviderObject:
    """The fields the shop reads of a Stripe event's ``data.object``."""
    subscription = _ref(obj, "subscription")
    if subscription is None:
        parent = obj.get("parent")
        details = parent.get("subscription_details") if isinstance(parent, dict) else None
        subscription = _ref(details, "subscription")
    return ProviderObject(
        id=_ref(obj, "id"),
        customer=_ref(obj, "customer"),
        subscription=subscription,
        charge=_ref(obj, "charge"),
        client_reference_id=_ref(obj, "client_reference_id"),
        refunded=obj.get("refunded") is True,
    )
