"""The Broker port over Redis pub/sub, for several nodes sharing one Redis.

Channels: ``<channel>`` carries the events every node needs; a room's
events go to ``<channel>:room:<room id>``, which a node subscribes to only
while it has local members there (``watch``/``unwatch``, called by the hub),
so a node decodes no event of a room it has nobody in. All channels share
one subscription connection, so the order below holds across them.

Envelopes are the compact bytes of ``realtime.codec`` (ids and the committed
message, never more): the database stays the source of truth.

How the delivery promise of ``ports.Broker`` is kept:

- *Order*: one writer task sends every envelope of this broker, in the order
  ``publish`` was called, over one connection (batched in a pipeline when
  several are waiting); Redis relays a connection's messages in order and one
  reader task hands them to the handler one at a time.
- *At most once*: redis-py's automatic retries are off, so a failed send is
  never replayed (it may have reached Redis), and a dropped subscription is
  never silently re-established by redis-py (messages sent meanwhile would be
  lost without anyone knowing).
- *Watching*: ``watch`` returns once Redis confirmed the room's
  ``SUBSCRIBE`` (Redis handles commands in order, so everything published
  after that reaches us); the hub reads the room's position only then.
- *Loss is announced*: when the subscription breaks, the reader subscribes
  again (with backoff) to the shared channel and every watched room, and
  only then calls ``on_resync``, so nothing published
  after the refetch starts can be missed. When a send fails, or the outbox
  overflows, the writer's next batch starts with a resync marker that makes
  every subscriber (this node's included) call ``on_resync``.
- *Half-open connections*: an idle reader pings; no reply within three ping
  intervals counts as a broken subscription.

``publish`` only queues the envelope (bounded outbox) and returns: the
request that committed never waits for Redis.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from causerie.domain.events import Event
from causerie.ports import EventHandler, ResyncHandler
from causerie.realtime.broker import room_channel, room_of
from causerie.realtime.codec import CodecError, decode, encode

_log = logging.getLogger(__name__)

# Not a JSON array, so no codec envelope can ever look like it.
RESYNC_MARKER = b"!resync"
_BATCH = 512
# Own envelopes remembered for the lag measure; past this many in flight
# the oldest are forgotten (the lag is then not measured for them).
_ECHO_LIMIT = 10_000


@dataclass(slots=True)
class BrokerStats:
    """Plain counters, read by /metrics at scrape time."""

    published: int = 0
    received: int = 0
    dropped: int = 0
    resyncs: int = 0
    # Envelopes decoded and handed to the hub: with per-room channels, only
    # those of rooms with local members (and the shared channel's).
    decoded: int = 0


_Failure = (RedisError, OSError)


class _Subscription:
    """One client and its pub/sub connection; thrown away when it breaks."""

    def __init__(self, client: Redis) -> None:
        self.client = client
        self.pubsub: PubSub = client.pubsub()
        # Room channels asked of Redis on this connection, and the watchers
        # waiting for each one's confirmation (FIFO: Redis confirms in order).
        self.requested: set[str] = set()
        self.confirming: dict[str, deque[asyncio.Future[None]]] = {}

    def confirmed(self, channel: str) -> None:
        waiting = self.confirming.get(channel)
        if waiting:
            future = waiting.popleft()
            if not waiting:
                del self.confirming[channel]
            if not future.done():
                future.set_result(None)

    def release(self) -> None:
        """No confirmation will come any more: let every watcher go (the
        resync after the next subscription fills what they miss)."""
        for waiting in self.confirming.values():
            for future in waiting:
                if not future.done():
                    future.set_result(None)
        self.confirming.clear()

    async def close(self) -> None:
        try:
            await self.pubsub.aclose()  # type: ignore[no-untyped-call, unused-ignore]  # typed from redis-py 8.2 on
        finally:
            await self.client.aclose()


class RedisBroker:
    """``Broker`` over Redis pub/sub on ``channel`` (see the module docstring)."""

    def __init__(
        self,
        url: str,
        channel: str = "causerie:events",
        *,
        client_name: str | None = None,
        retry_delays: tuple[float, float] = (0.05, 2.0),
        ping_interval: float = 5.0,
        outbox_limit: int = 10_000,
        confirm_timeout: float = 5.0,
        stop_grace: float = 2.0,
    ) -> None:
        self._url = url
        self._channel = channel
        # Names show up in CLIENT LIST (operators, and the tests' CLIENT KILL).
        self.client_name = client_name or "causerie-broker:" + re.sub(r"\s", "_", channel)
        self._first_delay, self._max_delay = retry_delays
        self._ping_interval = ping_interval
        self._outbox_limit = outbox_limit
        self._confirm_timeout = confirm_timeout
        self._stop_grace = stop_grace

        self._outbox: deque[tuple[str, bytes]] = deque()
        # This node's envelopes in publish order, with when they were queued:
        # Redis hands every subscriber, this node included, one connection's
        # messages in order, so our own envelope coming back is the head of
        # this queue — its age is the broker lag (queue + Redis + reader).
        # Only envelopes of channels we hear (the shared one, watched rooms).
        self._echo: deque[tuple[str, bytes, float]] = deque(maxlen=_ECHO_LIMIT)
        self.stats = BrokerStats()
        self.observe_lag: Callable[[float], None] | None = None
        self._wake = asyncio.Event()
        self._lost = False
        self._closing = False
        self._publisher: Redis | None = None
        self._sub: _Subscription | None = None
        self._reader: asyncio.Task[None] | None = None
        self._writer: asyncio.Task[None] | None = None
        # Room channels this node wants (kept across reconnections), and the
        # lock that keeps SUBSCRIBE/UNSUBSCRIBE in the order they were decided.
        self._wanted: set[str] = set()
        self._sub_lock = asyncio.Lock()
        self._unwatching: set[asyncio.Task[None]] = set()

    # --- the Broker port -----------------------------------------------------

    async def start(self, handler: EventHandler, on_resync: ResyncHandler) -> None:
        """Subscribe; returns once Redis confirmed the subscription. Raises
        ``redis.exceptions.ConnectionError`` when Redis is unreachable."""
        if self._reader is not None:
            raise RuntimeError("broker already started")
        self._closing = False
        self._sub = await self._subscribe()
        self._publisher = self._client("pub")
        self._reader = asyncio.create_task(
            self._read_loop(handler, on_resync), name=f"{self.client_name}:reader"
        )
        self._writer = asyncio.create_task(self._write_loop(), name=f"{self.client_name}:writer")

    async def publish(self, event: Event) -> None:
        """Queue ``event`` for every subscriber; never waits for Redis."""
        if self._writer is None:
            raise RuntimeError("broker not started")
        if len(self._outbox) >= self._outbox_limit:
            # Redis cannot keep up or is away: drop, and have everyone resync.
            self._lose()
            self.stats.dropped += 1
        else:
            data = encode(event)
            room_id = room_of(event)
            target = self._channel if room_id is None else room_channel(self._channel, room_id)
            self._outbox.append((target, data))
            if room_id is None or target in self._wanted:  # it will come back to us
                self._echo.append((target, data, time.monotonic()))
            self.stats.published += 1
        self._wake.set()

    async def watch(self, room_id: str) -> None:
        channel = room_channel(self._channel, room_id)
        if self._unwatching:  # earlier unwatches first (the port's promise)
            await asyncio.wait(list(self._unwatching))
        self._wanted.add(channel)
        waiting = await self._reconcile(channel)
        if waiting is None:
            return
        try:
            async with asyncio.timeout(self._confirm_timeout):
                await asyncio.shield(waiting)
        except TimeoutError:
            # The connection is probably broken: the reader will notice,
            # subscribe again to every wanted room, then resync.
            _log.warning("no confirmation of %s from Redis", channel)

    def unwatch(self, room_id: str) -> None:
        channel = room_channel(self._channel, room_id)
        self._wanted.discard(channel)
        if any(target == channel for target, _, _ in self._echo):
            # Our envelopes to that room will not come back: stop waiting for them.
            self._echo = deque((e for e in self._echo if e[0] != channel), maxlen=_ECHO_LIMIT)
        if self._sub is None:
            return
        task = asyncio.get_running_loop().create_task(self._drop(channel))
        self._unwatching.add(task)
        task.add_done_callback(self._unwatching.discard)

    async def _drop(self, channel: str) -> None:
        await self._reconcile(channel)

    async def _reconcile(self, channel: str) -> asyncio.Future[None] | None:
        """Bring the subscription to ``channel`` in line with ``_wanted``;
        returns the confirmation to wait for, if one is pending."""
        async with self._sub_lock:
            sub = self._sub
            if sub is None:
                return None  # reconnecting: the next subscription takes _wanted
            wanted = channel in self._wanted
            if wanted == (channel in sub.requested):
                pending = sub.confirming.get(channel)
                return pending[-1] if wanted and pending else None
            try:
                if wanted:
                    future = asyncio.get_running_loop().create_future()
                    sub.confirming.setdefault(channel, deque()).append(future)
                    sub.requested.add(channel)
                    await sub.pubsub.subscribe(channel)
                    return future
                sub.requested.discard(channel)
                await sub.pubsub.unsubscribe(channel)
            except _Failure as exc:
                # The reader sees the broken connection too, and resubscribes.
                _log.warning("(un)subscribing %s failed: %s", channel, exc)
            return None

    @property
    def queued(self) -> int:
        """Envelopes waiting to be sent to Redis."""
        return len(self._outbox)

    def _lose(self) -> None:
        self._lost = True
        self._echo.clear()  # what was lost never comes back: stop matching it

    async def stop(self) -> None:
        """Flush what is queued (within ``stop_grace`` seconds), unsubscribe, close."""
        reader, writer = self._reader, self._writer
        if reader is None or writer is None:
            return
        self._reader = self._writer = None
        self._closing = True
        self._wake.set()
        try:
            await self._finish(writer, self._stop_grace)
            if self._unwatching:
                await asyncio.wait(list(self._unwatching), timeout=self._stop_grace)
            await self._unsubscribe(reader, self._stop_grace)
            await self._finish(reader, 0)
        finally:
            if self._sub is not None:
                self._sub.release()
                await self._sub.close()
                self._sub = None
            if self._publisher is not None:
                await self._publisher.aclose()
                self._publisher = None
            self._outbox.clear()

    # --- connections ---------------------------------------------------------

    def _client(self, role: str) -> Redis:
        # retries=0: see "at most once" in the module docstring.
        return Redis.from_url(
            self._url, retry=Retry(NoBackoff(), 0), client_name=f"{self.client_name}:{role}"
        )

    async def _subscribe(self) -> _Subscription:
        """A new subscription to the shared channel and every wanted room,
        returned once Redis confirmed them all."""
        sub = _Subscription(self._client("sub"))
        try:
            async with asyncio.timeout(self._confirm_timeout):
                rooms = set(self._wanted)
                sub.requested |= rooms
                await sub.pubsub.subscribe(self._channel, *rooms)
                unconfirmed = len(rooms) + 1
                while True:
                    message = await sub.pubsub.get_message(timeout=self._confirm_timeout)
                    if message is not None and message["type"] == "subscribe":
                        unconfirmed -= 1
                    if unconfirmed:
                        continue
                    # Rooms watched or unwatched while we were (re)connecting
                    # (a watch then only noted its room): catch up before the
                    # resync, so that its sweep covers every watched room.
                    missing = self._wanted - sub.requested
                    stale = sub.requested - self._wanted
                    if stale:
                        sub.requested -= stale
                        await sub.pubsub.unsubscribe(*stale)
                    if not missing:
                        return sub
                    sub.requested |= missing
                    await sub.pubsub.subscribe(*missing)
                    unconfirmed = len(missing)
        except BaseException:
            await sub.close()
            raise

    async def _unsubscribe(self, reader: asyncio.Task[None], grace: float) -> None:
        """Ask Redis to unsubscribe; the reader leaves on the confirmation."""
        sub = self._sub
        if sub is None or reader.done():
            return
        try:
            async with asyncio.timeout(grace):
                await sub.pubsub.unsubscribe()  # every channel, rooms included
        except (*_Failure, TimeoutError):
            return  # Redis is away: the reader is cancelled instead.
        await asyncio.wait([reader], timeout=grace)

    async def _finish(self, task: asyncio.Task[None], grace: float) -> None:
        """Let ``task`` end by itself within ``grace`` seconds, else cancel it."""
        if grace > 0:
            await asyncio.wait([task], timeout=grace)
        if not task.done():
            task.cancel()
            await asyncio.wait([task])
        if not task.cancelled() and (exc := task.exception()) is not None:
            _log.error("%s ended with an error", task.get_name(), exc_info=exc)

    # --- reading -------------------------------------------------------------

    async def _read_loop(self, handler: EventHandler, on_resync: ResyncHandler) -> None:
        while True:
            sub = self._sub
            assert sub is not None
            try:
                await self._pump(sub.pubsub, handler, on_resync)
                return  # unsubscribed by stop()
            except _Failure as exc:
                if self._closing:
                    return
                _log.warning("Redis subscription on %s lost: %s", self._channel, exc)
            self._sub = None
            self._echo.clear()
            sub.release()
            await sub.close()
            self._sub = await self._resubscribe()
            _log.info("Redis subscription on %s back: resyncing", self._channel)
            await _call_resync(on_resync)

    async def _pump(self, pubsub: PubSub, handler: EventHandler, on_resync: ResyncHandler) -> None:
        loop = asyncio.get_running_loop()
        last_heard = loop.time()
        while True:
            message = await pubsub.get_message(timeout=self._ping_interval)
            now = loop.time()
            if message is None:
                silent = now - last_heard
                if silent > 3 * self._ping_interval:
                    raise ConnectionError(f"no reply from Redis for {silent:.1f} s")
                if silent >= self._ping_interval:
                    await pubsub.ping()
                continue
            last_heard = now
            kind = message["type"]
            if kind == "message":
                await self._deliver(message["data"], handler, on_resync)
            elif kind == "subscribe":
                sub = self._sub
                if sub is not None:
                    sub.confirmed(_text(message["channel"]))
            elif kind == "unsubscribe" and self._closing and message["data"] == 0:
                return  # the last channel is gone: stop() asked for it

    async def _deliver(self, data: bytes, handler: EventHandler, on_resync: ResyncHandler) -> None:
        self.stats.received += 1
        echo = self._echo
        if echo and echo[0][1] == data:
            _, _, queued_at = echo.popleft()
            if self.observe_lag is not None:
                self.observe_lag(time.monotonic() - queued_at)
        if data == RESYNC_MARKER:
            self.stats.resyncs += 1
            await _call_resync(on_resync)
            return
        try:
            event = decode(data)
        except CodecError as exc:
            # Another version of the code (rolling deploy) or a stranger on
            # the channel: skip it; seq gaps still reveal lost messages.
            _log.error("undecodable envelope on %s: %s", self._channel, exc)
            return
        self.stats.decoded += 1
        try:
            await handler(event)
        except Exception:
            _log.exception("event handler failed on %s", type(event).__name__)

    async def _resubscribe(self) -> _Subscription:
        delay = self._first_delay
        while True:
            try:
                return await self._subscribe()
            except (*_Failure, TimeoutError) as exc:
                _log.warning("resubscribing to %s failed: %s", self._channel, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._max_delay)

    # --- writing -------------------------------------------------------------

    async def _write_loop(self) -> None:
        delay = self._first_delay
        while True:
            if not self._outbox and not self._lost:
                if self._closing:
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            batch = [self._outbox.popleft() for _ in range(min(len(self._outbox), _BATCH))]
            if self._lost:
                # On the shared channel: every node hears it, whatever it watches.
                batch.insert(0, (self._channel, RESYNC_MARKER))
                self._lost = False
            try:
                await self._send(batch)
                delay = self._first_delay
            except _Failure as exc:
                # Part of the batch may have gone out: never resend it.
                _log.warning("publishing to %s failed: %s", self._channel, exc)
                self._lose()
                if self._closing:
                    return  # Redis is away: stop() need not wait for it.
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._max_delay)

    async def _send(self, batch: list[tuple[str, bytes]]) -> None:
        publisher = self._publisher
        assert publisher is not None
        if len(batch) == 1:
            await publisher.publish(*batch[0])
            return
        async with publisher.pipeline(transaction=False) as pipe:
            for channel, data in batch:
                pipe.publish(channel, data)
            await pipe.execute()


def _text(channel: bytes | str) -> str:
    return channel.decode() if isinstance(channel, bytes) else channel


async def _call_resync(on_resync: ResyncHandler) -> None:
    try:
        await on_resync()
    except Exception:
        _log.exception("on_resync failed")
