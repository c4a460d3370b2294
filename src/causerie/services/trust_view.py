"""What an account can do now, and how to unlock more (``GET /me``)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from causerie.config import Settings
from causerie.domain.bands import Band
from causerie.domain.errors import CauserieError
from causerie.domain.models import User
from causerie.domain.times import rfc3339
from causerie.domain.trust import TrustThresholds
from causerie.services.access import check_can_act
from causerie.services.nearby import check_may_look


def capabilities(user: User, now: datetime, settings: Settings) -> list[str]:
    """Stable words: ``post_public``, ``post_links``, ``open_private``,
    ``receive_private``, ``higher_send_rate``, ``nearby``, ``adult_rooms``,
    ``read``, ``appeal``."""
    can = ["read", "appeal", "receive_private"]
    try:
        check_can_act(user, now)  # the rule every write path applies
    except CauserieError:
        return can
    can.append("post_public")
    if user.trust_level >= settings.link_min_trust:
        can.append("post_links")
    if user.trust_level >= settings.dm_min_trust:
        can.append("open_private")
    if user.trust_level >= 2:
        can.append("higher_send_rate")
    try:
        # The nearby list's own rule, opting in aside (the member can do that).
        check_may_look(dataclasses.replace(user, nearby_visible=True), now, settings)
    except CauserieError:
        pass
    else:
        can.append("nearby")
    if user.band is Band.ADULT and user.age_attested:
        can.append("adult_rooms")
    return can


def next_level(user: User, now: datetime, th: TrustThresholds) -> dict[str, Any] | None:
    """The next level earned by activity, what it takes and where the account
    stands; None at level 2 and above (the rest is granted by people)."""
    if user.trust_locked_until is not None and user.trust_locked_until > now:
        return {
            "level": user.trust_level + 1,
            "locked_until": rfc3339(user.trust_locked_until),
            "how": "sanction_in_force",
        }
    minutes = int((now - user.created_at).total_seconds() // 60)
    if user.trust_level == 0:
        return {
            "level": 1,
            "how": "time_and_messages",
            "requires": {"minutes": th.level1_minutes, "messages": th.level1_messages},
            "progress": {"minutes": minutes, "messages": user.message_count},
            "unlocks": ["post_links", "open_private"],
        }
    if user.trust_level == 1:
        return {
            "level": 2,
            "how": "time_and_messages",
            "requires": {"minutes": th.level2_days * 1440, "messages": th.level2_messages},
            "progress": {"minutes": minutes, "messages": user.message_count},
            "unlocks": ["higher_send_rate"],
        }
    return None
