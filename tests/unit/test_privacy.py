"""Pure parts of the privacy features: the tombstone and the export's file name."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime

import pytest
from tests.factories import make_user

from causerie.domain.bands import Band
from causerie.domain.models import AccountStatus, DmPolicy, Gender, Role, User
from causerie.services.erasure import tombstone_fields
from causerie.services.privacy import ERASED_PSEUDO, erased_key, shown_pseudo
from causerie.transport.http.privacy import attachment

SOON = datetime(2030, 1, 1, tzinfo=UTC)

# What an erased row keeps: who it was stays unknowable from these.
KEPT = {"id", "band", "created_at", "language", "pseudo_key"}


def _everything_set() -> User:
    return make_user(
        pseudo="Sacha",
        gender=Gender.FEMALE,
        age=34,
        city_id="2988507",
        trust_level=3,
        role=Role.MODERATOR,
        status=AccountStatus.BANNED,
        status_until=SOON,
        muted_until=SOON,
        email="sacha@example.org",
        nearby_visible=True,
        dm_requests=DmPolicy.EVERYONE,
        bio="Lyonnaise, 34 ans, infirmière",
        age_attested=True,
        city_changed_at=SOON,
        message_count=1234,
        last_seen_at=SOON,
        trust_locked_until=SOON,
    )


def test_the_tombstone_covers_every_field_but_the_kept_ones() -> None:
    # A new User field fails here until erasure decides what becomes of it.
    assert set(tombstone_fields(_everything_set())) == {f.name for f in fields(User)} - KEPT


def test_the_tombstone_keeps_nothing_that_identifies() -> None:
    user = _everything_set()
    erased = replace(user, **tombstone_fields(user))
    assert (erased.pseudo, erased.bio, erased.email) == (ERASED_PSEUDO, "", None)
    assert erased.city_id == ""
    assert (erased.gender, erased.age, erased.band) == (Gender.UNDISCLOSED, 18, Band.ADULT)
    assert erased.status is AccountStatus.ERASED and erased.role is Role.USER
    assert not erased.nearby_visible and not erased.age_attested and not erased.has_password
    assert erased.dm_requests is DmPolicy.NOBODY
    assert erased.last_seen_at is None and erased.status_until is None
    teen = make_user(age=16)
    assert replace(teen, **tombstone_fields(teen)).age == 15


def test_erased_pseudo_key_and_tombstone_are_never_a_real_pseudo() -> None:
    from causerie.domain.errors import Invalid
    from causerie.domain.text import validate_pseudo
    from causerie.safety.names import pseudo_key

    assert ":" in erased_key("abc") and ":" not in pseudo_key("Sacha.Lyon_69-x")
    with pytest.raises(Invalid):
        validate_pseudo(ERASED_PSEUDO)  # nobody can sign up as the tombstone
    erased = replace(make_user(), status=AccountStatus.ERASED)
    assert shown_pseudo(erased, "en") == "deleted member"
    assert shown_pseudo(erased, "fr") == ERASED_PSEUDO
    assert shown_pseudo(make_user(pseudo="Lou"), "en") == "Lou"


def test_export_file_name() -> None:
    assert attachment("Camille", "2026-11-29") == (
        'attachment; filename="causerie-export-Camille-2026-11-29.json"'
    )
    assert attachment("Léa.b", "2026-11-29") == (
        'attachment; filename="causerie-export-Lea.b-2026-11-29.json"; '
        "filename*=UTF-8''causerie-export-L%C3%A9a.b-2026-11-29.json"
    )
    # No ASCII form at all: a neutral plain name, the real one in filename*.
    assert attachment("Лиза", "2026-11-29").startswith(
        "attachment; filename=\"causerie-export-member-2026-11-29.json\"; filename*=UTF-8''"
    )
