"""Domain objects for tests: valid defaults, unique ids and pseudos, every
field overridable: ``from tests.factories import make_user``."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from causerie.domain.bands import Band, band_for_age
from causerie.domain.ids import new_id
from causerie.domain.models import (
    Block,
    Conversation,
    ConversationState,
    Gender,
    Message,
    Room,
    RoomKind,
    Session,
    User,
)

# ``await store(user, room, ...)``: the contract tests' insert-and-commit fixture.
Store = Callable[..., Awaitable[None]]

_counter = itertools.count(1)

# A fixed instant with microseconds, to catch precision loss in round-trips.
T0 = datetime(2026, 3, 1, 12, 30, 45, 123456, tzinfo=UTC)


def at(seconds: float = 0) -> datetime:
    """``T0`` shifted by ``seconds``."""
    return T0 + timedelta(seconds=seconds)


def make_user(**overrides: Any) -> User:
    n = next(_counter)
    age = overrides.pop("age", 25)
    values: dict[str, Any] = {
        "id": new_id(),
        "pseudo": f"Pseudo{n}",
        "pseudo_key": f"pseudo{n}",
        "gender": Gender.UNDISCLOSED,
        "age": age,
        "band": band_for_age(age),
        "city_id": "2988507",
        "created_at": T0,
    }
    values.update(overrides)
    return User(**values)


def make_session(user: User, **overrides: Any) -> Session:
    values: dict[str, Any] = {
        "id": new_id(),
        "user_id": user.id,
        "token_hash": uuid.uuid4().hex + uuid.uuid4().hex,
        "created_at": T0,
        "expires_at": T0 + timedelta(days=30),
    }
    values.update(overrides)
    return Session(**values)


def make_room(**overrides: Any) -> Room:
    n = next(_counter)
    values: dict[str, Any] = {
        "id": new_id(),
        "kind": RoomKind.PUBLIC,
        "name": f"Room {n}",
        "theme": "general",
        "bands": frozenset({Band.ADULT}),
        "slug": f"room-{n}",
        "created_at": T0,
    }
    values.update(overrides)
    return Room(**values)


def make_dm_room(**overrides: Any) -> Room:
    values: dict[str, Any] = {"kind": RoomKind.DM, "theme": None, "slug": None}
    values.update(overrides)
    return make_room(**values)


def make_message(room: Room, author: User, seq: int, **overrides: Any) -> Message:
    values: dict[str, Any] = {
        "id": new_id(),
        "room_id": room.id,
        "seq": seq,
        "author_id": author.id,
        "author_pseudo": author.pseudo,
        "text": f"message {seq}",
        "created_at": at(seq),
        "client_id": str(uuid.uuid4()),
    }
    values.update(overrides)
    return Message(**values)


def make_conversation(
    room: Room, requester: User, recipient: User, **overrides: Any
) -> Conversation:
    values: dict[str, Any] = {
        "room_id": room.id,
        "requester_id": requester.id,
        "recipient_id": recipient.id,
        "state": ConversationState.REQUESTED,
        "created_at": T0,
    }
    values.update(overrides)
    return Conversation(**values)


def make_block(blocker: User, blocked: User, **overrides: Any) -> Block:
    values: dict[str, Any] = {
        "blocker_id": blocker.id,
        "blocked_id": blocked.id,
        "created_at": T0,
    }
    values.update(overrides)
    return Block(**values)
