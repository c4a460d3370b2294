"""The one fake ``ports.Clock`` of the tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """A ``ports.Clock`` the test controls. ``FakeClock(at)`` stands still at
    ``at`` until ``set`` or ``advance``; ``FakeClock.shifted(days=…)`` follows
    real time, moved by the offset (a server "days later" whose records
    still differ by their real instants)."""

    def __init__(self, at: datetime | None = None) -> None:
        self._at = at or datetime(2030, 1, 1, tzinfo=UTC)
        self._offset: timedelta | None = None

    @classmethod
    def shifted(cls, *, days: float = 0, hours: float = 0, seconds: float = 0) -> FakeClock:
        clock = cls()
        clock._offset = timedelta(days=days, hours=hours, seconds=seconds)
        return clock

    def now(self) -> datetime:
        if self._offset is not None:
            return datetime.now(UTC) + self._offset
        return self._at

    def set(self, at: datetime) -> None:
        self._at, self._offset = at, None

    def advance(self, seconds: float = 0, *, days: float = 0, hours: float = 0) -> None:
        step = timedelta(seconds=seconds, days=days, hours=hours)
        if self._offset is not None:
            self._offset += step
        else:
            self._at += step
