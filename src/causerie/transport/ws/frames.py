"""Client frames: shape validation only. Anything malformed becomes an
``invalid`` error frame; the connection stays open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from causerie.domain.errors import CauserieError, Invalid
from causerie.transport.params import INT32_MAX  # a seq column holds no more

MAX_ID = 64


@dataclass(frozen=True, slots=True)
class Join:
    room: str
    since: int | None
    # The stream epoch the client read ``since`` in (``joined.epoch``); None
    # from clients that predate it.
    epoch: str | None = None


@dataclass(frozen=True, slots=True)
class Leave:
    room: str


@dataclass(frozen=True, slots=True)
class Send:
    room: str
    client_id: str
    text: str
    image: str | None = None  # an uploaded photo's id (docs/media.md)
    reply_to: int | None = None  # the seq (same room) this message answers


@dataclass(frozen=True, slots=True)
class Ping:
    pass


@dataclass(frozen=True, slots=True)
class Typing:
    room: str


@dataclass(frozen=True, slots=True)
class ReceiptMark:
    """How far this member has received and read a private conversation."""

    room: str
    delivered: int | None
    read: int | None


@dataclass(frozen=True, slots=True)
class Delete:
    """Remove a message of one's own."""

    room: str
    seq: int


@dataclass(frozen=True, slots=True)
class Edit:
    """Change the text of a message of one's own."""

    room: str
    seq: int
    text: str


@dataclass(frozen=True, slots=True)
class React:
    """Add (``on``) or take back one's reaction on a message."""

    room: str
    seq: int
    emoji: str
    on: bool


ClientFrame = Join | Leave | Send | Ping | Typing | ReceiptMark | Delete | Edit | React


def _id(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_ID:
        raise Invalid(field=key)
    return value


def _seq(raw: dict[str, Any], key: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= INT32_MAX:
        raise Invalid(field=key)
    return value


def parse(data: str | bytes, max_bytes: int) -> tuple[ClientFrame, dict[str, Any]]:
    """The frame, plus the raw object (to echo ``client_id``/``room`` in errors)."""
    if len(data) > max_bytes:
        raise CauserieError("too_large")
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError:
        raise Invalid(field="json") from None
    if not isinstance(raw, dict):
        raise Invalid(field="type")
    kind = raw.get("type")
    if kind == "ping":
        return Ping(), raw
    if kind == "join":
        since = raw.get("since")
        if since is not None and (
            not isinstance(since, int) or isinstance(since, bool) or not 0 <= since <= INT32_MAX
        ):
            raise Invalid(field="since")
        epoch = raw.get("epoch")
        if epoch is not None and (not isinstance(epoch, str) or not 1 <= len(epoch) <= MAX_ID):
            raise Invalid(field="epoch")
        return Join(room=_id(raw, "room"), since=since, epoch=epoch), raw
    if kind == "leave":
        return Leave(room=_id(raw, "room")), raw
    if kind == "typing":
        return Typing(room=_id(raw, "room")), raw
    if kind == "delete":
        seq = _seq(raw, "seq")
        if seq is None or seq < 1:
            raise Invalid(field="seq")
        return Delete(room=_id(raw, "room"), seq=seq), raw
    if kind == "edit":
        seq = _seq(raw, "seq")
        if seq is None or seq < 1:
            raise Invalid(field="seq")
        text = raw.get("text")
        if not isinstance(text, str):
            raise Invalid(field="text")
        return Edit(room=_id(raw, "room"), seq=seq, text=text), raw
    if kind == "react":
        seq = _seq(raw, "seq")
        if seq is None or seq < 1:
            raise Invalid(field="seq")
        emoji, on = raw.get("emoji"), raw.get("on", True)
        if not isinstance(emoji, str) or len(emoji) > 16:
            raise Invalid(field="emoji")
        if not isinstance(on, bool):
            raise Invalid(field="on")
        return React(room=_id(raw, "room"), seq=seq, emoji=emoji, on=on), raw
    if kind == "receipt":
        delivered, read = _seq(raw, "delivered"), _seq(raw, "read")
        if delivered is None and read is None:
            raise Invalid(field="read")
        return ReceiptMark(room=_id(raw, "room"), delivered=delivered, read=read), raw
    if kind == "send":
        text = raw.get("text")
        image = _id(raw, "image") if "image" in raw else None
        if image is not None and text is None:
            text = ""  # a photo alone
        if not isinstance(text, str):
            raise Invalid(field="text")
        reply_to = _seq(raw, "reply_to")
        if reply_to is not None and (reply_to < 1 or image is not None):
            raise Invalid(field="reply_to")  # seqs start at 1; a photo answers nothing
        send = Send(
            room=_id(raw, "room"),
            client_id=_id(raw, "client_id"),
            text=text,
            image=image,
            reply_to=reply_to,
        )
        return send, raw
    raise Invalid(field="type")
