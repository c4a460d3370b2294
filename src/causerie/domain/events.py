"""Events the services emit after a commit. Nodes exchange them through the
broker; each node's hub turns them into frames for its local connections.
They carry ids and the already-committed message, never decisions: the
database stays the source of truth and a node that misses one refetches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from causerie.domain.bands import Band
from causerie.domain.models import Message

# WebSocket close codes (docs/protocol.md), one definition for the services
# that ask for a close and the transport that sends it.
CLOSE_SESSION_ENDED = 4001  # logout, erasure: the token no longer works
CLOSE_SUSPENDED = 4003  # suspension or ban in force
CLOSE_RESYNC = 4008  # reconnect and resume with ``since`` (too slow, or band changed)
CLOSE_TOO_MANY = 4029  # over a flood budget, or too many sockets: reconnect later
CLOSE_UNAUTHENTICATED = 4401


@dataclass(frozen=True, slots=True)
class MessagePosted:
    """A message took ``seq`` in its room. For a DM, ``members`` names both
    sides so their other connections can be told the conversation moved."""

    message: Message
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UserFrame:
    """A frame for every live connection of one user (notices, DM updates)."""

    user_id: str
    frame: dict[str, Any]


def conversation_changed(room_id: str, members: Sequence[str]) -> list[UserFrame]:
    """Tell each member's live connections to refresh a private conversation
    (each computes its own view: name and state differ per side)."""
    return [UserFrame(user_id, {"type": "conversation", "room": room_id}) for user_id in members]


@dataclass(frozen=True, slots=True)
class CloseUser:
    """Close every connection of a user (suspension, ban: code 4003)."""

    user_id: str
    code: int
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CloseSession:
    """Close every connection opened with one session token (logout: 4001)."""

    session_id: str
    code: int


@dataclass(frozen=True, slots=True)
class BlocksChanged:
    """The block relation between these users changed: reload who is hidden."""

    user_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MessageDeleted:
    """A moderator removed a message: live screens drop it (history and
    replay already show it as ``withheld``)."""

    room_id: str
    seq: int


@dataclass(frozen=True, slots=True)
class MessageEdited:
    """Its author changed a message's text: live screens show the new text
    (``message`` is the row as committed, ``edited_at`` set)."""

    message: Message


@dataclass(frozen=True, slots=True)
class ReactionsChanged:
    """The reactions on message ``seq`` changed. ``reactions`` holds every
    (emoji, user id) pair on it now: each connection counts what its member
    may see (a blocked member's reactions are not shown to the blocker)."""

    room_id: str
    seq: int
    author_id: str
    reactions: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class NearbyPresence:
    """A member's place in every node's nearby index: ``listed`` when they are
    opted in and were active at ``seen_at``, in ``city_id`` (never finer);
    not ``listed`` when they opted out. Each node's index only proposes
    candidates: the database decides, at query time, who is really shown."""

    user_id: str
    band: Band
    city_id: str
    seen_at: datetime
    listed: bool


Event = (
    MessagePosted
    | MessageDeleted
    | MessageEdited
    | ReactionsChanged
    | UserFrame
    | CloseUser
    | CloseSession
    | BlocksChanged
    | NearbyPresence
)
