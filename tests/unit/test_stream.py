"""The stream epoch: what tells a resuming client its ``since`` is still good."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from causerie.domain.models import Room, RoomKind
from causerie.domain.stream import epoch_of, recoverable

ROOM = Room(
    id="r",
    kind=RoomKind.PUBLIC,
    name="r",
    theme=None,
    bands=frozenset(),
    last_seq=10,
    created_at=datetime(2026, 12, 2, 7, 0, tzinfo=UTC),
)


def test_the_epoch_changes_with_the_room_s_history_and_only_with_it() -> None:
    assert epoch_of(ROOM) == epoch_of(replace(ROOM, last_seq=99, name="renamed"))
    reseeded = replace(ROOM, created_at=ROOM.created_at + timedelta(microseconds=1))  # type: ignore[operator]
    assert epoch_of(reseeded) != epoch_of(ROOM)
    naive = replace(ROOM, created_at=datetime(2026, 12, 2, 7, 0))
    assert epoch_of(naive) == epoch_of(ROOM)


def test_a_since_is_recoverable_in_its_own_stream_up_to_the_room_s_last_seq() -> None:
    epoch = epoch_of(ROOM)
    assert recoverable(ROOM, 0, epoch) and recoverable(ROOM, 10, epoch)
    assert recoverable(ROOM, 4, None)  # a client from before epochs
    assert not recoverable(ROOM, 11, epoch)  # ahead of the stream: another history
    assert not recoverable(ROOM, 4, epoch + "0")
