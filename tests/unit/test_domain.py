"""The pure core: bands, text rules, the visibility policy, trust levels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from causerie.domain.bands import Band, band_for_age
from causerie.domain.errors import CauserieError
from causerie.domain.ids import new_id
from causerie.domain.models import AccountStatus, Gender, Room, RoomKind, User, Viewer
from causerie.domain.policy import may_see_public_room, may_see_user
from causerie.domain.text import MAX_MESSAGE_CHARS, clean_text, normalise_message, validate_pseudo
from causerie.domain.trust import TrustThresholds, earned_level, promoted_level

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


def user(age: int = 30, **kw: object) -> User:
    values: dict[str, object] = {
        "id": new_id(),
        "pseudo": "someone",
        "pseudo_key": "someone",
        "gender": Gender.UNDISCLOSED,
        "age": age,
        "band": band_for_age(age),
        "city_id": "c1",
        "created_at": NOW,
    }
    values.update(kw)
    return User(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("age", "band"), [(15, Band.TEEN), (17, Band.TEEN), (18, Band.ADULT), (99, Band.ADULT)]
)
def test_bands(age: int, band: Band) -> None:
    assert band_for_age(age) is band


@pytest.mark.parametrize("age", [-1, 0, 12, 14])
def test_under_15_is_too_young(age: int) -> None:
    with pytest.raises(CauserieError) as refused:
        band_for_age(age)
    assert refused.value.code == "too_young"


def test_over_99_is_invalid() -> None:
    with pytest.raises(CauserieError) as refused:
        band_for_age(100)
    assert refused.value.code == "invalid"


def test_bands_never_see_each_other() -> None:
    teen, adult = user(16), user(30)
    assert not may_see_user(Viewer(teen), adult)
    assert not may_see_user(Viewer(adult), teen)
    assert may_see_user(Viewer(adult), user(45))
    assert may_see_user(Viewer(teen), teen)


def test_staff_get_no_exception_to_the_band_policy() -> None:
    from causerie.domain.models import Role

    moderator = user(40, role=Role.MODERATOR)
    assert not may_see_user(Viewer(moderator), user(16))


def test_blocks_hide_both_ways_and_erased_accounts_vanish() -> None:
    a, b = user(), user()
    assert not may_see_user(Viewer(a, hidden=frozenset({b.id})), b)
    assert not may_see_user(Viewer(a), user(status=AccountStatus.ERASED))


def test_public_rooms_serve_one_band() -> None:
    teen_room = Room("r1", RoomKind.PUBLIC, "Ados", "general", frozenset({Band.TEEN}))
    archived = Room("r2", RoomKind.PUBLIC, "Old", "general", frozenset({Band.TEEN}), archived=True)
    dm = Room("r3", RoomKind.DM, "", None, frozenset({Band.TEEN}))
    assert may_see_public_room(Viewer(user(16)), teen_room)
    assert not may_see_public_room(Viewer(user(30)), teen_room)
    assert not may_see_public_room(Viewer(user(16)), archived)
    assert not may_see_public_room(Viewer(user(16)), dm)


def test_message_normalisation() -> None:
    assert normalise_message("  e\u0301te\u0301 \x00\u200b ") == "\u00e9t\u00e9"
    assert clean_text("line\nnext\ttab") == "line\nnext\ttab"
    with pytest.raises(CauserieError) as empty:
        normalise_message("\u200b \x01")
    assert empty.value.code == "invalid"
    with pytest.raises(CauserieError) as long:
        normalise_message("a" * (MAX_MESSAGE_CHARS + 1))
    assert long.value.code == "too_long"
    assert len(normalise_message("a" * MAX_MESSAGE_CHARS)) == MAX_MESSAGE_CHARS


@given(st.text(max_size=300))
def test_normalised_text_has_no_control_characters(text: str) -> None:
    import unicodedata

    cleaned = clean_text(text)
    assert all(c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf") for c in cleaned)
    assert cleaned == unicodedata.normalize("NFC", cleaned)


@pytest.mark.parametrize("pseudo", ["Zoé", "jean-marc", "a.b_c", "Łukasz", "abc", "x" * 24])
def test_valid_pseudos(pseudo: str) -> None:
    assert validate_pseudo(pseudo) == pseudo


@pytest.mark.parametrize(
    "pseudo", ["ab", "x" * 25, "a b", "<b>", "émoji😀", "semi;colon", "a\u200bb"]
)
def test_invalid_pseudos(pseudo: str) -> None:
    with pytest.raises(CauserieError):
        validate_pseudo(pseudo)


def test_trust_is_earned_by_time_and_activity() -> None:
    th = TrustThresholds(level1_minutes=30, level1_messages=20, level2_days=7, level2_messages=200)
    fresh = user(message_count=100)
    assert earned_level(fresh, NOW, th) == 0  # busy but brand new
    old_quiet = user(created_at=NOW - timedelta(hours=2), message_count=3)
    assert earned_level(old_quiet, NOW, th) == 0
    regular = user(created_at=NOW - timedelta(hours=2), message_count=20)
    assert earned_level(regular, NOW, th) == 1
    veteran = user(created_at=NOW - timedelta(days=8), message_count=500)
    assert earned_level(veteran, NOW, th) == 2
    assert promoted_level(regular, NOW, th) == 1
    assert (
        promoted_level(
            user(trust_level=3, created_at=NOW - timedelta(days=8), message_count=500), NOW, th
        )
        is None
    )


def test_ids_are_unique_and_sortable_by_time() -> None:
    ids = [new_id() for _ in range(1000)]
    assert len(set(ids)) == 1000
    assert all(len(i) == 26 for i in ids)
