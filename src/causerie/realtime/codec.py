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
    MessageEdited,
    MessagePosted,
    NearbyPresence,
    ReactionsChanged,
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
    return ["m", _message_array(e.message), list(e.members)]


def _message_array(m: Message) -> list[Any]:
    created = _micros(m.created_at)
    fields = [m.id, m.room_id, m.seq, m.author_id, m.author_pseudo, m.text, created]
    tail: list[Any] = [m.client_id, m.deleted]
    image = None
    if m.image is not None:
        i = m.image
        image = [i.id, i.width, i.height, i.blurred]
    # Optional trailing elements, each present only when it or a later one
    # is: a tenth for replies, an eleventh for photos, a twelfth for edits.
    # A node that dropped one would deliver the message without it.
    optional = [m.reply_to, image, _micros(m.edited_at) if m.edited_at is not None else None]
    while optional and optional[-1] is None:
        optional.pop()
    return [*fields, *tail, *optional]


def _decode_image(value: Any) -> ImageRef | None:
    if value is None:
        return None
    if type(value) is not list or len(value) != 4:
        raise CodecError("malformed image")
    return ImageRef(_str(value[0]), _int(value[1]), _int(value[2]), _bool(value[3]))


_ENCODERS: dict[type, Callable[[Any], list[Any]]] = {
    MessagePosted: _encode_posted,
    MessageDeleted: lambda e: ["d", e.room_id, e.seq],
    MessageEdited: lambda e: ["e", _message_array(e.message)],
    ReactionsChanged: lambda e: [
        "r",
        e.room_id,
        e.seq,
        e.author_id,
        [list(pair) for pair in e.reactions],
    ],
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
    return MessagePosted(_message_from(message), _strs(members))


def _message_from(message: Any) -> Message:
    # A tenth element only on replies, an eleventh on photos, a twelfth on
    # edited messages: plain messages keep their envelope.
    if type(message) is not list or len(message) not in (9, 10, 11, 12):
        raise CodecError("malformed message")
    id_, room_id, seq, author_id, author_pseudo, text, created_us, client_id, deleted = message[:9]
    raw_reply = message[9] if len(message) >= 10 else None
    reply_to = _int(raw_reply) if raw_reply is not None else None
    image = _decode_image(message[10]) if len(message) >= 11 else None
    raw_edited = message[11] if len(message) == 12 else None
    edited_at = _from_micros(_int(raw_edited)) if raw_edited is not None else None
    return Message(
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
        edited_at=edited_at,
    )


def _decode_reactions(room_id: Any, seq: Any, author_id: Any, pairs: Any) -> ReactionsChanged:
    if type(pairs) is not list:
        raise CodecError("expected a list of reactions")
    decoded: list[tuple[str, str]] = []
    for pair in pairs:
        if type(pair) is not list or len(pair) != 2:
            raise CodecError("a reaction is [emoji, user id]")
        decoded.append((_str(pair[0]), _str(pair[1])))
    return ReactionsChanged(_str(room_id), _int(seq), _str(author_id), tuple(decoded))


def _decode_frame(user_id: Any, frame: Any) -> UserFrame:
    if type(frame) is not dict:
        raise CodecError("a frame is an object")
    return UserFrame(_str(user_id), frame)


_DECODERS: dict[str, Callable[..., Event]] = {
    "m": _decode_posted,
    "d": lambda room_id, seq: MessageDeleted(_str(room_id), _int(seq)),
    "e": lambda message: MessageEdited(_message_from(message)),
    "r": _decode_reactions,
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
