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

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from causerie.domain.bands import Band
from causerie.domain.events import (
    BlocksChanged,
    CloseSession,
    CloseUser,
    Event,
    MessageDeleted,
    MessagePosted,
    NearbyPresence,
    UserFrame,
)
from causerie.domain.media import ImageRef
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
    if type(value) is not list or not value:
        raise CodecError("an envelope is a non-empty array")
    decoder = _DECODERS.get(value[0]) if type(value[0]) is str else None
    if decoder is None:
        raise CodecError(f"unknown envelope tag {value[0]!r}")
    try:
        return decoder(*value[1:])
    except (TypeError, ValueError, OverflowError) as exc:
        raise CodecError(f"malformed {value[0]!r} envelope: {exc}") from None


# Type dispatch and plain unpacking: several times faster than `match` with
# class patterns, and decoding runs once per event on every node.


def _to_array(event: Event) -> list[Any]:
    encoder = _ENCODERS.get(type(event))
    if encoder is None:
        raise TypeError(f"not a domain event: {type(event).__name__}")
    return encoder(event)


def _encode_posted(e: Any) -> list[Any]:
    m: Message = e.message
    created = _micros(m.created_at)
    fields = [m.id, m.room_id, m.seq, m.author_id, m.author_pseudo, m.text, created]
    tail: list[Any] = [m.client_id, m.deleted]
    if m.image is not None:
        # An eleventh element for photos (a tenth, maybe null, for replies):
        # a node that dropped it would deliver the message without its image.
        i = m.image
        tail += [m.reply_to, [i.id, i.width, i.height, i.blurred]]
    elif m.reply_to is not None:
        tail.append(m.reply_to)
    return ["m", [*fields, *tail], list(e.members)]


def _decode_image(value: Any) -> ImageRef | None:
    if value is None:
        return None
    if type(value) is not list or len(value) != 4:
        raise CodecError("malformed image")
    return ImageRef(_str(value[0]), _int(value[1]), _int(value[2]), _bool(value[3]))


_ENCODERS: dict[type, Callable[[Any], list[Any]]] = {
    MessagePosted: _encode_posted,
    MessageDeleted: lambda e: ["d", e.room_id, e.seq],
    UserFrame: lambda e: ["f", e.user_id, e.frame],
    CloseUser: lambda e: ["u", e.user_id, e.code, e.reason],
    CloseSession: lambda e: ["s", e.session_id, e.code],
    BlocksChanged: lambda e: ["b", list(e.user_ids)],
    NearbyPresence: lambda e: [
        "n",
        e.user_id,
        e.band.value,
        e.city_id,
        _micros(e.seen_at),
        e.listed,
    ],
}


def _decode_posted(message: Any, members: Any) -> MessagePosted:
    # A tenth element only on replies, an eleventh on photos: plain messages
    # keep their envelope.
    if type(message) is not list or len(message) not in (9, 10, 11):
        raise CodecError("malformed message")
    id_, room_id, seq, author_id, author_pseudo, text, created_us, client_id, deleted = message[:9]
    raw_reply = message[9] if len(message) >= 10 else None
    reply_to = _int(raw_reply) if raw_reply is not None else None
    image = _decode_image(message[10]) if len(message) == 11 else None
    return MessagePosted(
        Message(
            id=_str(id_),
            room_id=_str(room_id),
            seq=_int(seq),
            author_id=_str(author_id),
            author_pseudo=_str(author_pseudo),
            text=_str(text),
            created_at=_from_micros(_int(created_us)),
            client_id=_str(client_id),
            deleted=_bool(deleted),
            image=image,
            reply_to=reply_to,
        ),
        _strs(members),
    )


def _decode_frame(user_id: Any, frame: Any) -> UserFrame:
    if type(frame) is not dict:
        raise CodecError("a frame is an object")
    return UserFrame(_str(user_id), frame)


_DECODERS: dict[str, Callable[..., Event]] = {
    "m": _decode_posted,
    "d": lambda room_id, seq: MessageDeleted(_str(room_id), _int(seq)),
    "f": _decode_frame,
    "u": lambda user_id, code, reason: CloseUser(_str(user_id), _int(code), _str(reason)),
    "s": lambda session_id, code: CloseSession(_str(session_id), _int(code)),
    "b": lambda user_ids: BlocksChanged(_strs(user_ids)),
    "n": lambda user_id, band, city_id, seen_us, listed: NearbyPresence(
        _str(user_id), Band(_str(band)), _str(city_id), _from_micros(_int(seen_us)), _bool(listed)
    ),
}


def _micros(moment: datetime) -> int:
    if moment.utcoffset() is None:
        raise ValueError("naive datetime: the domain only holds tz-aware ones")
    # Integer division of timedeltas is exact, unlike timestamp()'s float.
    return (moment - _EPOCH) // _MICROSECOND


def _from_micros(micros: int) -> datetime:
    return _EPOCH + micros * _MICROSECOND


def _str(value: Any) -> str:
    if type(value) is not str:
        raise CodecError(f"expected a string, not {type(value).__name__}")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:  # bool is an int subclass: refused too
        raise CodecError(f"expected an integer, not {type(value).__name__}")
    return value


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise CodecError(f"expected a boolean, not {type(value).__name__}")
    return value


def _strs(values: Any) -> tuple[str, ...]:
    if type(values) is not list or not all(type(v) is str for v in values):
        raise CodecError("expected a list of strings")
    return tuple(values)
