"""Where a client stands in a room's stream: the room's ``seq`` plus the
stream's epoch (Centrifuge's ``StreamPosition``).

A ``since`` only means something in the stream it was read from. The epoch
names that stream: it changes when the room's history starts over (the room
row recreated, e.g. a database reset that reseeds the catalogue under the
same ids), and a client that resumes with another epoch, or with a seq the
room never reached (a database restored from an older backup), cannot be
caught up by a replay; it is told so and reloads the history over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from causerie.domain.models import Room

_EPOCH_ZERO = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def epoch_of(room: Room) -> str:
    """The room's stream epoch: its creation instant, in base 36 (short,
    opaque to clients, the same on every node)."""
    if room.created_at is None:
        return "0"
    created = room.created_at
    if created.tzinfo is None:  # a store that drops the zone keeps UTC
        created = created.replace(tzinfo=UTC)
    micros = (created - _EPOCH_ZERO) // _MICROSECOND
    return _base36(max(micros, 0))


def recoverable(room: Room, since: int, epoch: str | None) -> bool:
    """Whether a replay after ``since`` gives the client exactly what it
    missed: same stream (an absent epoch is an older client: trusted), and a
    seq this stream has reached."""
    return (epoch is None or epoch == epoch_of(room)) and since <= room.last_seq


def _base36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        value, rest = divmod(value, 36)
        out = digits[rest] + out
        if not value:
            return out
