"""Causerie+: selling, provisioning and checking the paid options.

Nothing here reads or changes what a member may do to or see of other
people: perks are cosmetic or comfort (domain/premium.py refuses anything
else at import). Payment is the provider's; the provider's webhooks only
tell us to look again at a subscription, whose state we read from the
provider (events come out of order and may be replayed)."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from causerie.domain.bands import Band
from causerie.domain.errors import Conflict, Invalid, NotAllowed, NotFound
from causerie.domain.events import UserFrame
from causerie.domain.models import User
from causerie.domain.premium import (
    NEVER_FOR_SALE,
    PERKS,
    PLANS,
    Entitlement,
    NotConfigured,
    ProviderEvent,
    Source,
    Subscription,
    plan_by_id,
)
from causerie.domain.times import rfc3339
from causerie.ports import PaymentProvider, PremiumUnitOfWork, StorageUnitOfWork, UnitOfWork
from causerie.services import audit
from causerie.services.deps import Deps

# Statuses in which the member keeps the perks (past_due: within the grace).
log = logging.getLogger(__name__)

_LIVE = {"active", "trialing", "past_due"}
FRAME_TYPE = "premium"


@dataclass(frozen=True, slots=True)
class PremiumStatus:
    plan: str | None
    until: datetime
    cancel_at_period_end: bool
    source: Source

    def as_json(self) -> dict[str, object]:
        return {
            "plan": self.plan,
            "until": rfc3339(self.until),
            "cancel_at_period_end": self.cancel_at_period_end,
        }


def _premium(uow: StorageUnitOfWork) -> PremiumUnitOfWork:
    return uow


def current(entitlements: list[Entitlement], now: datetime) -> PremiumStatus | None:
    """The status in force. Perks last as long as the longest active
    entitlement, but a running paid subscription is what the member manages
    (its plan, its renewal): it is shown even beside a longer operator grant."""
    live = [e for e in entitlements if e.active(now)]
    if not live:
        return None
    until = max(e.ends_at for e in live)
    paid = [e for e in live if e.source is Source.STRIPE]
    shown = max(paid, key=lambda e: e.ends_at) if paid else max(live, key=lambda e: e.ends_at)
    return PremiumStatus(shown.plan, until, shown.cancel_at_period_end, shown.source)


async def status_of(deps: Deps, user_id: str) -> PremiumStatus | None:
    """The one feature check: what Causerie+ the member has now, if any."""
    cache = deps.premium_cache
    found = cache.get(user_id) if cache is not None else None
    if found is None:
        async with deps.uow() as uow:
            found = await _premium(uow).premium.for_user(user_id)
        if cache is not None:
            cache.put(user_id, found)
    return current(found, deps.clock.now())


async def has_perk(deps: Deps, user_id: str, perk: str) -> bool:
    if perk not in {p.id for p in PERKS}:
        raise ValueError(f"unknown perk {perk!r}")
    return await status_of(deps, user_id) is not None


def _price_refs(deps: Deps) -> dict[str, str]:
    return deps.settings.stripe_price_map()


def offer(deps: Deps, language: str) -> dict[str, object]:
    """``GET /premium``: the plans, their perks, the never-for-sale promise."""
    lang = language if language in ("fr", "en") else "fr"
    prices = _price_refs(deps)
    return {
        "configured": deps.payments is not None and bool(prices),
        "plans": [
            {
                "id": plan.id,
                "interval": plan.interval.value,
                "price": {"amount": plan.amount_cents, "currency": "EUR"},
                "perks": [perk.id for perk in PERKS],
                "available": plan.interval.value in prices,
            }
            for plan in PLANS
        ],
        "perks": [{"id": p.id, "kind": p.effect.value, "text": p.text[lang]} for p in PERKS],
        "never_for_sale": [texts[lang] for texts in NEVER_FOR_SALE.values()],
    }


def _check_may_buy(user: User) -> None:
    # Minors cannot enter a contract for a subscription here, and nothing
    # paid ever crosses age bands: a 15-17 account cannot buy.
    if user.band is Band.TEEN:
        raise NotAllowed(reason="minor")


def _check_may_subscribe(user: User) -> None:
    """A subscriber must be able to come back to cancel: a guest whose
    session ends could never sign in again to reach the portal."""
    _check_may_buy(user)
    if not user.has_password:
        raise NotAllowed(reason="password_required")


def _provider(deps: Deps) -> PaymentProvider:
    if deps.payments is None or not _price_refs(deps):
        raise NotConfigured()
    return deps.payments


async def checkout(deps: Deps, user: User, plan_id: str) -> str:
    """The provider's checkout page for ``plan_id``."""
    provider = _provider(deps)
    _check_may_subscribe(user)
    async with deps.uow() as uow:
        mine = await _premium(uow).premium.for_user(user.id)
    now = deps.clock.now()
    if any(e.source is Source.STRIPE and e.active(now) for e in mine):
        # One subscription at a time: a second would bill twice, under a
        # second customer the portal could not reach.
        raise Conflict("already_subscribed")
    plan = plan_by_id(plan_id)
    if plan is None:
        raise Invalid(field="plan")
    price = _price_refs(deps).get(plan.interval.value)
    if price is None:
        raise Invalid(field="plan")
    await deps.rate_limit(f"checkout:{user.id}", (10, 3600.0))
    base = deps.settings.public_url.rstrip("/")
    return await provider.checkout_url(
        user.id, price, f"{base}/#/plus?paid=1", f"{base}/#/plus?cancelled=1"
    )


