"""Editing one's own message and reacting to messages: the rules, no I/O
(docs/protocol.md, "Editing one's own message" and "Reactions")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

# An author may correct a message for this long: past it, what was said
# stays said (others have read and answered it).
EDIT_WINDOW = timedelta(minutes=15)

# The fixed set, in display order. A small closed set keeps reactions a
# gesture (no free text to filter, nothing to hide a message in) and the
# per-message fan-out bounded.
REACTIONS: tuple[str, ...] = ("👍", "❤️", "😂", "😮", "😢", "🙏")

# Variation selectors only choose text or emoji presentation: many keyboards
# send the bare heart (U+2764) or its text form (U+2764 U+FE0E) for ❤️.
_PRESENTATION = str.maketrans("", "", "\ufe0e\ufe0f")
_CANONICAL = {e.translate(_PRESENTATION): e for e in REACTIONS}


@dataclass(frozen=True, slots=True)
class MessageEdit:
    """One change of a message's text. The text before is always kept here
    (moderators see the history); ``evidence`` says it was also copied into
    a case because the message was reported, held or flagged."""

    id: str
    message_id: str
    room_id: str
    seq: int
    author_id: str
    previous_text: str
    text: str
    edited_at: datetime
    evidence: bool = False


@dataclass(frozen=True, slots=True)
class ReactionCount:
    emoji: str
    count: int
    mine: bool


def canonical_reaction(emoji: str) -> str | None:
    """The member of ``REACTIONS`` that ``emoji`` is, whatever presentation
    selector it came with (or without); None when it is none of them."""
    return _CANONICAL.get(emoji.translate(_PRESENTATION))


def may_still_edit(created_at: datetime, now: datetime) -> bool:
    return now - created_at <= EDIT_WINDOW


def reaction_counts(
    pairs: Iterable[tuple[str, str]], viewer_id: str, hidden: Collection[str]
) -> list[ReactionCount]:
    """What one member is shown of a message's (emoji, user) reactions: the
    reactions of people hidden from them (blocked either way) are not
    counted; the fixed order, emojis nobody (visible) chose left out."""
    counts: Counter[str] = Counter()
    mine: set[str] = set()
    for emoji, user_id in pairs:
        if user_id in hidden:
            continue
        counts[emoji] += 1
        if user_id == viewer_id:
            mine.add(emoji)
    return [ReactionCount(e, counts[e], e in mine) for e in REACTIONS if counts[e]]
