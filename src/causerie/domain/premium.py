"""Causerie+ — what may be sold, and what never may.

Paid options are where other chat apps sold danger: location change and exact
distance, "see who viewed me", incognito browsing, mass requests to
strangers, safety behind a paywall, gifts and coins between members. The
catalogue below is checked against the never-for-sale list when this module
is imported (``check_catalogue``): a perk that touches other people cannot be
added without the server refusing to start. docs/premium.md explains each
rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from causerie.domain.errors import CauserieError


class Effect(StrEnum):
    """What a perk changes. The first three may be sold; every other one is
    about other people, access or money and never is."""

    # For sale: what one sees of one's own account, one's own comfort, and
    # capacity towards people who already accepted you.
    COSMETIC = "cosmetic"
    COMFORT = "comfort"
    CAPACITY_WITH_CONTACTS = "capacity_with_contacts"
    # Never for sale.
    REQUESTS_TO_STRANGERS = "requests_to_strangers"
    VISIBILITY_OR_RANKING = "visibility_or_ranking"
    LOCATION_OR_DISTANCE = "location_or_distance"
    PROFILE_VIEWERS = "profile_viewers"
    HIDE_FROM_MODERATION_OR_BLOCKS = "hide_from_moderation_or_blocks"
    ROOM_OR_BAND_ACCESS = "room_or_band_access"
    TRUST_LEVEL = "trust_level"
    MEDIA_OR_LINKS_TO_STRANGERS = "media_or_links_to_strangers"
    MONEY_BETWEEN_MEMBERS = "money_between_members"
    SAFETY_CONTROLS = "safety_controls"


FOR_SALE = frozenset({Effect.COSMETIC, Effect.COMFORT, Effect.CAPACITY_WITH_CONTACTS})

# The promise shown on the Causerie+ page, one line per forbidden effect.
NEVER_FOR_SALE: dict[Effect, dict[str, str]] = {
    Effect.REQUESTS_TO_STRANGERS: {
        "fr": "Plus de demandes privées, ou des demandes prioritaires, vers des inconnus",
        "en": "More private requests, or priority requests, to strangers",
    },
    Effect.VISIBILITY_OR_RANKING: {
        "fr": "Être mieux placé ou plus visible dans les salons ou « à proximité »",
        "en": "A better place or more visibility in rooms or 'nearby'",
    },
    Effect.LOCATION_OR_DISTANCE: {
        "fr": "Changer de ville à volonté ou voir des distances plus fines",
        "en": "Changing one's city at will or seeing finer distances",
    },
    Effect.PROFILE_VIEWERS: {
        "fr": "Savoir qui a regardé ton profil",
        "en": "Seeing who viewed your profile",
    },
    Effect.HIDE_FROM_MODERATION_OR_BLOCKS: {
        "fr": "Se cacher des modérateurs ou contourner un blocage",
        "en": "Hiding from moderators or getting around a block",
    },
    Effect.ROOM_OR_BAND_ACCESS: {
        "fr": "L'accès à des salons ou à une autre tranche d'âge",
        "en": "Access to rooms or to another age band",
    },
    Effect.TRUST_LEVEL: {
        "fr": "Sauter les paliers de confiance des nouveaux comptes",
        "en": "Skipping the trust levels of new accounts",
    },
    Effect.MEDIA_OR_LINKS_TO_STRANGERS: {
        "fr": "Envoyer des images ou des liens à des inconnus",
        "en": "Sending images or links to strangers",
    },
    Effect.MONEY_BETWEEN_MEMBERS: {
        "fr": "Des cadeaux, pièces ou transferts d'argent entre membres",
        "en": "Gifts, coins or any transfer of money between members",
    },
    Effect.SAFETY_CONTROLS: {
        "fr": (
            "La sécurité : qui peut t'écrire, bloquer, signaler, exporter ou effacer "
            "tes données restent gratuits"
        ),
        "en": (
            "Safety: who can write to you, blocking, reporting, exporting or erasing "
            "your data stay free"
        ),
    },
}


class Interval(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    interval: Interval
    amount_cents: int  # EUR, tax included
    days: int  # what an operator grant of this plan would last


@dataclass(frozen=True, slots=True)
class Perk:
    id: str
    effect: Effect
    text: dict[str, str]


PLANS: tuple[Plan, ...] = (
    Plan("plus-month", Interval.MONTH, 499, 31),
    Plan("plus-quarter", Interval.QUARTER, 1099, 92),
    Plan("plus-year", Interval.YEAR, 4399, 366),
)

PERKS: tuple[Perk, ...] = (
    Perk(
        "badge",
        Effect.COSMETIC,
        {"fr": "Un badge Causerie+ à côté de ton pseudo", "en": "A Causerie+ badge by your pseudo"},
    ),
    Perk(
        "themes",
        Effect.COMFORT,
        {"fr": "Des thèmes pour l'application web", "en": "Themes for the web app"},
    ),
)


def check_catalogue(perks: tuple[Perk, ...] = PERKS) -> None:
    """Raise ``ValueError`` if any perk has an effect that is never for sale."""
    for perk in perks:
        if perk.effect not in FOR_SALE:
            raise ValueError(f"perk {perk.id!r} is never for sale ({perk.effect.value})")


check_catalogue()


def plan_by_id(plan_id: str) -> Plan | None:
    return next((plan for plan in PLANS if plan.id == plan_id), None)


class Source(StrEnum):
    STRIPE = "stripe"
    OPERATOR = "operator"


@dataclass(frozen=True, slots=True)
class Entitlement:
    """Who has Causerie+, from when to when, from which source. A Stripe
    entitlement mirrors one subscription (``subscription_ref``); its end is
    the paid period's end (plus the grace period while a payment fails)."""

    id: str
    user_id: str
    source: Source
    plan: str | None
    starts_at: datetime
    ends_at: datetime
    updated_at: datetime
    revoked_at: datetime | None = None
    revoke_reason: str | None = None
    cancel_at_period_end: bool = False
    provider_status: str | None = None
    customer_ref: str | None = None
    subscription_ref: str | None = None

    def active(self, now: datetime) -> bool:
        return self.revoked_at is None and self.starts_at <= now < self.ends_at


@dataclass(frozen=True, slots=True)
class Subscription:
    """A provider subscription as the provider states it now: events are
    only a reason to look, never the source of the state."""

    ref: str
    customer_ref: str | None
    user_id: str | None  # the member id given at checkout
    status: str  # active, trialing, past_due, unpaid, canceled, incomplete…
    price_ref: str | None
    period_start: datetime
    period_end: datetime
    cancel_at_period_end: bool


@dataclass(frozen=True, slots=True)
class ProviderObject:
    """What the shop reads of a webhook event's object, the rest ignored.
    References are ids (an expanded object is reduced to its id); None when
    the event's object has no such field."""

    id: str | None = None
    customer: str | None = None
    # Checkout sessions and invoices: the subscription paid for (an invoice
    # may name it only under ``parent.subscription_details``).
    subscription: str | None = None
    charge: str | None = None  # disputes
    client_reference_id: str | None = None  # checkout: the member who paid
    refunded: bool = False  # charges: refunded in full


@dataclass(frozen=True, slots=True)
class ProviderEvent:
    """A verified webhook event: its id (stored once), type and object."""

    id: str
    type: str
    object: ProviderObject


class BadSignature(CauserieError):
    """A webhook whose signature does not match any secret, or is too old."""

    code = "bad_signature"


class NotConfigured(CauserieError):
    """The shop has no provider keys (``make run``): nothing is faked."""

    code = "not_configured"