async def portal(deps: Deps, user: User) -> str:
    """The provider's customer portal (manage, cancel) for this member."""
    provider = _provider(deps)
    async with deps.uow() as uow:
        entitlements = await _premium(uow).premium.for_user(user.id)
    customer = next((e.customer_ref for e in entitlements if e.customer_ref), None)
    if customer is None:
        raise NotFound()
    base = deps.settings.public_url.rstrip("/")
    return await provider.portal_url(customer, f"{base}/#/plus")


def _grace(deps: Deps) -> timedelta:
    return timedelta(days=deps.settings.premium_grace_days)


def _plan_for_price(deps: Deps, price_ref: str | None) -> str | None:
    for interval, ref in _price_refs(deps).items():
        if ref == price_ref:
            return next((p.id for p in PLANS if p.interval.value == interval), None)
    return None


async def _apply_subscription(
    deps: Deps, uow: PremiumUnitOfWork, sub: Subscription, user_hint: str | None
) -> Entitlement | None:
    """Make the entitlement mirror the subscription as the provider states it."""
    now = deps.clock.now()
    existing = await uow.premium.by_subscription(sub.ref)
    user_id = existing.user_id if existing is not None else (sub.user_id or user_hint)
    if user_id is None:
        return None
    user = await uow.users.get(user_id)
    if user is None:
        return None
    ends = sub.period_end
    if sub.status == "past_due":
        ends = sub.period_end + _grace(deps)
    elif sub.status not in _LIVE:
        # canceled, unpaid, incomplete_expired…: the perks end now, or at the
        # end of the period already paid when that is earlier.
        ends = min(sub.period_end, now)
    plan = _plan_for_price(deps, sub.price_ref)
    starts = min(sub.period_start, now)
    if existing is not None:
        if existing.revoked_at is not None:
            return existing  # a refund or dispute ended it for good
        return await uow.premium.update(
            existing.id,
            ends_at=ends,
            starts_at=starts,
            cancel_at_period_end=sub.cancel_at_period_end,
            provider_status=sub.status,
            customer_ref=sub.customer_ref,
            plan=plan,
            updated_at=now,
        )
    if user.band is Band.TEEN:
        return None  # never provisioned to a minor, whatever was paid
    entitlement = Entitlement(
        id=secrets.token_hex(12),
        user_id=user_id,
        source=Source.STRIPE,
        plan=plan,
        starts_at=starts,
        ends_at=ends,
        updated_at=now,
        cancel_at_period_end=sub.cancel_at_period_end,
        provider_status=sub.status,
        customer_ref=sub.customer_ref,
        subscription_ref=sub.ref,
    )
    await uow.premium.add(entitlement)
    return entitlement


