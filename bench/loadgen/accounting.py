"""Per-receiver bookkeeping of ``seq``: what arrived, what is missing, what
came twice. Pure logic (no I/O) so a unit test can feed it sequences.

The contract says every joined connection receives every seq exactly once,
in order. A seq below the next expected one is a duplicate unless it fills a
hole seen earlier (then it was merely reordered, itself a contract breach but
not a loss); a seq above it opens holes that count as lost unless they are
filled before the end."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class SeqTracker:
    """The message/withheld stream one connection received for one room."""

    expected: int = 1
    """The next seq this connection should receive."""
    received: int = 0
    duplicates: int = 0
    reordered: int = 0
    missing: set[int] = field(default_factory=set)

    def start_after(self, last_seq: int) -> None:
        """The join said this connection is current up to ``last_seq``."""
        self.expected = last_seq + 1

    def on_seq(self, seq: int) -> None:
        """Account one ``message`` or ``withheld`` frame."""
        if seq == self.expected:
            self.expected += 1
            self.received += 1
        elif seq > self.expected:
            self.missing.update(range(self.expected, seq))
            self.expected = seq + 1
            self.received += 1
        elif seq in self.missing:
            self.missing.discard(seq)
            self.reordered += 1
            self.received += 1
        else:
            self.duplicates += 1

    def lost(self, final_seq: int) -> int:
        """Seqs up to ``final_seq`` this connection has not received (holes
        plus the tail not arrived yet)."""
        return len(self.missing) + self.tail(final_seq)

    def holes(self) -> int:
        """Seqs skipped while a later one arrived: lost for sure, since a
        connection's stream is in order."""
        return len(self.missing)

    def tail(self, final_seq: int) -> int:
        """Seqs after the last one received, up to ``final_seq``: merely late
        while the server still has a backlog, lost once it has drained."""
        return max(0, final_seq - (self.expected - 1))

    def current(self, final_seq: int) -> bool:
        """True once everything up to ``final_seq`` has arrived."""
        return self.expected > final_seq and not self.missing


@dataclass(slots=True)
class Totals:
    """The sums over every receiver, for the report."""

    receivers: int = 0
    received: int = 0
    lost: int = 0
    """Holes (always lost) plus tails (lost only if the run drained)."""
    holes: int = 0
    tails: int = 0
    duplicates: int = 0
    reordered: int = 0

    def add(self, tracker: SeqTracker, final_seq: int) -> None:
        self.receivers += 1
        self.received += tracker.received
        self.lost += tracker.lost(final_seq)
        self.holes += tracker.holes()
        self.tails += tracker.tail(final_seq)
        self.duplicates += tracker.duplicates
        self.reordered += tracker.reordered
