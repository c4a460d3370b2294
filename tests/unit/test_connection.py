"""``Connection`` on the direct path (a fake sink): frames go to the sink as
wire bytes built once, the byte bound closes with 4008 and schedules the
abort, replay waits for the transport, the close still goes through ASGI."""

from __future__ import annotations

import asyncio

import orjson
from tests.unit.test_hub import FakeStore, make_hub
from websockets.frames import Frame, Opcode

from causerie.domain.events import MessagePosted
from causerie.realtime.connection import ABORT_SLOW_AFTER, Connection, WriteBatcher
from causerie.realtime.frames import Outgoing, Run, outgoing


class FakeSink:
    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.pending = 0  # bytes "not yet taken by the kernel"
        self.open = True
        self.writable = asyncio.Event()
        self.writable.set()
        self.aborts: list[float] = []

    def write(self, wire: bytes) -> bool:
        if not self.open:
            return False
        self.written.append(wire)
        self.pending += len(wire)
        return True

    def buffered(self) -> int:
        return self.pending

    async def wait_writable(self) -> None:
        await self.writable.wait()

    def abort_later(self, seconds: float) -> None:
        self.aborts.append(seconds)


def direct(sink: FakeSink, byte_limit: int = 1000, user: str = "u") -> Connection:
    return Connection(
        id=user,
        user_id=user,
        session_id="s" + user,
        language="fr",
        hidden=frozenset(),
        limit=10,
        sink=sink,
        byte_limit=byte_limit,
    )


def text_frame(payload: bytes) -> bytes:
    return Frame(Opcode.TEXT, payload).serialize(mask=False)


def test_outgoing_builds_text_and_wire_once() -> None:
    frame = outgoing({"type": "pong"})
    assert frame.text == '{"type":"pong"}' and frame.text is frame.text
    assert frame.wire == b'\x81\x0f{"type":"pong"}' and frame.wire is frame.wire
    assert Outgoing.of_text("é").wire == text_frame("é".encode())


def test_offer_writes_the_wire_bytes_and_queues_nothing() -> None:
    sink = FakeSink()
    conn = direct(sink)
    frame = outgoing({"type": "deleted", "room": "r", "seq": 3})
    assert conn.offer(frame)
    assert conn.offer('{"type":"pong"}')
    assert sink.written == [frame.wire, text_frame(b'{"type":"pong"}')]
    assert sink.written[0] is frame.wire
    assert conn.queued == 0 and conn.buffered == sink.pending


def test_offer_refuses_once_the_socket_is_not_open() -> None:
    sink = FakeSink()
    conn = direct(sink)
    sink.open = False
    assert not conn.offer('{"type":"pong"}')
    assert sink.written == [] and conn.closing is None


async def test_over_the_byte_limit_closes_with_4008_and_schedules_the_abort() -> None:
    sink = FakeSink()
    conn = direct(sink, byte_limit=100)
    big = outgoing({"type": "x", "pad": "a" * 60})
    assert len(big.wire) == 83
    assert conn.offer(big)  # nothing buffered yet
    assert conn.offer(big)  # checked before writing: 83 <= 100
    assert not conn.offer(big)  # 166 > 100
    assert conn.closing == 4008 and sink.aborts == [ABORT_SLOW_AFTER]
    assert len(sink.written) == 2
    assert not conn.offer('{"type":"pong"}') and len(sink.written) == 2
    sent: list[str] = []
    closed: list[int] = []

    async def send(data: str) -> None:
        sent.append(data)

    async def close(code: int) -> None:
        closed.append(code)

    await asyncio.wait_for(conn.run_writer(send, close), 1)
    assert sent == [] and closed == [4008]


async def test_other_closes_go_through_the_writer_without_abort() -> None:
    sink = FakeSink()
    conn = direct(sink)
    assert conn.offer('{"type":"pong"}')
    conn.close(4001)
    conn.close(4008)  # the first close wins
    assert not conn.offer('{"type":"pong"}')
    closed: list[int] = []

    async def send(data: str) -> None:
        raise AssertionError("frames never go through the writer on the direct path")

    async def close(code: int) -> None:
        closed.append(code)

    await asyncio.wait_for(conn.run_writer(send, close), 1)
    assert closed == [4001] and sink.aborts == [] and len(sink.written) == 1


async def test_put_waits_until_the_transport_is_writable() -> None:
    sink = FakeSink()
    conn = direct(sink)
    sink.writable.clear()
    frame = outgoing({"type": "message", "seq": 1})
    task = asyncio.create_task(conn.put(frame))
    await asyncio.sleep(0.01)
    assert not task.done() and sink.written == []
    sink.writable.set()
    await asyncio.wait_for(task, 1)
    assert sink.written == [frame.wire]
    # Closed while waiting: nothing is written.
    sink.writable.clear()
    task = asyncio.create_task(conn.put(frame))
    await asyncio.sleep(0.01)
    conn.close(4001)
    sink.writable.set()
    await asyncio.wait_for(task, 1)
    assert sink.written == [frame.wire]