async def _end_for_customer(
    deps: Deps, uow: PremiumUnitOfWork, customer_ref: str, reason: str
) -> list[Entitlement]:
    now = deps.clock.now()
    ended = []
    for entitlement in await uow.premium.by_customer(customer_ref):
        if entitlement.revoked_at is None:
            ended.append(
                await uow.premium.update(
                    entitlement.id, revoked_at=now, revoke_reason=reason, updated_at=now
                )
            )
    return ended


async def handle_webhook(deps: Deps, payload: bytes, signature: str | None) -> bool:
    """Verify, store the event id once, provision in the same transaction.
    False when the event was already processed (a redelivery: nothing done)."""
    provider = deps.payments
    if provider is None:
        raise NotConfigured()
    event = provider.verify(payload, signature)
    sub = await _subscription_behind(provider, event)
    # A dispute names the charge, not the customer: ask the provider.
    charge = event.object.charge if event.type == "charge.dispute.created" else None
    disputed = await provider.customer_of_charge(charge) if charge else None
    async with deps.uow(write=True) as base:
        uow = _premium(base)
        if not await uow.premium.add_event(event.id, event.type, deps.clock.now()):
            return False
        changed = await _provision(deps, uow, event, sub, disputed)
        for entitlement in changed:
            _announce(uow, entitlement.user_id)
        await uow.commit()
    # Perks ended by a refund or a dispute: the provider must stop billing too,
    # or the next renewal would charge for nothing.
    for entitlement in changed:
        if entitlement.revoked_at is not None and entitlement.subscription_ref:
            await provider.cancel(entitlement.subscription_ref)
    return True


async def stop_billing(deps: Deps, user_id: str, reason: str) -> int:
    """Cancel every running subscription of ``user_id`` at the provider and
    end its perks (an erased account cannot come back to the portal). Best
    effort: the caller's own work is done whatever happens here."""
    provider = deps.payments
    now = deps.clock.now()
    async with deps.uow() as base:
        mine = await _premium(base).premium.for_user(user_id)
    running = [e for e in mine if e.subscription_ref and e.revoked_at is None and e.ends_at > now]
    if not running:
        return 0
    if provider is None:
        log.error("account %s has a running subscription and no provider keys are set", user_id)
        return 0
    for entitlement in running:
        assert entitlement.subscription_ref is not None
        await provider.cancel(entitlement.subscription_ref)
    async with deps.uow(write=True) as base:
        uow = _premium(base)
        for entitlement in running:
            await uow.premium.update(
                entitlement.id, revoked_at=now, revoke_reason=reason, updated_at=now
            )
        await audit.record(
            uow,
            now,
            actor="system",
            action="premium_cancelled",
            subject=user_id,
            payload={"subscriptions": len(running), "reason": reason},
        )
        await uow.commit()
    return len(running)


async def _subscription_behind(
    provider: PaymentProvider, event: ProviderEvent
) -> Subscription | None:
    """Read, from the provider, the subscription an event is about (before
    the write transaction: no network wait while holding the write lock)."""
    obj = event.object
    ref: str | None = None
    if event.type.startswith("customer.subscription."):
        ref = obj.id
    elif event.type == "checkout.session.completed" or event.type.startswith("invoice."):
        ref = obj.subscription
    return await provider.subscription(ref) if ref else None


async def _provision(
    deps: Deps,
    uow: PremiumUnitOfWork,
    event: ProviderEvent,
    sub: Subscription | None,
    disputed: str | None,
) -> list[Entitlement]:
    obj = event.object
    if event.type in ("charge.refunded", "charge.dispute.created"):
        customer = obj.customer if event.type == "charge.refunded" else disputed
        reason = "refund" if event.type == "charge.refunded" else "dispute"
        if event.type == "charge.refunded" and not obj.refunded:
            return []  # a partial refund (a gesture) leaves the subscription as it is
        ended = await _end_for_customer(deps, uow, customer, reason) if customer else []
        for entitlement in ended:
            await audit.record(
                uow,
                deps.clock.now(),
                actor="provider",
                action=f"premium_{reason}",
                subject=entitlement.user_id,
                payload={"entitlement": entitlement.id},
            )
        return ended
    if sub is None:
        return []
    hint = obj.client_reference_id if event.type == "checkout.session.completed" else None
    applied = await _apply_subscription(deps, uow, sub, hint)
    return [applied] if applied is not None else []


