"""This node's hub: which local connections joined which room, and the
fan-out of committed messages to them in gapless ``seq`` order.

Per room the hub remembers the last seq it delivered. An event for the next
seq is fanned out at once; an older one is a duplicate and dropped; a newer
one means events were lost or reordered between nodes, so the gap is read
from the database (the source of truth) before going on. A joining
connection is replayed what it missed up to that same point, then joins the
live stream, so it sees every seq exactly once.

A replay waits for its connection's flow control, for any backlog: it is
read from the database page by page and written while the outbox is under
half its bound, pausing until it drains to a quarter; only the last few
frames are written under the room's lock, so live delivery to the room
never waits for one slow reader. Messages that arrive meanwhile are read
back from the database by the same loop, so they come in order, once.

The broker is the fast path, not the only one: ``sweep`` (run every few
seconds by the node) compares every local room's head seq in the database
with what the hub delivered and fills the difference, so a message whose
publish was lost (its node died between commit and publish) is delivered
anyway, even when it was the room's last.

The hub asks the broker for a room's events only while the room has local
members (``feed``: watched when its channel opens, before its position is
read, so nothing published after that read can be missed; unwatched when its
last local member leaves): a node decodes nothing of the other rooms."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

from causerie.domain.events import (
    BlocksChanged,
    CloseSession,
    CloseUser,
    Event,
    MessageDeleted,
    MessageEdited,
    MessagePosted,
    ReactionsChanged,
    UserFrame,
)
from causerie.domain.models import Message
from causerie.ports import RoomFeed, RosterWriter
from causerie.realtime.budget import SocketCounts
from causerie.realtime.connection import Connection, WriteBatcher
from causerie.realtime.frames import (
    Outgoing,
    Run,
    edited_frame,
    message_frame,
    outgoing,
    reactions_frame,
    withheld_frame,
)

log = logging.getLogger(__name__)

FetchMessages = Callable[[str, int, int, int], Awaitable[list[Message]]]
"""(room_id, after_seq, upto_seq, limit) → messages ascending."""
LastSeq = Callable[[str], Awaitable[int]]
LoadHidden = Callable[[str], Awaitable[frozenset[str]]]
Heads = Callable[[list[str]], Awaitable[dict[str, int]]]
"""room ids → each room's last committed seq, in one query."""

# A replay's last stretch, written under the room's lock, is at most this
# many messages (and only what fits in the outbox); the rest goes before,
# outside the lock, at the pace of the connection.
REPLAY_TAIL = 64


@dataclass(slots=True)
class HubStats:
    """Plain counters, read by the metrics endpoint at scrape time."""

    deliveries: int = 0
    withheld: int = 0
    gap_fills: int = 0
    slow_disconnects: int = 0


@dataclass(eq=False, slots=True)
class _RoomChannel:
    delivered: int
    members: set[Connection] = field(default_factory=set)
    # Connections per member, so a room's head count costs O(1), not a pass
    # over its connections (GET /rooms asks for every room).
    users: Counter[str] = field(default_factory=Counter)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def online_key(user_id: str) -> str:
    """The roster's pseudo-room of one member's sockets (room ids never
    contain a colon)."""
    return f"online:{user_id}"


