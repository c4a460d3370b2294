"""The objects the service reasons about. Plain frozen dataclasses: storage
maps rows to these, transport maps these to JSON; neither leaks into here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from causerie.domain.bands import Band
from causerie.domain.media import ImageRef


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    NONBINARY = "nonbinary"
    UNDISCLOSED = "undisclosed"


class Role(StrEnum):
    USER = "user"
    MODERATOR = "moderator"
    ADMIN = "admin"
    # The requisition desk (docs/legal.md): answers justice, moderates nothing.
    LEGAL = "legal"


class AccountStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    BANNED = "banned"
    ERASED = "erased"


class DmPolicy(StrEnum):
    EVERYONE = "everyone"
    NOBODY = "nobody"


class RoomKind(StrEnum):
    PUBLIC = "public"
    DM = "dm"


class ConversationState(StrEnum):
    REQUESTED = "requested"
    OPEN = "open"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class City:
    """A gazetteer entry. Coordinates never leave the server."""

    id: str
    name: str
    region: str
    country: str
    population: int
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class User:
    id: str
    pseudo: str
    pseudo_key: str
    gender: Gender
    age: int
    band: Band
    city_id: str
    created_at: datetime
    trust_level: int = 0
    role: Role = Role.USER
    status: AccountStatus = AccountStatus.ACTIVE
    status_until: datetime | None = None
    muted_until: datetime | None = None
    has_password: bool = False
    email: str | None = None
    nearby_visible: bool = False
    dm_requests: DmPolicy = DmPolicy.EVERYONE
    bio: str = ""
    language: str = "fr"
    age_attested: bool = False
    city_changed_at: datetime | None = None
    message_count: int = 0
    last_seen_at: datetime | None = None
    # While set and in the future, activity earns no promotion (a sanction).
    trust_locked_until: datetime | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class Session:
    """A login. Only the SHA-256 of the bearer token is stored."""

    id: str
    user_id: str
    token_hash: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    last_seen_at: datetime | None = None  # refreshed at most every few minutes
    user_agent: str | None = None  # as the browser sent it at login, truncated


@dataclass(frozen=True, slots=True)
class Room:
    id: str
    kind: RoomKind
    name: str
    theme: str | None
    bands: frozenset[Band]
    requires: str | None = None
    slug: str | None = None
    description: str = ""
    last_seq: int = 0
    archived: bool = False
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Conversation:
    """The private side of a ``dm`` room: who asked whom, and the answer."""

    room_id: str
    requester_id: str
    recipient_id: str
    state: ConversationState
    created_at: datetime
    decided_at: datetime | None = None

    def other(self, user_id: str) -> str:
        return self.recipient_id if user_id == self.requester_id else self.requester_id

    def members(self) -> tuple[str, str]:
        return (self.requester_id, self.recipient_id)

    def accepted_by_reply(self, author_id: str) -> bool:
        """Replying is accepting: the recipient's message on a pending
        request opens the conversation, as an explicit accept would."""
        return self.state is ConversationState.REQUESTED and author_id == self.recipient_id


@dataclass(frozen=True, slots=True)
class Message:
    id: str
    room_id: str
    seq: int
    author_id: str
    author_pseudo: str
    text: str
    created_at: datetime
    client_id: str
    deleted: bool = False
    image: ImageRef | None = None
    reply_to: int | None = None  # the seq, in the same room, this message answers
    edited_at: datetime | None = None  # its author changed the text (domain/chat.py)


@dataclass(frozen=True, slots=True)
class Block:
    blocker_id: str
    blocked_id: str
    created_at: datetime
    blocked_pseudo: str = ""


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking: the user plus the set of users hidden from them
    (blocked in either direction), loaded once per request/connection."""

    user: User
    hidden: frozenset[str] = field(default_factory=frozenset)

    @property
    def id(self) -> str:
        return self.user.id

    @property
    def band(self) -> Band:
        return self.user.band