def _announce(uow: UnitOfWork, user_id: str) -> None:
    # The frame refreshes the member's screens and, through every node's
    # broker tap, drops the cached status (EntitlementCache).
    frame = {"type": FRAME_TYPE, "user": user_id}
    uow.publish(UserFrame(user_id, frame))


async def grant(deps: Deps, user: User, days: int, operator: str) -> Entitlement:
    """An operator's grant (``causerie premium grant``), audited."""
    _check_may_buy(user)
    if not 1 <= days <= 3660:
        raise Invalid(field="days")
    now = deps.clock.now()
    entitlement = Entitlement(
        id=secrets.token_hex(12),
        user_id=user.id,
        source=Source.OPERATOR,
        plan=None,
        starts_at=now,
        ends_at=now + timedelta(days=days),
        updated_at=now,
    )
    async with deps.uow(write=True) as base:
        uow = _premium(base)
        await uow.premium.add(entitlement)
        await audit.record(
            uow,
            now,
            actor=operator,
            action="premium_grant",
            subject=user.id,
            payload={"days": days},
        )
        _announce(uow, user.id)
        await uow.commit()
    return entitlement


async def revoke(deps: Deps, user: User, operator: str) -> int:
    """End every entitlement of ``user`` now (``causerie premium revoke``)."""
    now = deps.clock.now()
    async with deps.uow(write=True) as base:
        uow = _premium(base)
        revoked = 0
        for entitlement in await uow.premium.for_user(user.id):
            if entitlement.revoked_at is None and entitlement.ends_at > now:
                await uow.premium.update(
                    entitlement.id, revoked_at=now, revoke_reason="operator", updated_at=now
                )
                revoked += 1
        await audit.record(
            uow,
            now,
            actor=operator,
            action="premium_revoke",
            subject=user.id,
            payload={"entitlements": revoked},
        )
        _announce(uow, user.id)
        await uow.commit()
    return revoked


async def active(deps: Deps) -> list[Entitlement]:
    async with deps.uow() as base:
        return await _premium(base).premium.active(deps.clock.now())


@dataclass(frozen=True, slots=True)
class Reconciliation:
    checked: int
    corrected: list[str]


async def reconcile(deps: Deps) -> Reconciliation:
    """Compare every provider entitlement with the provider's subscription
    and correct ours (a lost webhook, a change made in the provider's
    dashboard). The provider is the truth for what was paid."""
    provider = _provider(deps)
    async with deps.uow() as base:
        ours = await _premium(base).premium.with_subscription()
    theirs = {sub.ref: sub for sub in await provider.subscriptions()}
    corrected: list[str] = []
    async with deps.uow(write=True) as base:
        uow = _premium(base)
        known = {e.subscription_ref for e in ours}
        for missing in theirs.values():
            # Paid, but its checkout webhook never arrived.
            if missing.ref in known or missing.status not in _LIVE or missing.user_id is None:
                continue
            if await uow.premium.by_subscription(missing.ref) is not None:
                continue  # revoked (refund, dispute): not to be revived
            if await _apply_subscription(deps, uow, missing, None) is not None:
                corrected.append(missing.user_id)
        for entitlement in ours:
            sub = theirs.get(entitlement.subscription_ref or "")
            before = (entitlement.ends_at, entitlement.provider_status)
            if sub is None:
                now = deps.clock.now()
                if entitlement.ends_at > now:
                    await uow.premium.update(
                        entitlement.id, ends_at=now, provider_status="missing", updated_at=now
                    )
                    corrected.append(entitlement.user_id)
                continue
            after = await _apply_subscription(deps, uow, sub, None)
            if after is not None and (after.ends_at, after.provider_status) != before:
                corrected.append(entitlement.user_id)
        for user_id in corrected:
            _announce(uow, user_id)
        await uow.commit()
    return Reconciliation(len(ours), corrected)
