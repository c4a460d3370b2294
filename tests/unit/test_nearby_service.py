"""The pure parts of ``services.nearby``: who may look, who may be listed,
the presence event, and the order of a list."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.factories import make_user

from causerie.config import Settings
from causerie.domain.bands import Band
from causerie.domain.errors import AttestationRequired, CauserieError, NotAllowed, TrustRequired
from causerie.domain.models import AccountStatus, City, User
from causerie.services.nearby import (
    NearbyMember,
    _order,
    check_may_look,
    is_listable,
    presence_of,
)

NOW = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
LYON = City("2996944", "Lyon", "Auvergne-Rhône-Alpes", "France", 500_000, 45.75, 4.85)


def active(**fields: Any) -> User:
    values: dict[str, Any] = {"nearby_visible": True, "last_seen_at": NOW, "age": 30}
    values.update(fields)
    return make_user(**values)


def test_who_may_look() -> None:
    settings = Settings()
    check_may_look(active(), NOW, settings)
    cases: list[tuple[dict[str, Any], Settings, type[CauserieError], str]] = [
        ({"nearby_visible": False}, settings, NotAllowed, "not_allowed"),
        ({"age": 16, "band": Band.TEEN}, settings, NotAllowed, "not_allowed"),
        ({"muted_until": NOW + timedelta(hours=1)}, settings, CauserieError, "muted"),
        ({"status": AccountStatus.BANNED}, settings, CauserieError, "account_suspended"),
        ({}, Settings(nearby_min_trust=2), TrustRequired, "trust_required"),
        (
            {},
            Settings(nearby_requires_attestation=True),
            AttestationRequired,
            "attestation_required",
        ),
    ]
    for fields, rules, error, code in cases:
        with pytest.raises(error) as raised:
            check_may_look(active(**fields), NOW, rules)
        assert raised.value.code == code, fields
    teen = active(age=16, band=Band.TEEN)
    check_may_look(teen, NOW, Settings(nearby_teens=True))


def test_who_may_be_listed() -> None:
    settings = Settings()
    assert is_listable(active(), NOW, settings)
    stale = NOW - timedelta(minutes=settings.nearby_active_minutes)
    for fields in (
        {"nearby_visible": False},
        {"last_seen_at": None},
        {"last_seen_at": stale},
        {"status": AccountStatus.SUSPENDED},
        {"muted_until": NOW + timedelta(seconds=1)},
        {"age": 16, "band": Band.TEEN},
    ):
        assert not is_listable(active(**fields), NOW, settings), fields
    lifted = active(status=AccountStatus.SUSPENDED, status_until=NOW - timedelta(seconds=1))
    assert is_listable(lifted, NOW, settings)
    assert not is_listable(active(), NOW, Settings(nearby_min_trust=1))


def test_presence_event_follows_the_row() -> None:
    settings = Settings()
    user = active(city_id="2996944")
    event = presence_of(user, NOW, settings)
    assert (event.listed, event.city_id, event.seen_at) == (True, "2996944", NOW)
    assert not presence_of(active(nearby_visible=False), NOW, settings).listed
    old = NOW - timedelta(hours=1)
    assert not presence_of(active(last_seen_at=old), NOW, settings).listed


def test_order_is_by_bucket_then_freshly_random() -> None:
    members = [
        NearbyMember(make_user(id=f"u{n}"), LYON, distance)
        for n, distance in enumerate(["< 25 km", "< 5 km", "< 5 km", "< 5 km", "< 100 km"])
    ]
    firsts: Counter[str] = Counter()
    for _ in range(600):
        ordered = _order(members)
        assert [m.distance for m in ordered] == ["< 5 km"] * 3 + ["< 25 km", "< 100 km"]
        firsts[ordered[0].user.id] += 1
    assert set(firsts) == {"u1", "u2", "u3"}
    assert min(firsts.values()) > 120  # about 200 each
