"""Protocols the services depend on. Storage, adapters and realtime implement
them; ``app.py`` picks the implementations. Every implementation of a port
passes the same contract tests (tests/contract)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from causerie.domain.events import Event
from causerie.domain.models import (
    Block,
    City,
    Conversation,
    ConversationState,
    Message,
    Room,
    Session,
    User,
)


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC now."""
        ...


# --- persistence -----------------------------------------------------------


class UserRepo(Protocol):
    async def add(self, user: User, password_hash: str | None = None) -> None:
        """Insert; raises ``Conflict('pseudo_taken')`` when ``pseudo_key`` is used."""
        ...

    async def get(self, user_id: str) -> User | None: ...

    async def get_many(self, user_ids: Collection[str]) -> dict[str, User]: ...

    async def by_pseudo_key(self, key: str) -> User | None: ...

    async def password_hash(self, user_id: str) -> str | None: ...

    async def set_password(self, user_id: str, password_hash: str, email: str | None) -> None: ...

    async def update(self, user_id: str, **fields: Any) -> User:
        """Set any ``User`` field except ``id``/``pseudo_key``; returns the new row."""
        ...

    async def count_message(self, user_id: str) -> None:
        """``message_count += 1`` (feeds trust levels)."""
        ...


class SessionRepo(Protocol):
    async def add(self, session: Session) -> None: ...

    async def by_token_hash(self, token_hash: str) -> Session | None: ...

    async def revoke(self, session_id: str, at: datetime) -> None: ...

    async def revoke_all(self, user_id: str, at: datetime) -> list[str]:
        """Revoke every live session of a user; returns their ids."""
        ...


class RoomRepo(Protocol):
    async def add(self, room: Room) -> None: ...

    async def get(self, room_id: str) -> Room | None: ...

    async def by_slug(self, slug: str) -> Room | None: ...

    async def list_public(self, include_archived: bool = False) -> list[Room]: ...

    async def update(self, room_id: str, **fields: Any) -> Room: ...

    async def next_seq(self, room_id: str) -> int:
        """Atomically ``last_seq += 1`` and return it (row-locked until commit,
        so seqs commit in order on PostgreSQL and SQLite alike)."""
        ...


class MessageRepo(Protocol):
    async def add(self, message: Message) -> None:
        """Insert; raises ``Conflict('duplicate_client_id')`` on (author, client_id)."""
        ...

    async def get(self, message_id: str) -> Message | None: ...

    async def by_client_id(self, author_id: str, client_id: str) -> Message | None: ...

    async def after(self, room_id: str, after_seq: int, upto_seq: int, limit: int) -> list[Message]:
        """Messages with ``after_seq < seq <= upto_seq``, ascending, at most ``limit``."""
        ...

    async def before(self, room_id: str, before_seq: int | None, limit: int) -> list[Message]:
        """The ``limit`` newest messages with ``seq < before_seq`` (all when None),
        returned ascending (newest last)."""
        ...


class ConversationRepo(Protocol):
    async def add(self, conversation: Conversation) -> None:
        """Insert; raises ``Conflict('conversation_exists')`` if the unordered pair has one."""
        ...

    async def get(self, room_id: str) -> Conversation | None: ...

    async def between(self, user_a: str, user_b: str) -> Conversation | None: ...

    async def for_user(self, user_id: str) -> list[Conversation]: ...

    async def update(
        self,
        room_id: str,
        *,
        state: ConversationState,
        decided_at: datetime | None,
        requester_id: str | None = None,
        recipient_id: str | None = None,
    ) -> Conversation: ...


class BlockRepo(Protocol):
    async def add(self, block: Block) -> Block:
        """Insert or return the existing block (idempotent)."""
        ...

    async def remove(self, blocker_id: str, blocked_id: str) -> bool: ...

    async def list_by(self, blocker_id: str) -> list[Block]: ...

    async def hidden_for(self, user_id: str) -> frozenset[str]:
        """Every user blocked by, or blocking, ``user_id``."""
        ...


class UnitOfWork(Protocol):
    """One transaction. Leaving the block without ``commit()`` rolls back.
    ``after_commit`` callbacks run, in order, only once the commit is durable."""

    users: UserRepo
    sessions: SessionRepo
    rooms: RoomRepo
    messages: MessageRepo
    conversations: ConversationRepo
    blocks: BlockRepo

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    def after_commit(self, callback: Callable[[], Awaitable[None]]) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, write: bool = False) -> UnitOfWork:
        """``write=True`` takes the write lock up front (``BEGIN IMMEDIATE`` on SQLite)."""
        ...


# --- other engines -----------------------------------------------------------


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_seconds: float, cost: int = 1) -> float:
        """Count ``cost`` against ``key``: 0.0 when allowed, else the seconds to
        wait before the next attempt could succeed (the hit is not counted)."""
        ...


class EventPublisher(Protocol):
    async def publish(self, event: Event) -> None:
        """Hand an event to every node (this one included). Call after commit."""
        ...


class Presence(Protocol):
    async def room_counts(self, room_ids: Sequence[str]) -> dict[str, int]:
        """Distinct users online in each room, across all nodes."""
        ...


class Gazetteer(Protocol):
    def get(self, city_id: str) -> City | None: ...

    def search(self, query: str, limit: int = 10) -> list[City]:
        """Prefix search, insensitive to case, accents, hyphens, apostrophes;
        most populous first."""
        ...

    def resolve(self, name_or_id: str) -> City | None:
        """An id, or a name: exact match insensitively; among homonyms the most
        populous, French cities first."""
        ...


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool: ...