def test_queue_path_queues_the_text_of_an_outgoing() -> None:
    conn = Connection(
        id="q", user_id="q", session_id="q", language="fr", hidden=frozenset(), limit=10
    )
    assert conn.offer(outgoing({"type": "pong"})) and conn.queued == 1 and conn.buffered == 0
    assert conn._queue.get_nowait() == '{"type":"pong"}'


async def test_hub_writes_one_frame_object_to_every_member() -> None:
    store = FakeStore()
    hub = make_hub(store)
    sinks = [FakeSink() for _ in range(4)]
    conns = [direct(sink, user=f"u{i}") for i, sink in enumerate(sinks)]
    conns[3].hidden = frozenset({"author"})
    for conn in conns:
        hub.register(conn)
        await hub.join(conn, "r", None)
    await hub.on_event(MessagePosted(store.post("r", author="author")))
    first = sinks[0].written[0]
    assert all(sink.written[0] is first for sink in sinks[:3])  # encoded once
    assert first[:2] == b"\x81\x7e"  # a text frame, 16-bit length
    assert orjson.loads(first[4:])["text"] == "t1"
    assert sinks[3].written == [text_frame(b'{"type":"withheld","room":"r","seq":1}')]
    assert hub.buffered == sum(sink.pending for sink in sinks) and hub.queued == 0


def batched(sink: FakeSink, batcher: WriteBatcher, byte_limit: int = 1000) -> Connection:
    conn = direct(sink, byte_limit)
    conn.batcher = batcher
    return conn


async def test_frames_of_one_loop_turn_leave_in_one_write_per_socket() -> None:
    batcher = WriteBatcher()
    sinks = [FakeSink(), FakeSink()]
    conns = [batched(s, batcher) for s in sinks]
    frames = [outgoing({"type": "message", "seq": i}) for i in range(3)]
    for frame in frames:
        for conn in conns:
            assert conn.offer(frame)
    assert all(s.written == [] for s in sinks)  # nothing before the turn ends
    assert conns[0].buffered == sum(len(f.wire) for f in frames)
    await asyncio.sleep(0)
    for sink in sinks:
        assert sink.written == [b"".join(f.wire for f in frames)]
    # The next turn starts a new write.
    conns[0].offer(frames[0])
    await asyncio.sleep(0)
    assert sinks[0].written[1:] == [frames[0].wire]


async def test_pending_frames_count_against_the_byte_limit_and_go_before_a_close() -> None:
    batcher = WriteBatcher()
    frame = outgoing({"type": "message", "text": "x" * 100})
    slow_sink = FakeSink()
    slow = batched(slow_sink, batcher, byte_limit=3 * len(frame.wire))
    offered = 0
    while slow.offer(frame):
        offered += 1
    assert offered == 4 and slow.closing == 4008  # 4 fit (> limit only after)
    await asyncio.sleep(0)
    assert slow_sink.written == []  # a too-slow connection's pending frames are dropped
    sink = FakeSink()
    conn = batched(sink, batcher)
    conn.offer(frame)
    conn.close(4001)
    assert sink.written == [frame.wire]  # flushed before the close marker
    replay_sink = FakeSink()
    replaying = batched(replay_sink, batcher)
    replaying.offer(outgoing({"seq": 1}))
    await replaying.put(outgoing({"seq": 2}))
    assert [orjson.loads(w[2:]) for w in replay_sink.written] == [{"seq": 1}, {"seq": 2}]


async def test_a_failing_socket_does_not_hold_back_the_others() -> None:
    class BrokenSink(FakeSink):
        def write(self, wire: bytes) -> bool:
            raise RuntimeError("transport gone wrong")

    batcher = WriteBatcher()
    broken, fine = batched(BrokenSink(), batcher), FakeSink()
    other = batched(fine, batcher)
    frame = outgoing({"type": "message", "seq": 1})
    broken.offer(frame)
    other.offer(frame)
    await asyncio.sleep(0)
    assert fine.written == [frame.wire]


async def test_a_run_of_frames_leaves_as_the_same_bytes_in_one_offer() -> None:
    """``offer_run``: on the direct path the run's frames as one joined
    ``bytes`` (what offering each would have written); on the queue path
    each frame's text, in order."""
    batcher = WriteBatcher()
    sink = FakeSink()
    conn = batched(sink, batcher)
    run = Run([outgoing({"type": "message", "seq": i}) for i in range(3)])
    conn.offer(outgoing({"type": "ack", "seq": 0}))
    assert conn.offer_run(run)
    await asyncio.sleep(0)
    assert sink.written == [text_frame(b'{"type":"ack","seq":0}') + run.wire]
    assert run.wire == b"".join(text_frame(f.payload) for f in run.frames)
    queued = Connection(
        id="q", user_id="q", session_id="sq", language="fr", hidden=frozenset(), limit=10
    )
    assert queued.offer_run(run)
    assert [orjson.loads(queued._queue.get_nowait()) for _ in range(3)] == [  # type: ignore[arg-type]
        {"type": "message", "seq": i} for i in range(3)
    ]
    # The byte bound holds as for ``offer``: past it, closed with 4008.
    small = batched(FakeSink(), batcher, byte_limit=len(run.wire) - 1)
    assert small.offer_run(run)
    assert not small.offer_run(run)
    assert small.closing == 4008
