"""The Broker delivery promise (realtime/broker.py), checked on every
implementation, plus the envelope codec the Redis broker relies on."""

from __future__ import annotations

import asyncio
import dataclasses
import typing
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import orjson
import pytest
import redis.asyncio as aioredis
from hypothesis import given
from hypothesis import strategies as st
from tests.contract.conftest_redis import TcpProxy, unique_prefix

from causerie.adapters.redis_broker import RESYNC_MARKER, RedisBroker
from causerie.domain.bands import Band
from causerie.domain.events import (
    BlocksChanged,
    CloseSession,
    CloseUser,
    Event,
    MessageDeleted,
    MessageEdited,
    MessagePosted,
    NearbyPresence,
    ReactionsChanged,
    UserFrame,
)
from causerie.domain.media import ImageRef
from causerie.domain.models import Message
from causerie.ports import Broker
from causerie.realtime.broker import InMemoryBroker, LocalBus
from causerie.realtime.codec import CodecError, decode, encode

WAIT = 10.0  # seconds; generous, only reached when something is broken


# --- helpers -------------------------------------------------------------------


class Collector:
    """A node's hub, reduced to what it was handed."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.resyncs = 0
        self._changed = asyncio.Event()

    async def on_event(self, event: Event) -> None:
        self.events.append(event)
        self._changed.set()

    async def on_resync(self) -> None:
        self.resyncs += 1
        self._changed.set()

    async def wait_until(self, condition: Callable[[Collector], bool]) -> None:
        async with asyncio.timeout(WAIT):
            while not condition(self):
                self._changed.clear()
                await self._changed.wait()

    async def wait_for_events(self, count: int) -> None:
        await self.wait_until(lambda c: len(c.events) >= count)


def posted(room: str, seq: int, text: str = "hello") -> MessagePosted:
    created = datetime(2030, 1, 1, 12, tzinfo=UTC) + timedelta(microseconds=seq)
    message = Message(
        id=f"m-{room}-{seq}",
        room_id=room,
        seq=seq,
        author_id="u1",
        author_pseudo="Alice",
        text=text,
        created_at=created,
        client_id=f"c{seq}",
    )
    return MessagePosted(message)


def one_of_each_type() -> list[Event]:
    paris = timezone(timedelta(hours=2))
    message = Message(
        id="m1",
        room_id="r1",
        seq=7,
        author_id="u1",
        author_pseudo="Zoé",
        text='salut 👋 "quoted" \n newline',
        created_at=datetime(2030, 6, 1, 14, 30, 5, 123456, tzinfo=paris),
        client_id="c-1",
        deleted=True,
    )
    return [
        MessagePosted(message, members=("u1", "u2")),
        UserFrame("u2", {"type": "dm.update", "room": "r1", "n": [1, 2.5, None, True]}),
        CloseUser("u3", 4003, "banned"),
        CloseSession("s1", 4001),
        BlocksChanged(("u1", "u4")),
        NearbyPresence("u5", Band.TEEN, "2988507", datetime(2030, 6, 1, tzinfo=paris), True),
    ]


BrokerFactory = Callable[[], Broker]


@pytest.fixture(params=["memory", "redis"])
async def make_broker(request: pytest.FixtureRequest) -> AsyncIterator[BrokerFactory]:
    """Brokers sharing one channel unique to the test; stopped afterwards, and
    then no task of theirs may be left behind."""
    channel = unique_prefix("events")
    created: list[Broker] = []
    if request.param == "memory":
        bus = LocalBus()

        def build() -> Broker:
            return InMemoryBroker(channel, bus=bus)
    else:
        url = request.getfixturevalue("redis_url")

        def build() -> Broker:
            return RedisBroker(url, channel, retry_delays=(0.01, 0.2))

    def factory() -> Broker:
        broker = build()
        created.append(broker)
        return broker

    yield factory
    for broker in created:
        await broker.stop()
    assert tasks_of(channel) == []


def tasks_of(channel: str) -> list[asyncio.Task[Any]]:
    """Tasks left running by the brokers of ``channel`` (their names say)."""
    return [t for t in asyncio.all_tasks() if channel in t.get_name()]


# The rooms the tests below publish to; ``started`` brokers watch them all.
ROOMS = ("from-a", "from-b", "r", "r1", "other")


async def started(factory: BrokerFactory, rooms: Sequence[str] = ROOMS) -> tuple[Broker, Collector]:
    broker, collector = factory(), Collector()
    await broker.start(collector.on_event, collector.on_resync)
    for room in rooms:
        await broker.watch(room)
    return broker, collector


async def begin(broker: Broker, collector: Collector) -> None:
    """Start ``broker`` for ``collector``, watching ``ROOMS``."""
    await broker.start(collector.on_event, collector.on_resync)
    for room in ROOMS:
        await broker.watch(room)


def sequence_of(events: Sequence[Event], room: str) -> list[int]:
    return [
        e.message.seq for e in events if isinstance(e, MessagePosted) and e.message.room_id == room
    ]


# --- the contract, over every broker ---------------------------------------------


async def test_every_started_broker_gets_each_event_once_in_publish_order(
    make_broker: BrokerFactory,
) -> None:
    (a, got_a), (b, got_b) = await started(make_broker), await started(make_broker)
    # 1,000 events from two publishers, interleaved; the room names the publisher.
    for seq in range(1, 501):
        await a.publish(posted("from-a", seq))
        await b.publish(posted("from-b", seq))
    # A last event from each publisher: once both arrived, anything else
    # (a duplicate) would have arrived before them.
    await a.publish(posted("from-a", 501))
    await b.publish(posted("from-b", 501))
    for got in (got_a, got_b):
        await got.wait_until(lambda c: 501 in sequence_of(c.events, "from-a"))
        await got.wait_until(lambda c: 501 in sequence_of(c.events, "from-b"))
        assert sequence_of(got.events, "from-a") == list(range(1, 502))
        assert sequence_of(got.events, "from-b") == list(range(1, 502))
        assert len(got.events) == 1002
        assert got.resyncs == 0


async def test_events_of_every_type_arrive_equal(make_broker: BrokerFactory) -> None:
    (a, got_a), (_, got_b) = await started(make_broker), await started(make_broker)
    events = one_of_each_type()
    for event in events:
        await a.publish(event)
    for got in (got_a, got_b):
        await got.wait_for_events(len(events))
        assert got.events == events


async def test_stopped_broker_receives_nothing_more(make_broker: BrokerFactory) -> None:
    (a, got_a), (b, got_b) = await started(make_broker), await started(make_broker)
    await a.publish(posted("r", 1))
    await got_b.wait_for_events(1)
    await b.stop()
    await a.publish(posted("r", 2))
    await a.publish(posted("r", 3))
    await got_a.wait_until(lambda c: sequence_of(c.events, "r") == [1, 2, 3])
    assert sequence_of(got_b.events, "r") == [1]


async def test_a_room_s_events_reach_only_the_brokers_watching_it(
    make_broker: BrokerFactory,
) -> None:
    (a, got_a), (b, got_b) = await started(make_broker, ["r"]), await started(make_broker, [])
    await a.publish(posted("r", 1))
    await a.publish(MessageDeleted("r", 1))
    await a.publish(CloseUser("u1", 4003, "banned"))  # for every node
    await b.publish(posted("r", 2))
    await b.publish(UserFrame("u1", {"type": "done"}))
    await got_a.wait_until(lambda c: len(c.events) == 5)
    await got_b.wait_until(lambda c: len(c.events) == 2)
    assert {type(e) for e in got_b.events} == {CloseUser, UserFrame}  # two publishers
    assert sorted(sequence_of(got_a.events, "r")) == [1, 2]
    assert getattr(b, "stats").decoded == 2  # noqa: B009  (both twins count)
    assert getattr(a, "stats").decoded == 5  # noqa: B009


async def test_watching_starts_and_unwatching_stops_a_room_s_events(
    make_broker: BrokerFactory,
) -> None:
    (a, _), (b, got_b) = await started(make_broker), await started(make_broker, [])
    await a.publish(posted("late", 1))  # nobody watches it yet
    await a.publish(UserFrame("u1", {"type": "sent"}))  # after it, to everyone
    await got_b.wait_for_events(1)
    await b.watch("late")
    await a.publish(posted("late", 2))
    await got_b.wait_until(lambda c: sequence_of(c.events, "late") == [2])
    b.unwatch("late")
    # A watch takes effect after every earlier unwatch: once "fence" is
    # watched, "late" no longer is.
    await b.watch("fence")
    await a.publish(posted("late", 3))
    await a.publish(posted("fence", 1))
    await got_b.wait_until(lambda c: sequence_of(c.events, "fence") == [1])
    assert sequence_of(got_b.events, "late") == [2]
    # Watching again, twice, hears it once.
    await b.watch("late")
    await b.watch("late")
    await a.publish(posted("late", 4))
    await a.publish(posted("fence", 2))
    await got_b.wait_until(lambda c: sequence_of(c.events, "fence") == [1, 2])
    assert sequence_of(got_b.events, "late") == [2, 4]


async def test_a_restarted_broker_still_hears_its_watched_rooms(
    make_broker: BrokerFactory,
) -> None:
    (a, _), (b, got_b) = await started(make_broker), await started(make_broker, ["kept"])
    await b.stop()
    again = Collector()
    await b.start(again.on_event, again.on_resync)
    await a.publish(posted("kept", 1))
    await again.wait_until(lambda c: sequence_of(c.events, "kept") == [1])
    assert got_b.events == []


async def test_a_stopped_broker_can_start_again(make_broker: BrokerFactory) -> None:
    (a, got_a), (b, _) = await started(make_broker), await started(make_broker)
    await a.stop()
    again = Collector()
    await a.start(again.on_event, again.on_resync)
    await b.publish(posted("r", 1))
    await again.wait_for_events(1)
    assert sequence_of(again.events, "r") == [1]
    assert got_a.events == []


async def test_a_failing_handler_does_not_stop_delivery(make_broker: BrokerFactory) -> None:
    broker, healthy = make_broker(), Collector()
    calls = 0

    async def flaky(event: Event) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("handler bug")
        await healthy.on_event(event)

    await broker.start(flaky, healthy.on_resync)
    await broker.watch("r")
    _, other = await started(make_broker)
    await broker.publish(posted("r", 1))
    await broker.publish(posted("r", 2))
    await healthy.wait_for_events(1)
    await other.wait_for_events(2)
    assert sequence_of(healthy.events, "r") == [2]
    assert sequence_of(other.events, "r") == [1, 2]


async def test_start_twice_is_refused(make_broker: BrokerFactory) -> None:
    broker, collector = await started(make_broker)
    with pytest.raises(RuntimeError):
        await broker.start(collector.on_event, collector.on_resync)


# --- Redis only: loss and recovery -------------------------------------------------
# The in-memory broker hands each event to every handler inside publish(): no
# connection, no buffer, nothing that can drop an event, so it never calls
# on_resync and these tests have no in-memory counterpart.


async def kill_connections(url: str, name: str) -> int:
    """CLIENT KILL every connection called ``name``; how many there were."""
    admin = aioredis.Redis.from_url(url)
    try:
        clients = await admin.client_list()
        ids = [c["id"] for c in clients if c.get("name") == name]
        for client_id in ids:
            await admin.client_kill_filter(_id=client_id)
        return len(ids)
    finally:
        await admin.aclose()


async def subscribers(url: str, channel: str) -> int:
    admin = aioredis.Redis.from_url(url)
    try:
        counts = await admin.pubsub_numsub(channel)
        return int(counts[0][1])
    finally:
        await admin.aclose()


@pytest.fixture
async def redis_pair(redis_url: str) -> AsyncIterator[tuple[RedisBroker, RedisBroker, str]]:
    channel = unique_prefix("events")
    a = RedisBroker(redis_url, channel, retry_delays=(0.01, 0.2), client_name=channel + ":a")
    b = RedisBroker(redis_url, channel, retry_delays=(0.01, 0.2), client_name=channel + ":b")
    yield a, b, channel
    await a.stop()
    await b.stop()
    assert tasks_of(channel) == []


async def test_redis_resyncs_after_its_connection_is_killed(
    redis_pair: tuple[RedisBroker, RedisBroker, str],
    redis_url: str,
) -> None:
    a, b, channel = redis_pair
    got_a, got_b = Collector(), Collector()
    await begin(a, got_a)
    await begin(b, got_b)

    assert await kill_connections(redis_url, a.client_name + ":sub") == 1
    await got_a.wait_until(lambda c: c.resyncs == 1)
    # on_resync comes once the subscription is back: what follows arrives.
    assert await subscribers(redis_url, channel) == 2
    await b.publish(posted("r", 1))
    await got_a.wait_for_events(1)
    await got_b.wait_for_events(1)
    assert sequence_of(got_a.events, "r") == [1]
    assert got_b.resyncs == 0


async def test_redis_keeps_publishing_after_its_publisher_connection_is_killed(
    redis_pair: tuple[RedisBroker, RedisBroker, str],
    redis_url: str,
) -> None:
    a, b, _ = redis_pair
    got_a, got_b = Collector(), Collector()
    await begin(a, got_a)
    await begin(b, got_b)
    await a.publish(posted("r", 1))
    await got_b.wait_for_events(1)

    assert await kill_connections(redis_url, a.client_name + ":pub") == 1
    await a.publish(posted("r", 2))
    await got_b.wait_until(lambda c: 2 in sequence_of(c.events, "r") or c.resyncs > 0)
    # Either the event went through on a new connection, or its loss was
    # announced: never silently lost, never twice.
    seqs = sequence_of(got_b.events, "r")
    assert seqs in ([1, 2], [1]) and (seqs == [1, 2] or got_b.resyncs == 1)


async def test_redis_announces_events_dropped_from_a_full_outbox(redis_url: str) -> None:
    channel = unique_prefix("events")
    small = RedisBroker(redis_url, channel, outbox_limit=5)
    other = RedisBroker(redis_url, channel)
    got_small, got_other = Collector(), Collector()
    await begin(small, got_small)
    await begin(other, got_other)
    try:
        # publish() never yields, so the writer cannot drain in between.
        for seq in range(1, 21):
            await small.publish(posted("r", seq))
        for got in (got_small, got_other):
            await got.wait_until(lambda c: c.resyncs == 1)
            assert sequence_of(got.events, "r") == [1, 2, 3, 4, 5]
        assert (small.stats.published, small.stats.dropped) == (5, 15)
        assert small.stats.resyncs == 1 and other.stats.received == 6  # 5 + the marker
    finally:
        await small.stop()
        await other.stop()


async def test_redis_measures_its_lag_by_its_own_envelopes_coming_back(
    redis_pair: tuple[RedisBroker, RedisBroker, str],
) -> None:
    a, b, _ = redis_pair
    lags: list[float] = []
    a.observe_lag = lags.append
    got_a, got_b = Collector(), Collector()
    await begin(a, got_a)
    await begin(b, got_b)
    for seq in range(1, 6):
        await a.publish(posted("r", seq))
        await b.publish(posted("other", seq))  # interleaved strangers are not matched
    await got_a.wait_for_events(10)
    assert len(lags) == 5 and all(0 <= lag < 5 for lag in lags)
    assert (a.stats.published, a.stats.received, a.queued) == (5, 10, 0)


async def test_redis_skips_envelopes_it_cannot_read(
    redis_pair: tuple[RedisBroker, RedisBroker, str],
    redis_url: str,
) -> None:
    a, _, channel = redis_pair
    got = Collector()
    await begin(a, got)
    admin = aioredis.Redis.from_url(redis_url)
    try:
        await admin.publish(channel, b"not json")
        await admin.publish(channel, b'["zz", 1]')
        await admin.publish(channel, encode(posted("r", 1)))
    finally:
        await admin.aclose()
    await got.wait_for_events(1)
    assert sequence_of(got.events, "r") == [1]
    assert got.resyncs == 0


async def test_redis_stop_unsubscribes_at_once(
    redis_pair: tuple[RedisBroker, RedisBroker, str],
    redis_url: str,
) -> None:
    a, b, channel = redis_pair
    await begin(a, Collector())
    await begin(b, Collector())
    assert await subscribers(redis_url, channel) == 2
    await a.stop()
    assert await subscribers(redis_url, channel) == 1
    await b.stop()
    assert await subscribers(redis_url, channel) == 0


async def test_redis_start_fails_when_redis_is_unreachable() -> None:
    broker = RedisBroker("redis://127.0.0.1:1/0", unique_prefix("events"))
    collector = Collector()
    with pytest.raises((ConnectionError, aioredis.ConnectionError)):
        await broker.start(collector.on_event, collector.on_resync)
    await broker.stop()


@pytest.fixture
async def proxy(redis_url: str) -> AsyncIterator[TcpProxy]:
    target = urlsplit(redis_url)
    relay = TcpProxy(target.hostname or "127.0.0.1", target.port or 6379)
    await relay.start()
    yield relay
    await relay.cut()


async def test_redis_resyncs_once_redis_is_back(proxy: TcpProxy, redis_url: str) -> None:
    channel = unique_prefix("events")
    away = RedisBroker(proxy.url, channel, retry_delays=(0.02, 0.1))
    direct = RedisBroker(redis_url, channel)
    got_away, got_direct = Collector(), Collector()
    await begin(away, got_away)
    await begin(direct, got_direct)
    try:
        await direct.publish(posted("r", 1))
        await got_away.wait_for_events(1)

        await proxy.cut()  # Redis is gone, for `away`
        await direct.publish(posted("r", 2))  # missed by `away`
        await away.publish(posted("from-away", 1))  # cannot reach Redis
        await got_direct.wait_for_events(2)
        await asyncio.sleep(0.3)  # `away` retries against a closed port
        assert got_away.resyncs == 0
        # A room first joined while Redis is away: noted, not waited for
        # (within the confirmation timeout), and subscribed on the way back.
        await away.watch("joined-while-away")

        await proxy.resume()
        await got_away.wait_until(lambda c: c.resyncs >= 1)
        # `away` announces the event it could not send: `direct` resyncs too.
        await got_direct.wait_until(lambda c: c.resyncs == 1)
        await direct.publish(posted("r", 3))
        await direct.publish(posted("joined-while-away", 1))
        await got_away.wait_until(lambda c: 3 in sequence_of(c.events, "r"))
        await got_away.wait_until(lambda c: sequence_of(c.events, "joined-while-away") == [1])
        assert sequence_of(got_away.events, "r") == [1, 3]
        assert sequence_of(got_direct.events, "from-away") == []
    finally:
        await away.stop()
        await direct.stop()


async def test_redis_detects_a_silent_connection(proxy: TcpProxy, redis_url: str) -> None:
    channel = unique_prefix("events")
    frozen = RedisBroker(proxy.url, channel, ping_interval=0.1, retry_delays=(0.02, 0.1))
    direct = RedisBroker(redis_url, channel)
    got = Collector()
    await begin(frozen, got)
    await begin(direct, Collector())
    try:
        proxy.freeze()  # the connection stays open, nothing flows
        await got.wait_until(lambda c: c.resyncs == 1)
        await direct.publish(posted("r", 1))
        await got.wait_for_events(1)
    finally:
        await frozen.stop()
        await direct.stop()


async def test_redis_stops_promptly_while_redis_is_away(proxy: TcpProxy) -> None:
    broker = RedisBroker(proxy.url, unique_prefix("events"), retry_delays=(0.02, 0.1))
    got = Collector()
    await begin(broker, got)
    await broker.publish(posted("r", 1))
    await proxy.cut()
    await broker.publish(posted("r", 2))
    await asyncio.sleep(0.2)
    loop = asyncio.get_running_loop()
    began = loop.time()
    await broker.stop()
    assert loop.time() - began < 3.0
    assert tasks_of(broker.client_name) == []


# --- the codec ------------------------------------------------------------------------

_ids = st.text(min_size=1, max_size=30)
_moments = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2200, 1, 1),
    timezones=st.one_of(
        st.just(UTC),
        st.builds(
            timezone,
            st.timedeltas(
                min_value=timedelta(hours=-23, minutes=-59),
                max_value=timedelta(hours=23, minutes=59),
            ),
        ),
        st.timezones(),
    ),
)
_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
# Every field of every event: a field added to the domain fails
# test_strategies_cover_every_event_and_field until it is generated here (and carried).
FIELDS: dict[type, dict[str, st.SearchStrategy[Any]]] = {
    Message: {
        "id": _ids,
        "room_id": _ids,
        "seq": st.integers(min_value=0, max_value=2**62),
        "author_id": _ids,
        "author_pseudo": st.text(max_size=40),
        "text": st.text(max_size=500),
        "created_at": _moments,
        "client_id": _ids,
        "deleted": st.booleans(),
        "reply_to": st.none() | st.integers(min_value=1, max_value=2**31 - 1),
        "image": st.none()
        | st.builds(
            ImageRef,
            id=_ids,
            width=st.integers(1, 8192),
            height=st.integers(1, 8192),
            blurred=st.booleans(),
        ),
        "edited_at": st.none() | _moments,
    },
    UserFrame: {"user_id": _ids, "frame": st.dictionaries(st.text(), _json, max_size=6)},
    CloseUser: {"user_id": _ids, "code": st.integers(1000, 4999), "reason": st.text(max_size=100)},
    CloseSession: {"session_id": _ids, "code": st.integers(1000, 4999)},
    BlocksChanged: {"user_ids": st.lists(_ids, max_size=5).map(tuple)},
    MessageDeleted: {"room_id": _ids, "seq": st.integers(min_value=0, max_value=2**62)},
    ReactionsChanged: {
        "room_id": _ids,
        "seq": st.integers(min_value=0, max_value=2**62),
        "author_id": _ids,
        "reactions": st.lists(st.tuples(st.text(max_size=4), _ids), max_size=5).map(tuple),
    },
    NearbyPresence: {
        "user_id": _ids,
        "band": st.sampled_from(Band),
        "city_id": _ids,
        "seen_at": _moments,
        "listed": st.booleans(),
    },
}
FIELDS[MessagePosted] = {
    "message": st.builds(Message, **FIELDS[Message]),
    "members": st.lists(_ids, max_size=3).map(tuple),
}
FIELDS[MessageEdited] = {"message": st.builds(Message, **FIELDS[Message])}
_events = st.one_of(
    *(st.builds(cls, **fields) for cls, fields in FIELDS.items() if cls is not Message)
)


def test_strategies_cover_every_event_and_field() -> None:
    assert set(typing.get_args(Event)) == set(FIELDS) - {Message}
    for cls, strategies in FIELDS.items():
        assert set(strategies) == {f.name for f in dataclasses.fields(cls)}, cls.__name__


def in_utc(event: Event) -> Event:
    """What decoding promises: the same event, its datetime expressed in UTC."""
    if isinstance(event, NearbyPresence):
        return dataclasses.replace(event, seen_at=event.seen_at.astimezone(UTC))
    if isinstance(event, MessagePosted | MessageEdited):
        message = event.message
        edited = message.edited_at.astimezone(UTC) if message.edited_at is not None else None
        moment = message.created_at.astimezone(UTC)
        return dataclasses.replace(
            event, message=dataclasses.replace(message, created_at=moment, edited_at=edited)
        )
    return event


@given(_events)
def test_codec_round_trips_every_event(event: Event) -> None:
    data = encode(event)
    assert isinstance(data, bytes)
    back = decode(data)
    assert back == in_utc(event)
    if isinstance(back, MessagePosted):
        assert back.message.created_at.tzinfo is UTC


def test_codec_envelopes_are_small() -> None:
    event = posted("01jc0000000000000000000000", 123456, text="hello there")
    # A few ids, the text and the numbers; no field names.
    assert len(encode(event)) < 200
    assert b"room_id" not in encode(event)


def test_codec_refuses_naive_datetimes() -> None:
    event = posted("r", 1)
    naive = dataclasses.replace(event.message, created_at=datetime(2030, 1, 1))
    with pytest.raises(ValueError):
        encode(MessagePosted(naive))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not json",
        b"{}",
        b"[]",
        b'["zz"]',
        RESYNC_MARKER,
        b'["u", "u1"]',
        b'["s", "s1", "4001"]',
        b'["b", [1, 2]]',
        b'["n", "u1", "toddler", "c1", 0, true]',
        b'["n", "u1", "teen", "c1", 0, 1]',
        b'["u", "u1", true, ""]',
        b'["m", ["m1", "r1"], []]',
        orjson.dumps(["m", ["m1", "r1", 1, "a", "p", "t", "x", "c", False], []]),
    ],
)
def test_codec_refuses_what_it_did_not_write(data: bytes) -> None:
    with pytest.raises(CodecError):
        decode(data)
