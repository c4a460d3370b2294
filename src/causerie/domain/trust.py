"""Trust levels, in the spirit of Discourse's: a new account earns the right
to do riskier things (private requests, links) by time and clean activity.

Level 0: brand-new guest — public rooms of its band, slow send rate, no links,
         no private conversation requests (can receive and answer them).
Level 1: basic — may open private conversations and post links.
Level 2: member — higher send rate.
Level 3+: set by operators only (``causerie users trust``).
Sanctions lower the level; operators may override it either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from causerie.domain.models import User


@dataclass(frozen=True, slots=True)
class TrustThresholds:
    level1_minutes: int = 30
    level1_messages: int = 20
    level2_days: int = 7
    level2_messages: int = 200


def earned_level(user: User, now: datetime, th: TrustThresholds) -> int:
    """The level time and activity have earned (never above 2: the rest is
    granted by people)."""
    age_minutes = (now - user.created_at).total_seconds() / 60
    if age_minutes >= th.level2_days * 1440 and user.message_count >= th.level2_messages:
        return 2
    if age_minutes >= th.level1_minutes and user.message_count >= th.level1_messages:
        return 1
    return 0


def promoted_level(user: User, now: datetime, th: TrustThresholds) -> int | None:
    """The new level if activity earned a promotion, else None. Never lowers:
    a level set by an operator or lowered by a sanction is not undone here
    (while ``trust_locked_until`` is in the future, nothing is promoted)."""
    if user.trust_locked_until is not None and user.trust_locked_until > now:
        return None  # a sanction in force: no automatic promotion
    earned = earned_level(user, now, th)
    return earned if earned > user.trust_level else None
