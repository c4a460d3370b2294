"""The bench load generator's accounting: per-connection ``seq`` tracking,
then end to end against both bench relays (a few messages each), including
frames deliberately dropped and duplicated on the way in."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.loadgen.accounting import SeqTracker, Totals
from bench.loadgen.client import WsClient
from bench.loadgen.scenario import FanOut, Plan, letters
from bench.loadgen.setup import RELAY_ROOM, relay_accounts
from tests.support.net import free_port, wait_for_port

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_in_order_stream_has_nothing_lost():
    t = SeqTracker()
    t.start_after(4)
    for seq in (5, 6, 7):
        t.on_seq(seq)
    assert (t.received, t.lost(7), t.duplicates, t.reordered) == (3, 0, 0, 0)
    assert t.current(7)


def test_gap_counts_as_lost_until_filled():
    t = SeqTracker()
    for seq in (1, 2, 5):
        t.on_seq(seq)
    assert t.lost(5) == 2
    assert not t.current(5)
    t.on_seq(3)
    assert (t.lost(5), t.reordered) == (1, 1)


def test_repeat_is_a_duplicate_and_tail_is_lost():
    t = SeqTracker()
    for seq in (1, 2, 2, 1, 3):
        t.on_seq(seq)
    assert t.duplicates == 2
    assert t.lost(6) == 3  # 4, 5, 6 never came


def test_totals_sum_receivers():
    a, b = SeqTracker(), SeqTracker()
    for seq in (1, 2, 3):
        a.on_seq(seq)
    b.on_seq(2)
    totals = Totals()
    totals.add(a, 3)
    totals.add(b, 3)
    assert (totals.receivers, totals.received, totals.lost) == (2, 4, 2)


def test_letters_are_unique_and_digit_free():
    tags = [letters(n) for n in range(5000)]
    assert len(set(tags)) == len(tags)
    assert all(tag.isalpha() for tag in tags)


@pytest.fixture(params=["relay_raw.py", "relay_websockets.py"])
def relay_base(request: pytest.FixtureRequest) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(BENCH / request.param), "--port", str(port), "--loop", "asyncio"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        problem = wait_for_port(port, timeout=10, process=proc)
        assert problem is None, f"{request.param} did not start: {problem}"
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


PLAN = Plan(
    members=6, senders=2, rate=40, rate_seconds=0.4, burst_seconds=0.4, window=4, drain_seconds=5
)


async def run_plan(base: str, fanout_hook: type[FanOut] = FanOut) -> FanOut:
    run = fanout_hook(PLAN, relay_accounts([base], PLAN.members), RELAY_ROOM, None)
    deadline = time.perf_counter() + 10
    try:
        await run.connect_all(deadline)
        await run.join_all(deadline)
        await run.run_phase("steady", PLAN.rate_seconds, steady=True)
        await run.run_phase("burst", PLAN.burst_seconds, steady=False)
    finally:
        await run.close_all()
    return run


@pytest.mark.slow
async def test_relay_run_is_gapless_and_fully_counted(relay_base: str):
    run = await run_plan(relay_base)
    kept, closed = run.totals()
    acked = len(run.acked_seqs)
    assert acked > 10
    assert not run.pending
    assert run.acked_gaps() == 0 and run.ack_duplicates == 0
    assert (kept.lost, kept.duplicates, kept.reordered) == (0, 0, 0)
    assert kept.received == acked * PLAN.members
    assert closed.receivers == 0


class _Faulty(FanOut):
    """Drops the 3rd message frame member 1 gets, and delivers member 2's
    5th message frame twice: the accounting must see exactly that."""

    seen: dict[int, int]

    def on_frame(self, client: WsClient, payload: bytes) -> None:
        if not hasattr(self, "seen"):
            self.seen = {}
        member = client.tag
        index = getattr(member, "index", -1)
        if b'"type":"message"' in payload or b'"type": "message"' in payload:
            count = self.seen[index] = self.seen.get(index, 0) + 1
            if index == 1 and count == 3:
                return
            if index == 2 and count == 5:
                super().on_frame(client, payload)
        super().on_frame(client, payload)

    def caught_up(self) -> bool:
        # Member 1 keeps a hole forever: wait for everyone's last seq instead.
        return not self.pending and all(m.tracker.expected > self.max_seq for m in self.members)


@pytest.mark.slow
async def test_accounting_sees_dropped_and_doubled_frames(relay_base: str):
    run = await run_plan(relay_base, _Faulty)
    kept, _ = run.totals()
    acked = len(run.acked_seqs)
    assert acked >= 5
    assert (kept.lost, kept.duplicates) == (1, 1)
    assert kept.received == acked * PLAN.members - 1


def test_holes_and_tail_are_told_apart():
    t = SeqTracker()
    for seq in (1, 3, 4):
        t.on_seq(seq)
    assert (t.holes(), t.tail(6), t.lost(6)) == (1, 2, 3)
