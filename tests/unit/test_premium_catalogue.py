"""The never-for-sale rule holds over the catalogue (docs/premium.md)."""

from __future__ import annotations

import asyncio

import pytest

from causerie.domain.events import Event, UserFrame
from causerie.domain.premium import (
    FOR_SALE,
    NEVER_FOR_SALE,
    PERKS,
    Effect,
    Perk,
    check_catalogue,
)
from causerie.realtime.broker import InMemoryBroker
from causerie.realtime.taps import UserFrameTap
from causerie.services.premium_cache import EntitlementCache


def test_every_perk_on_sale_is_cosmetic_comfort_or_capacity_with_contacts() -> None:
    assert PERKS
    assert {perk.effect for perk in PERKS} <= FOR_SALE
    check_catalogue()


@pytest.mark.parametrize("effect", sorted(set(Effect) - FOR_SALE))
def test_a_perk_about_other_people_access_or_money_is_refused(effect: Effect) -> None:
    forbidden = Perk("sneaky", effect, {"fr": "x", "en": "x"})
    with pytest.raises(ValueError, match="never for sale"):
        check_catalogue((*PERKS, forbidden))


def test_the_promise_names_every_forbidden_effect_in_both_languages() -> None:
    assert set(NEVER_FOR_SALE) == set(Effect) - FOR_SALE
    for texts in NEVER_FOR_SALE.values():
        assert texts["fr"] and texts["en"]


async def test_a_premium_frame_from_any_node_drops_the_cached_status() -> None:
    cache = EntitlementCache()
    cache.put("u1", [])
    cache.put("u2", [])
    seen: list[Event] = []
    tap = UserFrameTap(InMemoryBroker(), "premium", cache.forget, cache.clear)

    async def handler(event: Event) -> None:
        seen.append(event)

    async def resync() -> None:
        return None

    await tap.start(handler, resync)
    await tap.publish(UserFrame("u1", {"type": "premium", "user": "u1"}))
    await tap.publish(UserFrame("u2", {"type": "notice"}))
    for _ in range(10):
        if len(seen) == 2:
            break
        await asyncio.sleep(0.01)
    await tap.stop()
    assert cache.get("u1") is None
    assert cache.get("u2") == []
    assert len(seen) == 2  # the hub still gets both frames
