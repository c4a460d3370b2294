"""The fan-out scenario: N members join one room, S of them send first at a
fixed total rate, then as fast as a window of unacked sends allows.

Latency is measured in this process only (one clock): the send time is
remembered by the message text, which is unique, and looked up when each
copy arrives; send-to-ack by ``client_id``."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson
from bench.loadgen.accounting import SeqTracker, Totals
from bench.loadgen.client import WsClient, open_client
from bench.loadgen.setup import Account
from bench.loadgen.stats import Samples, ServerProbe


@dataclass(frozen=True)
class Plan:
    members: int = 100
    senders: int = 10
    rate: float = 100.0
    """Total messages/s of the steady phase."""
    rate_seconds: float = 10.0
    burst_seconds: float = 10.0
    window: int = 20
    """Unacked sends each sender keeps in flight during the burst phase."""
    drain_seconds: float = 15.0
    """How long to wait, after a phase, for the last deliveries and acks."""
    connect_concurrency: int = 100


def letters(n: int) -> str:
    """``n`` in base 26 with letters only: a unique tag the safety filter
    reads as a plain word (digit runs could look like phone numbers)."""
    out = []
    while True:
        n, r = divmod(n, 26)
        out.append(chr(97 + r))
        if n == 0:
            return "".join(reversed(out))


@dataclass(eq=False)
class Member:
    index: int
    account: Account
    client: WsClient | None = None
    tracker: SeqTracker = field(default_factory=SeqTracker)
    joined: asyncio.Future[int] | None = None
    inflight: int = 0
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    closed_early: bool = False
    """The server closed this connection before the end of the run."""


@dataclass
class Phase:
    name: str
    started: float = 0.0
    send_ended: float = 0.0
    last_delivery: float = 0.0
    deliveries: int = 0
    sent: int = 0
    acked: int = 0
    skipped: int = 0
    delivery: Samples = field(default_factory=Samples)
    ack: Samples = field(default_factory=Samples)
    drained: bool = False
    outstanding: int = 0
    """Deliveries of acked messages still missing when the drain gave up."""
    unacked: int = 0
    """Sends still waiting for their ack when the drain gave up."""
    server_cpu: float = 0.0
    own_cpu: float = 0.0


class FanOut:
    """Drives one run and keeps every counter the report needs."""

    def __init__(self, plan: Plan, accounts: list[Account], room: str, probe: ServerProbe | None):
        self.plan = plan
        self.room = room
        self.probe = probe
        self.members = [Member(i, a) for i, a in enumerate(accounts)]
        self.phase = Phase("setup")
        self.sent_at: dict[str, float] = {}
        self.pending: dict[str, tuple[float, Member]] = {}
        self.acked_seqs: set[int] = set()
        self.ack_duplicates = 0
        self.max_seq = 0
        self.withheld = 0
        self.errors: Counter[str] = Counter()
        self.close_codes: Counter[str] = Counter()
        self.counter = 0

    # --- frames ------------------------------------------------------------

    def on_frame(self, client: WsClient, payload: bytes) -> None:
        now = time.perf_counter()
        frame: dict[str, Any] = orjson.loads(payload)
        member: Member = client.tag  # type: ignore[assignment]
        kind = frame.get("type")
        phase = self.phase
        if kind == "message":
            member.tracker.on_seq(frame["seq"])
            phase.deliveries += 1
            phase.last_delivery = now
            sent = self.sent_at.get(frame["text"])
            if sent is not None:
                phase.delivery.add(now - sent)
        elif kind == "ack":
            self._on_ack(frame, member, now)
        elif kind == "withheld":
            member.tracker.on_seq(frame["seq"])
            self.withheld += 1
        elif kind == "joined":
            if member.joined is not None and not member.joined.done():
                member.joined.set_result(int(frame["last_seq"]))
        elif kind == "error":
            self.errors[str(frame.get("code"))] += 1
            client_id = frame.get("client_id")
            if isinstance(client_id, str) and client_id in self.pending:
                _, sender = self.pending.pop(client_id)
                sender.inflight -= 1
                sender.wake.set()
            if member.joined is not None and not member.joined.done():
                member.joined.set_exception(RuntimeError(f"join refused: {frame}"))

    def _on_ack(self, frame: dict[str, Any], member: Member, now: float) -> None:
        entry = self.pending.pop(frame["client_id"], None)
        if entry is None:
            self.ack_duplicates += 1
            return
        sent, sender = entry
        seq = int(frame["seq"])
        if seq in self.acked_seqs:
            self.ack_duplicates += 1
        self.acked_seqs.add(seq)
        self.max_seq = max(self.max_seq, seq)
        self.phase.acked += 1
        self.phase.ack.add(now - sent)
        sender.inflight -= 1
        sender.wake.set()

    # --- connecting ------------------------------------------------------------

    async def connect_all(self, deadline: float) -> None:
        limit = asyncio.Semaphore(self.plan.connect_concurrency)

        async def one(member: Member) -> None:
            async with limit:
                remaining = max(0.1, deadline - time.perf_counter())
                client = await open_client(member.account.ws_url, self.on_frame, wait=remaining)
                client.tag = member
                member.client = client

        await asyncio.gather(*(one(m) for m in self.members))

    async def join_all(self, deadline: float) -> None:
        loop = asyncio.get_running_loop()
        join = orjson.dumps({"type": "join", "room": self.room, "since": None})
        for member in self.members:
            assert member.client is not None
            member.joined = loop.create_future()
            member.client.send(join)
        futures = [m.joined for m in self.members if m.joined is not None]
        await asyncio.wait_for(asyncio.gather(*futures), max(0.1, deadline - time.perf_counter()))
        for member in self.members:
            assert member.joined is not None
            last = member.joined.result()
            member.tracker.start_after(last)
            self.max_seq = max(self.max_seq, last)
        self.first_seq = self.max_seq

    # --- sending ---------------------------------------------------------------

    def send_one(self, sender: Member) -> None:
        assert sender.client is not None
        self.counter += 1
        client_id = f"c{self.counter}"
        text = f"coucou {letters(self.counter)}"
        now = time.perf_counter()
        self.pending[client_id] = (now, sender)
        self.sent_at[text] = now
        sender.inflight += 1
        self.phase.sent += 1
        sender.client.send(
            orjson.dumps({"type": "send", "room": self.room, "client_id": client_id, "text": text})
        )

    async def steady(self, sender: Member, rate_each: float, offset: float, end: float) -> None:
        interval = 1.0 / rate_each
        next_at = time.perf_counter() + offset
        # A bound on unacked sends even in the open-loop phase: a stalled
        # server must not make the generator queue without limit.
        cap = max(self.plan.window, int(rate_each * 5))
        while next_at < end:
            delay = next_at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if sender.inflight < cap:
                self.send_one(sender)
            else:
                self.phase.skipped += 1
            next_at += interval

    async def burst(self, sender: Member, end: float) -> None:
        window = self.plan.window
        while True:
            now = time.perf_counter()
            if now >= end:
                return
            while sender.inflight < window:
                self.send_one(sender)
            sender.wake.clear()
            try:
                await asyncio.wait_for(sender.wake.wait(), end - now)
            except TimeoutError:
                return

    async def run_phase(self, name: str, seconds: float, steady: bool) -> Phase:
        phase = Phase(name)
        self.phase = phase
        before = self.probe.sample() if self.probe else None
        own_before = time.process_time()
        phase.started = time.perf_counter()
        end = phase.started + seconds
        senders = self.members[: self.plan.senders]
        if steady:
            each = self.plan.rate / len(senders)
            tasks = [self.steady(s, each, i / self.plan.rate, end) for i, s in enumerate(senders)]
        else:
            tasks = [self.burst(s, end) for s in senders]
        await asyncio.gather(*tasks)
        phase.send_ended = time.perf_counter()
        phase.drained = await self.drain(self.plan.drain_seconds)
        phase.outstanding = self.outstanding()
        phase.unacked = len(self.pending)
        if self.probe and before:
            after = self.probe.sample()
            phase.server_cpu = after.cpu_seconds - before.cpu_seconds
        phase.own_cpu = time.process_time() - own_before
        return phase

    def caught_up(self) -> bool:
        if self.pending:
            return False
        final = self.max_seq
        return all(m.tracker.current(final) for m in self.members if self._alive(m))

    def outstanding(self) -> int:
        final = self.max_seq
        return sum(m.tracker.lost(final) for m in self.members if self._alive(m))

    @staticmethod
    def _alive(member: Member) -> bool:
        return member.client is not None and not member.client.closed.done()

    async def drain(self, seconds: float) -> bool:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            if self.caught_up():
                return True
            await asyncio.sleep(0.02)
        return self.caught_up()

    # --- closing and report ------------------------------------------------------

    async def close_all(self, seconds: float = 5.0) -> None:
        for m in self.members:
            if m.client is None:
                continue
            if m.client.closed.done():
                m.closed_early = True
                code = m.client.closed.result()
                self.close_codes["no close frame" if code is None else str(code)] += 1
            m.client.close()
        waits = [m.client.closed for m in self.members if m.client is not None]
        if waits:
            await asyncio.wait(waits, timeout=seconds)
        for m in self.members:
            if m.client is not None and not m.client.closed.done():
                m.client.abort()

    def totals(self) -> tuple[Totals, Totals]:
        """Sums over the connections that stayed open to the end, and over
        those the server closed (whose missing tail is not a loss: the
        contract has them reconnect with ``since``)."""
        kept, closed = Totals(), Totals()
        for m in self.members:
            (closed if m.closed_early else kept).add(m.tracker, self.max_seq)
        return kept, closed

    def acked_gaps(self) -> int:
        """Seqs between the first and the last ack that no ack carried."""
        if not self.acked_seqs:
            return 0
        return (self.max_seq - self.first_seq) - len(self.acked_seqs)


def phase_report(phase: Phase, members: int) -> dict[str, Any]:
    span = max(phase.last_delivery, phase.send_ended) - phase.started
    d50, d99 = phase.delivery.percentiles_ms(50, 99)
    a50, a99 = phase.ack.percentiles_ms(50, 99)
    return {
        "name": phase.name,
        "seconds": round(span, 3),
        "sent": phase.sent,
        "acked": phase.acked,
        "skipped_sends": phase.skipped,
        "messages_per_s": round(phase.acked / span, 1) if span > 0 else None,
        "deliveries": phase.deliveries,
        "deliveries_per_s": round(phase.deliveries / span, 1) if span > 0 else None,
        "expected_deliveries": phase.acked * members,
        "delivery_p50_ms": d50,
        "delivery_p99_ms": d99,
        "ack_p50_ms": a50,
        "ack_p99_ms": a99,
        "latency_samples_dropped": phase.delivery.dropped,
        "drained": phase.drained,
        "outstanding_deliveries": phase.outstanding,
        "unacked_sends": phase.unacked,
        "server_cpu_s": round(phase.server_cpu, 3),
        "server_cpu_pct": round(100 * phase.server_cpu / span, 1) if span > 0 else None,
        "generator_cpu_pct": round(100 * phase.own_cpu / span, 1) if span > 0 else None,
    }
