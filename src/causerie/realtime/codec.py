"""Events to bytes and back, for the broker's envelopes.

An envelope is an orjson array: a one-letter tag, then the event's fields in
declaration order (a ``Message`` is nested as its own array). Positional
fields keep envelopes small; ``tests/contract/test_broker_contract.py`` fails as
soon as a domain event gains a field this module does not carry.

Datetimes travel as integer microseconds since the Unix epoch: exact, compact,
and decoded as UTC. Naive datetimes are refused: the domain is tz-aware.
``UserFrame.frame`` must be JSON-compatible (it is sent to browsers as JSON);
tuples inside it come back as lists.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from causerie.domain.bands import Band
from causerie.domain.events import (
    BlocksChanged,
    CloseSession,
    CloseUser,
    Event,
    MessagePosted,
    NearbyPresence,
    UserFrame,
)
from causerie.domain.models import Message

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


class CodecError(ValueError):
    """The bytes are not an envelope this version understands."""


def encode(event: Event) -> bytes:
    """The compact envelope of ``event``."""
    return orjson.dumps(_to_array(event))


def decode(data: bytes | bytearray | memoryview | str) -> Event:
    """The event ``encode`` produced; ``CodecError`` for anything else."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise CodecError(f"not JSON: {exc}") from None
    if not isinstance(value, list) or not value:
        raise CodecError("an envelope is a non-empty array")
    try:
        return _from_array(value)
    except (TypeError, ValueError, IndexError, OverflowError) as exc:
        raise CodecError(f"malformed {value[0]!r} envelope: {exc}") from None


def _to_array(event: Event) -> list[Any]:
    match event:
        case MessagePosted(message=message, members=members):
            return ["m", _message_to_array(message), list(members)]
        case UserFrame(user_id=user_id, frame=frame):
            return ["f", user_id, frame]
        case CloseUser(user_id=user_id, code=code, reason=reason):
            return ["u", user_id, code, reason]
        case CloseSession(session_id=session_id, code=code):
            return ["s", session_id, code]
        case BlocksChanged(user_ids=user_ids):
            return ["b", list(user_ids)]
        case NearbyPresence(user_id, band, city_id, seen_at, listed):
            return ["n", user_id, band.value, city_id, _micros(seen_at), listed]
    raise TypeError(f"not a domain event: {type(event).__name__}")


def _from_array(value: list[Any]) -> Event:
    match value:
        case ["m", list(message), list(members)]:
            return MessagePosted(_message_from_array(message), _strs(members))
        case ["f", str(user_id), dict(frame)]:
            return UserFrame(user_id, frame)
        case ["u", str(user_id), int(code), str(reason)]:
            return CloseUser(user_id, code, reason)
        case ["s", str(session_id), int(code)]:
            return CloseSession(session_id, code)
        case ["b", list(user_ids)]:
            return BlocksChanged(_strs(user_ids))
        case ["n", str(user_id), str(band), str(city_id), int(seen_us), bool(listed)]:
            return NearbyPresence(user_id, Band(band), city_id, _from_micros(seen_us), listed)
    raise CodecError(f"unknown envelope shape (tag {value[0]!r})")


def _message_to_array(m: Message) -> list[Any]:
    return [
        m.id,
        m.room_id,
        m.seq,
        m.author_id,
        m.author_pseudo,
        m.text,
        _micros(m.created_at),
        m.client_id,
        m.deleted,
    ]


def _message_from_array(value: list[Any]) -> Message:
    match value:
        case [
            str(id_),
            str(room_id),
            int(seq),
            str(author_id),
            str(author_pseudo),
            str(text),
            int(created_us),
            str(client_id),
            bool(deleted),
        ]:
            return Message(
                id=id_,
                room_id=room_id,
                seq=seq,
                author_id=author_id,
                author_pseudo=author_pseudo,
                text=text,
                created_at=_from_micros(created_us),
                client_id=client_id,
                deleted=deleted,
            )
    raise CodecError("malformed message")


def _micros(moment: datetime) -> int:
    if moment.utcoffset() is None:
        raise ValueError("naive datetime: the domain only holds tz-aware ones")
    # Integer division of timedeltas is exact, unlike timestamp()'s float.
    return (moment - _EPOCH) // _MICROSECOND


def _from_micros(micros: int) -> datetime:
    return _EPOCH + micros * _MICROSECOND


def _strs(values: list[Any]) -> tuple[str, ...]:
    if not all(isinstance(v, str) for v in values):
        raise CodecError("expected a list of strings")
    return tuple(values)
