"""The hub's ordering promise with a fake store: every joined connection gets
every seq exactly once, in order, whatever order events arrive in."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime

import orjson

from causerie.domain.events import BlocksChanged, CloseSession, MessagePosted, UserFrame
from causerie.domain.models import Message
from causerie.realtime.connection import Connection
from causerie.realtime.hub import Hub

NOW = datetime(2026, 11, 29, tzinfo=UTC)


class FakeStore:
    def __init__(self) -> None:
        self.messages: dict[str, list[Message]] = {}
        self.hidden: dict[str, frozenset[str]] = {}
        self.fetches = 0

    def post(self, room: str, author: str = "u1") -> Message:
        rows = self.messages.setdefault(room, [])
        message = Message(
            id=f"m{len(rows) + 1}",
            room_id=room,
            seq=len(rows) + 1,
            author_id=author,
            author_pseudo=author,
            text=f"t{len(rows) + 1}",
            created_at=NOW,
            client_id=f"c{len(rows)}",
        )
        rows.append(message)
        return message

    async def fetch(self, room: str, after: int, upto: int, limit: int) -> list[Message]:
        self.fetches += 1
        await asyncio.sleep(0)
        return [m for m in self.messages.get(room, []) if after < m.seq <= upto][:limit]

    async def last_seq(self, room: str) -> int:
        await asyncio.sleep(0)
        return len(self.messages.get(room, []))

    async def load_hidden(self, user: str) -> frozenset[str]:
        return self.hidden.get(user, frozenset())


def connection(user: str = "viewer", session: str = "s1", limit: int = 10_000) -> Connection:
    return Connection(
        id=user + session,
        user_id=user,
        session_id=session,
        language="fr",
        hidden=frozenset(),
        limit=limit,
    )


def drain(conn: Connection) -> list[dict[str, object]]:
    frames = []
    while conn.queued:
        item = conn._queue.get_nowait()
        frames.append(orjson.loads(item))  # type: ignore[arg-type]
    return frames


def make_hub(store: FakeStore, batch: int = 500) -> Hub:
    return Hub(
        fetch=store.fetch,
        last_seq=store.last_seq,
        load_hidden=store.load_hidden,
        replay_batch=batch,
    )


async def test_out_of_order_and_duplicate_events_are_delivered_once_in_order() -> None:
    store = FakeStore()
    hub = make_hub(store)
    conn = connection()
    hub.register(conn)
    assert await hub.join(conn, "r", None) == 0
    posted = [store.post("r") for _ in range(50)]
    events = posted + random.Random(7).sample(posted, 20)
    random.Random(3).shuffle(events)
    await asyncio.gather(*(hub.on_event(MessagePosted(m)) for m in events))
    seqs = [f["seq"] for f in drain(conn)]
    assert seqs == list(range(1, 51))


async def test_lost_events_are_filled_from_storage_on_resync() -> None:
    store = FakeStore()
    hub = make_hub(store)
    conn = connection()
    hub.register(conn)
    await hub.join(conn, "r", None)
    for _ in range(5):
        store.post("r")  # committed, but the broker lost every event
    await hub.resync()
    assert [f["seq"] for f in drain(conn)] == [1, 2, 3, 4, 5]


async def test_join_replays_then_goes_live_without_gap_or_duplicate() -> None:
    store = FakeStore()
    for _ in range(1200):
        store.post("r")
    hub = make_hub(store, batch=100)
    watcher = connection("w")
    hub.register(watcher)
    await hub.join(watcher, "r", None)
    late = connection("late")
    hub.register(late)

    async def keep_posting() -> None:
        for _ in range(300):
            await hub.on_event(MessagePosted(store.post("r")))
            await asyncio.sleep(0)

    consumed: list[dict[str, object]] = []

    async def consume() -> None:
        # Drain while replaying so backpressure (put) can progress.
        while True:
            consumed.extend(drain(late))
            await asyncio.sleep(0)
            if late.rooms and not late.queued:
                return

    joined, _, _ = await asyncio.gather(hub.join(late, "r", 0), keep_posting(), consume())
    await keep_posting()
    consumed.extend(drain(late))
    seqs = [f["seq"] for f in consumed]
    assert seqs == list(range(1, 1801))
    assert joined <= 1500


async def test_hidden_authors_are_withheld_and_block_changes_apply_live() -> None:
    store = FakeStore()
    hub = make_hub(store)
    conn = connection("viewer")
    hub.register(conn)
    await hub.join(conn, "r", None)
    await hub.on_event(MessagePosted(store.post("r", author="troll")))
    store.hidden["viewer"] = frozenset({"troll"})
    await hub.on_event(BlocksChanged(("viewer", "troll")))
    await hub.on_event(MessagePosted(store.post("r", author="troll")))
    await hub.on_event(MessagePosted(store.post("r", author="friend")))
    frames = drain(conn)
    assert [f["type"] for f in frames] == ["message", "withheld", "message"]
    assert frames[1] == {"type": "withheld", "room": "r", "seq": 2}


async def test_full_outbox_closes_with_resync_code_and_never_blocks_the_room() -> None:
    store = FakeStore()
    hub = make_hub(store)
    slow, fast = connection("slow", limit=10), connection("fast")
    for c in (slow, fast):
        hub.register(c)
        await hub.join(c, "r", None)
    for _ in range(25):
        await hub.on_event(MessagePosted(store.post("r")))
    assert slow.closing == 4008
    assert [f["seq"] for f in drain(fast)] == list(range(1, 26))


async def test_user_and_session_events_reach_only_their_connections() -> None:
    store = FakeStore()
    hub = make_hub(store)
    a1, a2, b = connection("a", "s1"), connection("a", "s2"), connection("b", "s3")
    for c in (a1, a2, b):
        hub.register(c)
    await hub.on_event(UserFrame("a", {"type": "notice", "code": "x", "detail": "y"}))
    assert len(drain(a1)) == len(drain(a2)) == 1 and drain(b) == []
    await hub.on_event(CloseSession("s1", 4001))
    assert a1.closing == 4001 and a2.closing is None and b.closing is None


async def test_room_counts_count_distinct_users_and_forget_empty_rooms() -> None:
    store = FakeStore()
    hub = make_hub(store)
    a1, a2, b = connection("a", "s1"), connection("a", "s2"), connection("b", "s3")
    for c in (a1, a2, b):
        hub.register(c)
        await hub.join(c, "r", None)
    assert hub.room_counts(["r", "other"]) == {"r": 2, "other": 0}
    await hub.join(a1, "r", None)  # joining again changes nothing
    hub.unregister(a1)
    assert hub.room_counts(["r"]) == {"r": 2}  # a2 still holds "a" in the room
    hub.unregister(a2)
    assert hub.room_counts(["r"]) == {"r": 1}
    for c in (a1, a2, b):
        hub.unregister(c)
    assert hub.room_counts(["r"]) == {"r": 0}
    assert hub.connection_count == 0


async def test_a_repeated_join_is_reported_to_the_shared_roster_once() -> None:
    """Other nodes count who is in a room from these reports: a join sent
    twice on one connection must not leave the member there after it closes."""
    reports: list[tuple[str, str, str]] = []

    class Roster:
        async def join(self, room_id: str, user_id: str) -> None:
            reports.append(("join", room_id, user_id))

        async def leave(self, room_id: str, user_id: str) -> None:
            reports.append(("leave", room_id, user_id))

    store = FakeStore()
    hub = Hub(
        fetch=store.fetch,
        last_seq=store.last_seq,
        load_hidden=store.load_hidden,
        roster=Roster(),
    )
    conn = connection("a")
    hub.register(conn)
    await hub.join(conn, "r", None)
    await hub.join(conn, "r", None)
    hub.unregister(conn)
    await hub.drain()
    # The member's own pseudo-room says "a socket is open somewhere" to
    # every node (Web Push goes only to members without one).
    assert reports == [
        ("join", "online:a", "a"),
        ("join", "r", "a"),
        ("leave", "r", "a"),
        ("leave", "online:a", "a"),
    ]


async def test_a_batch_of_messages_reaches_each_member_in_order_with_its_withheld_frames() -> None:
    """``on_messages`` (a group commit's batch): every member gets every seq
    once and in order, withheld where it hides the author; messages already
    delivered are dropped and a gap is still filled from storage."""
    store = FakeStore()
    hub = make_hub(store)
    plain, hider = connection("plain"), connection("hider")
    hider.hidden = frozenset({"troll"})
    for conn in (plain, hider):
        hub.register(conn)
        await hub.join(conn, "r", None)
    first = store.post("r")
    await hub.on_event(MessagePosted(first))
    batch = [store.post("r", author=a) for a in ("friend", "troll", "friend")]
    await hub.on_messages([first, *batch])  # seq 1 again: a duplicate
    store.post("r")  # seq 5: its event was lost
    await hub.on_messages([store.post("r"), store.post("r", author="troll")])
    plain_frames, hider_frames = drain(plain), drain(hider)
    assert [f["seq"] for f in plain_frames] == [1, 2, 3, 4, 5, 6, 7]
    assert {f["type"] for f in plain_frames} == {"message"}
    assert [(f["seq"], f["type"]) for f in hider_frames] == [
        (1, "message"),
        (2, "message"),
        (3, "withheld"),
        (4, "message"),
        (5, "message"),
        (6, "message"),
        (7, "withheld"),
    ]
    assert hub.stats.deliveries == 7 + 5 and hub.stats.withheld == 2
