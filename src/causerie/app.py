"""Composition root: the only place that picks SQLite or PostgreSQL,
in-memory or Redis, and wires services, realtime and transport together."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request, Response
from prometheus_client import Gauge
from starlette.middleware.base import RequestResponseEndpoint

from causerie.adapters.clock import SystemClock
from causerie.adapters.gazetteer import Gazetteer
from causerie.adapters.media_pool import PipelineLimits, ProcessPoolImages
from causerie.adapters.media_store import open_image_store
from causerie.adapters.passwords import Argon2Hasher
from causerie.adapters.presence_roster import keep_alive
from causerie.adapters.ratelimit_memory import MemoryRateLimiter
from causerie.adapters.signal_key import load_signal_key
from causerie.adapters.smtp import smtp_sender
from causerie.adapters.stripe_gateway import payment_provider
from causerie.adapters.vapid_key import load_vapid_key
from causerie.adapters.webpush import WebPushSender
from causerie.config import Settings
from causerie.domain.geo import NeighbourTable
from causerie.domain.media import MediaPolicy
from causerie.domain.models import Message, User
from causerie.ports import (
    Broker,
    Clock,
    EventPublisher,
    Presence,
    RateLimiter,
    UnitOfWorkFactory,
)
from causerie.realtime.broker import InMemoryBroker
from causerie.realtime.codec import decode
from causerie.realtime.hub import Hub, online_key
from causerie.realtime.nearby_index import NearbyDirectory, NearbyTap, Sweeper
from causerie.realtime.node import LocalPresence, Node
from causerie.realtime.taps import UserFrameTap
from causerie.services.catalogue import default_specs, missing_specs, seed_rooms
from causerie.services.deps import Deps
from causerie.services.filter_tally import TallyKeeper
from causerie.services.filtering import WarmingFilter
from causerie.services.legal_bans import OverdueWatch
from causerie.services.mail import MailJob
from causerie.services.media_engines import MediaEngines
from causerie.services.nearby import ConnectedSeen
from causerie.services.premium import FRAME_TYPE as PREMIUM_FRAME
from causerie.services.premium_cache import EntitlementCache
from causerie.services.push import PushNotifier
from causerie.services.retention import RetentionJob
from causerie.services.risk import RiskMonitor
from causerie.services.risk_cases import open_risk_case
from causerie.storage.engine import make_engine
from causerie.storage.group_commit import GroupCommit
from causerie.storage.migrate import upgrade
from causerie.storage.outbox import OutboxRelay
from causerie.storage.uow import make_uow_factory
from causerie.transport.device import install_device_cookie
from causerie.transport.errors import install_error_handlers
from causerie.transport.http import (
    appeals_notices,
    attestations,
    blocks,
    cities,
    conversations,
    dsa,
    health,
    images,
    legal,
    me,
    moderation,
    nearby,
    premium,
    privacy,
    reports,
    rooms,
    search,
    sessions,
    transparency,
)
from causerie.transport.http import messages as messages_http
from causerie.transport.http import push as push_http
from causerie.transport.http.api_docs import install_api_docs
from causerie.transport.limits import install_edge
from causerie.transport.metrics import Metrics
from causerie.transport.state import CauserieState, state_of
from causerie.transport.web_assets import WebAssets
from causerie.transport.ws import endpoint as ws_endpoint

if TYPE_CHECKING:
    from causerie.adapters.presence_redis import RedisPresence

log = logging.getLogger("causerie")

CSP = (
    "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
    "script-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; "
    "form-action 'self'"
)


def _history_reader(uow: UnitOfWorkFactory):  # type: ignore[no-untyped-def]
    async def fetch(room_id: str, after: int, upto: int, limit: int) -> list[Message]:
        async with uow() as unit:
            return await unit.messages.after(room_id, after, upto, limit)

    async def last_seq(room_id: str) -> int:
        async with uow() as unit:
            room = await unit.rooms.get(room_id)
        return room.last_seq if room else 0

    async def load_hidden(user_id: str) -> frozenset[str]:
        async with uow() as unit:
            return await unit.blocks.hidden_for(user_id)

    async def heads(room_ids: list[str]) -> dict[str, int]:
        async with uow() as unit:
            return await unit.rooms.heads(room_ids)

    return fetch, last_seq, load_hidden, heads


@dataclass
class _Engines:
    """The engines behind the broker, rate-limit and presence ports: the
    in-memory twins by default, the Redis ones with ``--redis-url``."""

    broker: Broker
    limiter: RateLimiter
    shared_presence: RedisPresence | None = None
    _keep_alive: asyncio.Task[None] | None = None

    @classmethod
    def choose(cls, settings: Settings, clock: Clock) -> _Engines:
        if not settings.redis_url:
            return cls(InMemoryBroker(), MemoryRateLimiter(clock))
        # Imported only here: the embedded default needs no Redis client.
        from causerie.adapters.presence_redis import RedisPresence
        from causerie.adapters.ratelimit_fallback import FallbackRateLimiter
        from causerie.adapters.ratelimit_redis import RedisRateLimiter
        from causerie.adapters.redis_broker import RedisBroker

        # Redis-side time for limits and presence, so that every node agrees.
        ns = settings.redis_namespace
        return cls(
            RedisBroker(settings.redis_url, channel=f"{ns}:events"),
            # This node's own counts stand in while Redis fails: a Redis
            # outage must not stop sends (docs/scale.md).
            FallbackRateLimiter(
                RedisRateLimiter(settings.redis_url, prefix=f"{ns}:rl"), MemoryRateLimiter(clock)
            ),
            RedisPresence(settings.redis_url, prefix=f"{ns}:presence"),
        )

    def presence(self, hub: Hub) -> Presence:
        return self.shared_presence if self.shared_presence is not None else LocalPresence(hub)

    def start(self) -> None:
        if self.shared_presence is not None:
            self._keep_alive = asyncio.get_running_loop().create_task(
                keep_alive(self.shared_presence)
            )

    async def close(self, hub: Hub) -> None:
        await hub.drain()
        if self._keep_alive is not None:
            self._keep_alive.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keep_alive
        if self.shared_presence is not None:
            await self.shared_presence.withdraw()
            await self.shared_presence.aclose()
        close_limiter = getattr(self.limiter, "aclose", None)
        if close_limiter is not None:  # the Redis twin holds a connection pool
            await close_limiter()


def _listed_loader(
    uow: UnitOfWorkFactory, clock: Clock, window: timedelta
) -> Callable[[], Awaitable[list[User]]]:
    """Members opted in and seen within ``window``: what every node's nearby
    directory starts from."""

    async def load() -> list[User]:
        async with uow() as unit:
            return await unit.users.nearby_listed(clock.now() - window)

    return load


def _online_check(hub: Hub, shared: Presence | None) -> Callable[[str], Awaitable[bool]]:
    """Whether a member has a socket open on any node: this hub alone, or
    the shared roster's per-member pseudo-room (realtime/hub.online_key)."""

    async def online(user_id: str) -> bool:
        if hub.is_connected(user_id):
            return True
        if shared is None:
            return False
        key = online_key(user_id)
        return (await shared.room_counts([key])).get(key, 0) > 0

    return online


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    clock = clock or SystemClock()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        warm_filter = WarmingFilter(settings.link_min_trust)
        url = settings.prepared_database_url()
        await upgrade(url)
        engine = make_engine(
            url,
            statement_timeout=settings.db_statement_timeout,
            pool_timeout=settings.db_pool_timeout,
        )
        readers = make_uow_factory(engine)
        # Every transaction's latency by name, in /metrics (and its twins').
        readers.timing.observe = metrics.observe_transaction
        fetch, last_seq, load_hidden, heads = _history_reader(readers)
        engines = _Engines.choose(settings, clock)
        hub = Hub(
            fetch=fetch,
            last_seq=last_seq,
            load_hidden=load_hidden,
            replay_batch=settings.replay_batch,
            roster=engines.shared_presence,
            heads=heads,
        )
        broker, limiter, presence = engines.broker, engines.limiter, engines.presence(hub)
        gazetteer = Gazetteer()
        nearby_window = timedelta(minutes=settings.nearby_active_minutes)
        directory = NearbyDirectory(NeighbourTable(gazetteer.cities), clock, nearby_window)
        nearby_tap = NearbyTap(broker, directory, _listed_loader(readers, clock, nearby_window))
        sweeper = Sweeper(directory)
        premium_cache = EntitlementCache()
        tapped = UserFrameTap(nearby_tap, PREMIUM_FRAME, premium_cache.forget, premium_cache.clear)
        node = Node(hub, tapped, sweep_every=settings.gap_sweep_seconds)
        risk = RiskMonitor(escalate=open_risk_case)  # opens automatic cases
        events: EventPublisher = node
        # The services' units of work: ``uow.publish`` reaches every node
        # through this one after commit (same engine, same writer queue).
        uow = readers.publishing_to(events)
        group_commit = GroupCommit(uow)
        # Photos: decoding runs in worker processes, never on this loop
        # (docs/media.md); the pool starts on the first upload.
        media = MediaEngines(
            processor=ProcessPoolImages(
                settings.image_workers,
                PipelineLimits(
                    max_pixels=settings.image_max_pixels, max_side=settings.image_max_side
                ),
            ),
            store=await open_image_store(settings),
            policy=MediaPolicy(
                min_trust_level=settings.image_min_trust,
                min_account_age_days=settings.image_min_account_days,
                nudity_likely=settings.image_nudity_likely,
            ),
        )
        deps = Deps(
            uow=uow,
            clock=clock,
            events=events,
            limiter=limiter,
            presence=presence,
            gazetteer=gazetteer,
            passwords=Argon2Hasher(settings.argon2_time_cost, settings.argon2_memory_kib),
            message_filter=warm_filter,
            settings=settings,
            signal_key=load_signal_key(
                settings.signal_key, settings.data_dir, shared=settings.redis_url is not None
            ),
            watcher=risk,
            writer=group_commit,
            payments=payment_provider(settings),
            premium_cache=premium_cache,
            media=media,
            push=PushNotifier(
                WebPushSender(
                    load_vapid_key(settings.vapid_private_key, settings.data_dir),
                    settings.vapid_subject,
                ),
                _online_check(hub, engines.shared_presence),
            ),
        )
        if await missing_specs(deps, default_specs()):
            # Room names go through the name policy, which shares the
            # filter's phrase index: let the warm-up finish building it.
            await warm_filter.ready()
            added = await seed_rooms(deps, default_specs())
            log.info("room catalogue: %d rooms added", added)
        if settings.no_rate_limits:
            log.warning(
                "RATE LIMITS ARE OFF (--no-rate-limits): for load tests on a private network only"
            )
        await node.start()
        engines.start()
        # After subscribing, so that nobody seen meanwhile is missed.
        await nearby_tap.reload()
        sweeper.start()
        # Operator commands' events (bans, role changes from the CLI) reach
        # open screens: whichever node takes them publishes them.
        outbox = OutboxRelay(readers, decode, events, settings.outbox_poll_seconds)
        outbox.start()
        retention = RetentionJob(uow, clock, settings)  # docs/privacy.md
        retention.start()
        # E-mail to notifiers and requesters (docs/legal.md); none without SMTP.
        sender = smtp_sender(settings)
        mail_job = MailJob(uow, clock, sender, settings.mail_every_seconds) if sender else None
        if mail_job is not None:
            mail_job.start()
        # Judicial bans executed within 24 h, or an alert (docs/legal.md).
        overdue = Gauge(
            "causerie_judicial_bans_overdue",
            "Judicial bans received and not executed in CAUSERIE_JUDICIAL_BAN_HOURS",
            registry=metrics.registry,
        )
        ban_watch = OverdueWatch(deps, 60.0, overdue.set)
        ban_watch.start()
        tally = TallyKeeper(deps, warm_filter, settings.filter_tally_every_seconds)
        tally.start()
        connected_seen = ConnectedSeen(deps, hub.connected_users)
        connected_seen.start()
        freezer = (
            asyncio.create_task(_freeze_startup_heap(warm_filter))
            if settings.freeze_startup_heap
            else None
        )
        state = state_of(app)
        state.connected_seen = connected_seen
        state.filter_tally = tally
        state.nearby = directory
        state.deps = deps
        state.node = node
        metrics.watch_hub(hub)
        metrics.watch_pipeline(group_commit, warm_filter, broker)
        state.risk = risk
        try:
            yield
        finally:
            if freezer is not None:
                freezer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await freezer
            await outbox.stop()
            await retention.stop()
            if mail_job is not None:
                await mail_job.stop()
            await ban_watch.stop()
            await connected_seen.stop()
            await sweeper.stop()
            await group_commit.close()
            await tally.stop()  # after the last send, before the engine goes
            await risk.drain()
            if isinstance(deps.push, PushNotifier):
                await deps.push.drain()
            await node.stop()
            await engines.close(hub)
            await asyncio.to_thread(media.processor.close)
            if deps.payments is not None:
                await deps.payments.aclose()
            await engine.dispose()

    app = FastAPI(
        title="Causerie API",
        version="1.0",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # from the installed package instead: transport/http/api_docs.py
        redoc_url=None,
        lifespan=lifespan,
    )
    # Typed (transport/state.py): the transport reads it with state_of().
    app.state = CauserieState()
    app.state.metrics = metrics
    app.state.metrics_registry = metrics.registry
    install_error_handlers(app)
    install_device_cookie(app, secure=settings.cookie_secure)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        metrics.http_requests.labels(status=f"{response.status_code // 100}xx").inc()
        return response

    for module in (health, sessions, me, cities, rooms, conversations, blocks, nearby):
        app.include_router(module.router)
    for module in (reports, appeals_notices, moderation, attestations, privacy):
        app.include_router(module.router)
    app.include_router(transparency.router)
    app.include_router(search.router)
    app.include_router(messages_http.router)
    app.include_router(premium.router)
    app.include_router(dsa.router)
    app.include_router(legal.router)
    app.include_router(images.router)
    app.include_router(push_http.router)
    app.include_router(ws_endpoint.router)
    # Last: the body limit must wrap every middleware above (none reads first).
    install_edge(app)
    install_api_docs(app)
    web_dir = Path(str(resources.files("causerie").joinpath("web")))
    # Fingerprinted, compressed, long-cached (transport/web_assets.py); the
    # CSP given so that index.html's one inline style block is allowed by hash.
    app.mount("/", WebAssets(web_dir, csp=CSP), name="web")
    return app


async def _freeze_startup_heap(warm_filter: WarmingFilter) -> None:
    """Once the filter is built, freeze the heap: the start-up objects (the
    filter's model and phrase index, the gazetteer, the modules) live as
    long as the process, and a full collection would otherwise scan all of
    them each time, stopping the event loop for 0.3-4.5 s (measured:
    docs/benchmarks.md, session 6). ``gc.freeze`` itself only moves lists;
    a full ``gc.collect`` first would be one such pause, just as the first
    clients arrive, so only the young generations are collected: what cyclic
    garbage older than that is frozen stays (a bounded, one-off amount).
    What is frozen is still freed by reference counting."""
    await warm_filter.ready()
    gc.collect(1)
    gc.freeze()
    log.info("start-up heap frozen: %d objects out of the collector's reach", gc.get_freeze_count())


def app_from_environment() -> FastAPI:
    """The app of one worker of ``causerie serve --workers N`` (a uvicorn
    factory): its settings come from the ``CAUSERIE_*`` environment."""
    return create_app(Settings())