class Hub:
    def __init__(
        self,
        *,
        fetch: FetchMessages,
        last_seq: LastSeq,
        load_hidden: LoadHidden,
        replay_batch: int = 500,
        roster: RosterWriter | None = None,
        heads: Heads | None = None,
    ) -> None:
        self._roster = roster
        self._heads = heads
        # Open sockets per account and per address on this node (the
        # endpoint's limits, docs/protocol.md).
        self.sockets_by_user = SocketCounts()
        self.sockets_by_address = SocketCounts()
        self.stats = HubStats()
        # Shared by this node's direct connections (see WriteBatcher).
        self.batcher = WriteBatcher()
        # Called once per delivered message with the seconds since it was
        # sent (metrics); not per recipient.
        self.observe_delivery: Callable[[float], None] | None = None
        self._roster_tasks: set[asyncio.Task[None]] = set()
        self._fetch = fetch
        self._last_seq = last_seq
        self._load_hidden = load_hidden
        self._replay_batch = replay_batch
        self._rooms: dict[str, _RoomChannel] = {}
        self._opening: dict[str, asyncio.Lock] = {}
        self._by_user: dict[str, set[Connection]] = {}
        self._by_session: dict[str, set[Connection]] = {}
        # The broker's per-room subscriptions (set by the node); None: this
        # hub hears every room anyway (a hub without a broker, in tests).
        self.feed: RoomFeed | None = None

    # --- connections -------------------------------------------------------

    def register(self, conn: Connection) -> None:
        conn.on_too_slow = self._count_slow
        first = conn.user_id not in self._by_user
        self._by_user.setdefault(conn.user_id, set()).add(conn)
        self._by_session.setdefault(conn.session_id, set()).add(conn)
        if first and self._roster is not None:
            # Whether a member has a socket anywhere (Web Push goes only to
            # members without one): a pseudo-room per member in the roster.
            self._report(self._roster.join(online_key(conn.user_id), conn.user_id))

    def is_connected(self, user_id: str) -> bool:
        """At least one open socket of ``user_id`` on this node."""
        return user_id in self._by_user

    def _count_slow(self) -> None:
        self.stats.slow_disconnects += 1

    def unregister(self, conn: Connection) -> None:
        for room_id in list(conn.rooms):
            self.leave(conn, room_id)
        for index, key in ((self._by_user, conn.user_id), (self._by_session, conn.session_id)):
            conns = index.get(key)
            if conns is not None:
                conns.discard(conn)
                if not conns:
                    del index[key]
                    if index is self._by_user and self._roster is not None:
                        self._report(self._roster.leave(online_key(key), key))

    def connected_users(self) -> list[str]:
        """Members with at least one connection on this node."""
        return list(self._by_user)

    @property
    def connection_count(self) -> int:
        return sum(len(c) for c in self._by_session.values())

    @property
    def room_count(self) -> int:
        return len(self._rooms)

    @property
    def queued(self) -> int:
        """Frames waiting in writer queues (the queue path; see ``Connection``)."""
        return sum(c.queued for conns in self._by_session.values() for c in conns)

    @property
    def buffered(self) -> int:
        """Bytes written to sockets and not yet taken by the kernel (the direct path)."""
        return sum(c.buffered for conns in self._by_session.values() for c in conns)

    # --- rooms ---------------------------------------------------------------

    async def _channel(self, room_id: str) -> _RoomChannel:
        channel = self._rooms.get(room_id)
        if channel is not None:
            return channel
        opening = self._opening.setdefault(room_id, asyncio.Lock())
        async with opening:
            channel = self._rooms.get(room_id)
            if channel is None:
                channel = await self._open(room_id)
        self._opening.pop(room_id, None)
        return channel

    async def _open(self, room_id: str) -> _RoomChannel:
        """A room's channel, listed first (locked), then subscribed to, then
        positioned: a message committed past the position read is published
        after the subscription, so it reaches us; if it arrives before the
        position is known, it waits on the lock instead of being dropped."""
        channel = _RoomChannel(delivered=0)
        async with channel.lock:
            self._rooms[room_id] = channel
            try:
                if self.feed is not None:
                    await self.feed.watch(room_id)
                channel.delivered = await self._last_seq(room_id)
            except BaseException:
                del self._rooms[room_id]
                if self.feed is not None:
                    self.feed.unwatch(room_id)
                raise
        return channel

    async def join(self, conn: Connection, room_id: str, since: int | None) -> int:
        """Replay ``seq > since`` (nothing when None) then subscribe; returns
        the seq up to which this connection is now current."""
        channel = await self._channel(room_id)
        cursor = since
        while True:
            if cursor is not None:
                cursor = await self._replay(conn, room_id, channel, cursor)
            if conn.closing is not None:
                self._drop_if_empty(room_id, channel)
                return cursor if cursor is not None else channel.delivered
            async with channel.lock:
                # A channel dropped while we replayed (its last member left)
                # has a stale position: go on with a fresh one.
                current = self._rooms.get(room_id) is channel
                if current and cursor is not None and channel.delivered > cursor:
                    cursor = await self._replay_tail(conn, room_id, channel, cursor)
                    if cursor < channel.delivered:
                        continue  # did not fit: wait for the socket, outside the lock
                if current:
                    if conn not in channel.members:  # joining twice counts once, everywhere
                        channel.members.add(conn)
                        channel.users[conn.user_id] += 1
                        if self._roster is not None:
                            self._report(self._roster.join(room_id, conn.user_id))
                    conn.rooms.add(room_id)
                    return channel.delivered
            channel = await self._channel(room_id)

    async def _replay(
        self, conn: Connection, room_id: str, channel: _RoomChannel, cursor: int
    ) -> int:
        """Outside the room's lock: replay page by page at the connection's
        pace until the stretch left is short. Returns the new cursor."""
        while conn.closing is None and channel.delivered - cursor > REPLAY_TAIL:
            await conn.drained()
            page = await self._fetch(room_id, cursor, channel.delivered, self._replay_batch)
            if not page:
                log.warning("room %s: seq %d.. missing in storage", room_id, cursor + 1)
                return channel.delivered
            await conn.pace_replay(len(page))
            for message in page:
                frame = self._frame_for(conn, message)
                while not conn.replay_room(len(frame.payload)):
                    if conn.closing is not None:
                        return cursor
                    await conn.drained()
                conn.offer(frame)
                cursor = message.seq
        return cursor

    async def _replay_tail(
        self, conn: Connection, room_id: str, channel: _RoomChannel, cursor: int
    ) -> int:
        """Under the room's lock: the last stretch, as far as it fits in the
        outbox without waiting. Returns the new cursor (below the room's
        position if the rest did not fit)."""
        wanted = min(channel.delivered - cursor, REPLAY_TAIL)
        page = await self._fetch(room_id, cursor, channel.delivered, wanted)
        if not page:
            log.warning("room %s: seq %d.. missing in storage", room_id, cursor + 1)
            return channel.delivered
        conn.charge_replay(len(page))  # never wait under the lock: the next page pays
        for message in page:
            frame = self._frame_for(conn, message)
            if not conn.replay_room(len(frame.payload)):
                break
            conn.offer(frame)
            cursor = message.seq
        return cursor

    def leave(self, conn: Connection, room_id: str) -> None:
        conn.rooms.discard(room_id)
        channel = self._rooms.get(room_id)
        if channel is None or conn not in channel.members:
            return
        channel.members.discard(conn)
        left = channel.users[conn.user_id] - 1
        if left:
            channel.users[conn.user_id] = left
        else:
            del channel.users[conn.user_id]
        if self._roster is not None:
            self._report(self._roster.leave(room_id, conn.user_id))
        self._drop_if_empty(room_id, channel)

    def _drop_if_empty(self, room_id: str, channel: _RoomChannel) -> None:
        """Forget a room nobody here is in any more, and stop hearing it
        (a join replaying meanwhile holds the lock: it finds out itself)."""
        if channel.members or channel.lock.locked() or self._rooms.get(room_id) is not channel:
            return
        del self._rooms[room_id]
        if self.feed is not None:
            self.feed.unwatch(room_id)

    def _report(self, write: Coroutine[Any, Any, None]) -> None:
        # Started in call order; the writer keeps that order (a leave never
        # overtakes its join) and never raises.
        task = asyncio.get_running_loop().create_task(write)
        self._roster_tasks.add(task)
        task.add_done_callback(self._roster_tasks.discard)

    async def drain(self) -> None:
        """Wait for presence reports still in flight (shutdown, tests)."""
        while self._roster_tasks:
            await asyncio.gather(*list(self._roster_tasks), return_exceptions=True)

    def room_counts(self, room_ids: Sequence[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for room_id in room_ids:
            channel = self._rooms.get(room_id)
            counts[room_id] = len(channel.users) if channel else 0
        return counts

    # --- events --------------------------------------------------------------

    async def on_event(self, event: Event) -> None:
        if isinstance(event, MessagePosted):
            await self._on_message(event.message)
        elif isinstance(event, MessageDeleted):
            channel = self._rooms.get(event.room_id)
            if channel is not None:
                deleted = outgoing({"type": "deleted", "room": event.room_id, "seq": event.seq})
                for conn in channel.members:
                    conn.offer(deleted)
        elif isinstance(event, MessageEdited):
            self._on_edited(event.message)
        elif isinstance(event, ReactionsChanged):
            self._on_reactions(event)
        elif isinstance(event, UserFrame):
            targets = self._by_user.get(event.user_id)
            if targets:
                frame = outgoing(event.frame)
                for conn in list(targets):
                    conn.offer(frame)
        elif isinstance(event, CloseUser):
            for conn in list(self._by_user.get(event.user_id, ())):
                conn.close(event.code)
        elif isinstance(event, CloseSession):
            for conn in list(self._by_session.get(event.session_id, ())):
                conn.close(event.code)
        elif isinstance(event, BlocksChanged):
            for user_id in event.user_ids:
                conns = list(self._by_user.get(user_id, ()))
                if conns:
                    hidden = await self._load_hidden(user_id)
                    for conn in conns:
                        conn.hidden = hidden

    def _on_edited(self, message: Message) -> None:
        """The new text to every member who saw the message. A seq not yet
        delivered here will be read from the database, already edited."""
        channel = self._rooms.get(message.room_id)
        if channel is None or message.seq > channel.delivered or message.deleted:
            return
        frame = edited_frame(message)
        for conn in channel.members:
            if message.author_id not in conn.hidden:
                conn.offer(frame)

    def _on_reactions(self, event: ReactionsChanged) -> None:
        """Each member's counts, without the reactions of people hidden from
        them. Connections that see the same thing share one encoded frame
        (usually all but the reactors themselves)."""
        channel = self._rooms.get(event.room_id)
        if channel is None or event.seq > channel.delivered:
            return
        reactors = {user_id for _, user_id in event.reactions}
        shared: dict[tuple[frozenset[str], str | None], Outgoing] = {}
        for conn in channel.members:
            if event.author_id in conn.hidden:
                continue  # the message itself is withheld from this member
            key = (
                frozenset(reactors.intersection(conn.hidden)),
                conn.user_id if conn.user_id in reactors else None,
            )
            frame = shared.get(key)
            if frame is None:
                frame = shared[key] = reactions_frame(
                    event.room_id, event.seq, event.reactions, conn.user_id, key[0]
                )
            conn.offer(frame)

    async def resync(self) -> None:
        """After the broker lost events: catch every local room up from the database."""
        if self._heads is not None:
            await self.sweep()
            return
        for room_id, channel in list(self._rooms.items()):
            latest = await self._last_seq(room_id)
            if latest > channel.delivered:
                async with channel.lock:
                    await self._catch_up(room_id, channel, latest)

    async def sweep(self) -> int:
        """Fill what the broker did not bring: one query for the head seq of
        every room with local members, then a gap fill for each room whose
        head is past what was delivered. Returns the rooms filled."""
        if self._heads is None or not self._rooms:
            return 0
        heads = await self._heads(list(self._rooms))
        filled = 0
        for room_id, head in heads.items():
            channel = self._rooms.get(room_id)
            if channel is None or head <= channel.delivered:
                continue
            async with channel.lock:
                if head > channel.delivered and self._rooms.get(room_id) is channel:
                    await self._catch_up(room_id, channel, head)
                    filled += 1
        return filled

    async def on_messages(self, messages: Sequence[Message]) -> None:
        """``on_event`` for each message posted, in order; a stretch of one
        room's next seqs (a group commit's batch) goes to each member at
        once (``_deliver_run``)."""
        start = 0
        while start < len(messages):
            first = messages[start]
            channel = self._rooms.get(first.room_id)
            end = start + 1
            if channel is not None and first.seq == channel.delivered + 1:
                while (
                    end < len(messages)
                    and messages[end].room_id == first.room_id
                    and messages[end].seq == messages[end - 1].seq + 1
                ):
                    end += 1
            if end - start > 1 and channel is not None and not channel.lock.locked():
                self._deliver_run(channel, messages[start:end])
            else:
                for message in messages[start:end]:
                    await self._on_message(message)
            start = end

    async def _on_message(self, message: Message) -> None:
        channel = self._rooms.get(message.room_id)
        if channel is None or message.seq <= channel.delivered:
            return
        if message.seq == channel.delivered + 1 and not channel.lock.locked():
            self._deliver(channel, message)
            return
        async with channel.lock:
            if message.seq <= channel.delivered:
                return
            if message.seq > channel.delivered + 1:
                await self._catch_up(message.room_id, channel, message.seq - 1)
            if message.seq == channel.delivered + 1:
                self._deliver(channel, message)

    async def _catch_up(self, room_id: str, channel: _RoomChannel, upto: int) -> None:
        self.stats.gap_fills += 1
        while channel.delivered < upto:
            batch = await self._fetch(room_id, channel.delivered, upto, self._replay_batch)
            if not batch:
                log.warning(
                    "room %s: seq %d..%d missing in storage", room_id, channel.delivered, upto
                )
                return
            for message in batch:
                self._deliver(channel, message)

    def _deliver(self, channel: _RoomChannel, message: Message) -> None:
        # One frame object per message (and one withheld, only if needed),
        # offered as is to every member: its wire bytes are built once.
        withheld: Outgoing | None = None
        if message.deleted:  # a gap fill can read a message removed since
            data = withheld = withheld_frame(message.room_id, message.seq)
        else:
            data = message_frame(message)
        author = message.author_id
        hidden_count = 0
        for conn in channel.members:
            if author in conn.hidden:
                if withheld is None:
                    withheld = withheld_frame(message.room_id, message.seq)
                hidden_count += 1
                conn.offer(withheld)
            else:
                conn.offer(data)
        channel.delivered = message.seq
        if self.observe_delivery is not None:
            self.observe_delivery(max(0.0, time.time() - message.created_at.timestamp()))
        stats = self.stats
        stats.deliveries += len(channel.members) - hidden_count
        stats.withheld += hidden_count

    def _deliver_run(self, channel: _RoomChannel, messages: Sequence[Message]) -> None:
        """``_deliver`` of consecutive seqs, one offer per member: the
        per-member cost of a batch instead of per message. A member who
        hides one of the run's authors gets it frame by frame, withheld
        where due."""
        run = Run(
            [withheld_frame(m.room_id, m.seq) if m.deleted else message_frame(m) for m in messages]
        )
        authors = {message.author_id for message in messages}
        hidden_count = 0
        for conn in channel.members:
            if conn.hidden and not authors.isdisjoint(conn.hidden):
                for message, frame in zip(messages, run.frames, strict=True):
                    if message.author_id in conn.hidden:
                        hidden_count += 1
                        conn.offer(withheld_frame(message.room_id, message.seq))
                    else:
                        conn.offer(frame)
            else:
                conn.offer_run(run)
        channel.delivered = messages[-1].seq
        if self.observe_delivery is not None:
            now = time.time()
            for message in messages:
                self.observe_delivery(max(0.0, now - message.created_at.timestamp()))
        stats = self.stats
        stats.deliveries += len(channel.members) * len(messages) - hidden_count
        stats.withheld += hidden_count

    @staticmethod
    def _frame_for(conn: Connection, message: Message) -> Outgoing:
        if message.author_id in conn.hidden or message.deleted:
            return withheld_frame(message.room_id, message.seq)
        return message_frame(message)
