"""The wire format of server frames. Each message frame is encoded once, as
the text the WebSocket layer sends, and the same string goes to every
recipient (no per-recipient encoding or decoding)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson

from causerie.domain.models import Message


def rfc3339(moment: datetime) -> str:
    """UTC, millisecond precision, ``Z`` suffix."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def message_body(message: Message) -> dict[str, Any]:
    """A ``Message`` as the contract names it (the frame without ``type``)."""
    return {
        "room": message.room_id,
        "seq": message.seq,
        "id": message.id,
        "author": {"id": message.author_id, "pseudo": message.author_pseudo},
        "text": message.text,
        "ts": rfc3339(message.created_at),
    }


def encode(frame: dict[str, Any]) -> str:
    return orjson.dumps(frame).decode()


def message_frame(message: Message) -> str:
    return encode({"type": "message", **message_body(message)})


def withheld_frame(room_id: str, seq: int) -> str:
    return encode({"type": "withheld", "room": room_id, "seq": seq})
