"""The wire format of server frames. Each frame is encoded once, as an
``Outgoing``, and the same object goes to every recipient: its JSON text
(for the queue path) and its complete WebSocket frame (for the direct path)
are each built at most once, whatever the number of recipients."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

import orjson
from websockets.frames import Frame, Opcode

from causerie.domain.chat import ReactionCount, reaction_counts
from causerie.domain.models import Message
from causerie.domain.times import rfc3339


def message_body(message: Message) -> dict[str, Any]:
    """A ``Message`` as the contract names it (the frame without ``type``)."""
    body: dict[str, Any] = {
        "room": message.room_id,
        "seq": message.seq,
        "id": message.id,
        "author": {"id": message.author_id, "pseudo": message.author_pseudo},
        "text": message.text,
        "ts": rfc3339(message.created_at),
    }
    if message.reply_to is not None:  # only on replies, like ``image``
        body["reply_to"] = message.reply_to
    image = message.image
    if image is not None:  # only on photos: text frames keep their exact shape
        body["image"] = {
            "id": image.id,
            "width": image.width,
            "height": image.height,
            "blurred": image.blurred,
        }
    if message.edited_at is not None:  # only on edited messages
        body["edited"] = True
        body["edited_at"] = rfc3339(message.edited_at)
    return body


def reactions_body(counts: Iterable[ReactionCount]) -> list[dict[str, Any]]:
    return [{"emoji": c.emoji, "count": c.count, "mine": c.mine} for c in counts]


class Outgoing:
    """One server frame: the JSON payload, with its text form and its wire
    form (an unmasked text frame, valid on every server socket) computed
    lazily, once, and cached."""

    __slots__ = ("_text", "_wire", "payload")

    def __init__(self, payload: bytes, text: str | None = None) -> None:
        self.payload = payload
        self._text = text
        self._wire: bytes | None = None

    @classmethod
    def of_text(cls, text: str) -> Outgoing:
        return cls(text.encode(), text)

    @property
    def text(self) -> str:
        text = self._text
        if text is None:
            text = self._text = self.payload.decode()
        return text

    @property
    def wire(self) -> bytes:
        wire = self._wire
        if wire is None:
            # Server frames are never masked (RFC 6455 §5.1): one serialized
            # frame is valid for every recipient. No extension is applied:
            # permessage-deflate is off on the direct path.
            wire = self._wire = Frame(Opcode.TEXT, self.payload).serialize(mask=False)
        return wire


class Run:
    """Consecutive frames that go to many recipients together (a group
    commit's messages of one room): their wire forms joined once, so the
    direct path hands each recipient one ``bytes`` instead of one per frame."""

    __slots__ = ("_wire", "frames")

    def __init__(self, frames: Sequence[Outgoing]) -> None:
        self.frames = frames
        self._wire: bytes | None = None

    @property
    def wire(self) -> bytes:
        wire = self._wire
        if wire is None:
            wire = self._wire = b"".join([frame.wire for frame in self.frames])
        return wire


def encode(frame: dict[str, Any]) -> str:
    return orjson.dumps(frame).decode()


def outgoing(frame: dict[str, Any]) -> Outgoing:
    return Outgoing(orjson.dumps(frame))


def message_frame(message: Message) -> Outgoing:
    return outgoing({"type": "message", **message_body(message)})


def withheld_frame(room_id: str, seq: int) -> Outgoing:
    return outgoing({"type": "withheld", "room": room_id, "seq": seq})


def edited_frame(message: Message) -> Outgoing:
    """Its author changed message ``seq``: the whole message, new text."""
    return outgoing({"type": "edited", **message_body(message)})


def reactions_frame(
    room_id: str,
    seq: int,
    pairs: Iterable[tuple[str, str]],
    viewer_id: str,
    hidden: Collection[str],
) -> Outgoing:
    """The reactions on message ``seq`` as one member may see them."""
    counts = reaction_counts(pairs, viewer_id, hidden)
    return outgoing(
        {"type": "reactions", "room": room_id, "seq": seq, "reactions": reactions_body(counts)}
    )
