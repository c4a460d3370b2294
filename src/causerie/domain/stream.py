"""Where a client stands in a room's stream: the room's ``seq`` plus the
stream's epoch (Centrifuge's ``StreamPosition``).

A ``since`` only means something in the stream it was read from. The epoch
names that stream, and it is the room row's creation instant
(``Room.created_at``), nothing else: it lives in the database, so every node
computes the same one and no broker state is involved.

What changes it: the room's row recreated — a database reset that reseeds
the catalogue under the same ids, or a restore from a database where the
row was created anew. A client that resumes with another epoch cannot be
caught up by a replay; it is told ``recovered: false`` and reloads the
history over HTTP. A restore from an older backup of the same database
keeps the row, hence the epoch: ``recoverable`` then catches a ``since``
the restored room never reached (``since > last_seq``), but not one the
room has passed again since the restore (those seqs now name other
messages; nothing handles that case yet).

What does not change it: broker loss (a Redis restart, a network blip, a
node that died between commit and publish). Every message was committed
before its event was published, so the database still holds every seq and
a ``since`` stays good: the broker's ``on_resync`` and the hub's periodic
gap sweep read what the events did not bring from the database
(``realtime.hub.Hub.resync``/``sweep``), and a client resuming meanwhile is
replayed from the database and answered ``recovered: true``
(tests/realtime/test_ws.py, "events the broker lost")."""

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
