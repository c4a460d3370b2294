"""Web Push (docs/web-client.md, "Notifications"): a member opts in per
device; a new private request or message, or an answer to a report or an
appeal, reaches a member who has no open socket as a notification.

Sent after the commit, off the sender's path: a push service a second slow
never delays anyone's ack. The payload names who wrote, never the text
(domain/push.py says why); a teen's device stays quiet at night unless the
teen chose otherwise on that device; an endpoint the push service no longer
knows (404/410) is deleted."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import orjson

from causerie.domain.errors import Invalid
from causerie.domain.ids import new_id
from causerie.domain.models import Message, User
from causerie.domain.push import (
    LANGUAGES,
    PushKind,
    PushOutcome,
    PushSubscription,
    held_back,
    notification,
)
from causerie.ports import PushRepo, PushSender, PushUnitOfWork
from causerie.services.deps import Deps

log = logging.getLogger(__name__)

ENDPOINT_MAX = 1024
Online = Callable[[str], Awaitable[bool]]


def devices(uow: PushUnitOfWork) -> PushRepo:
    """The push subscriptions of an open unit of work from ``deps.uow``
    (typed: mypy refuses a batch unit of work, which has none)."""
    return uow.push


def _b64(value: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(value) from exc


def allowed_endpoint(endpoint: str, services: tuple[str, ...]) -> bool:
    """``endpoint`` lies on one of the known push services (scheme, host or
    ``*.`` subdomain, port): the server never posts anywhere a member names."""
    if len(endpoint) > ENDPOINT_MAX:
        return False
    try:
        url = urlsplit(endpoint)
        port = url.port
    except ValueError:
        return False
    host = url.hostname or ""
    for service in services:
        known = urlsplit(service)
        pattern = known.hostname or ""
        if url.scheme != known.scheme or port != known.port or url.username:
            continue
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
                return True
        elif host == pattern:
            return True
    return False


async def subscribe(
    deps: Deps,
    user: User,
    session_id: str,
    *,
    endpoint: str,
    p256dh: str,
    auth: str,
    lang: str,
    at_night: bool,
) -> PushSubscription:
    """Store this device's subscription (again: replaces it)."""
    if not allowed_endpoint(endpoint, deps.settings.push_services):
        raise Invalid(field="endpoint")
    try:
        point, secret = _b64(p256dh), _b64(auth)
    except ValueError:
        raise Invalid(field="keys") from None
    # An uncompressed P-256 point and a 16-byte secret (RFC 8291).
    if len(point) != 65 or point[0] != 4 or len(secret) != 16:
        raise Invalid(field="keys")
    if lang not in LANGUAGES:
        raise Invalid(field="lang")
    subscription = PushSubscription(
        id=new_id(),
        user_id=user.id,
        session_id=session_id,
        endpoint=endpoint,
        p256dh=p256dh,
        auth=auth,
        lang=lang,
        at_night=at_night,
        created_at=deps.clock.now(),
    )
    async with deps.uow(write=True) as uow:
        repo = devices(uow)
        # A member with many old devices keeps the newest ones.
        mine = [s for s in await repo.for_user(user.id) if s.endpoint != endpoint]
        for old in mine[: max(0, len(mine) - deps.settings.push_subscriptions_per_user + 1)]:
            await repo.delete(old.endpoint)
        await repo.save(subscription)
        await uow.commit()
    return subscription


async def unsubscribe(deps: Deps, user: User, endpoint: str) -> bool:
    async with deps.uow(write=True) as uow:
        gone = await devices(uow).delete(endpoint, user.id)
        await uow.commit()
    return gone


async def device_subscription(deps: Deps, user: User, endpoint: str) -> PushSubscription | None:
    async with deps.uow() as uow:
        mine = await devices(uow).for_user(user.id)
    return next((s for s in mine if s.endpoint == endpoint), None)


def _topic(kind: PushKind, key: str) -> str:
    # RFC 8030 Topic: at most 32 base64url characters.
    return hashlib.sha256(f"{kind.value}:{key}".encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class _Job:
    user_id: str
    kind: PushKind
    pseudo: str
    url: str
    topic: str


class PushNotifier:
    """The ``deps.push`` the services call after a commit."""

    def __init__(self, sender: PushSender, online: Online) -> None:
        self.sender = sender
        self._online = online
        self._tasks: set[asyncio.Task[None]] = set()

    def private_message(
        self, deps: Deps, message: Message, recipients: tuple[str, ...], *, request: bool
    ) -> None:
        kind = PushKind.PRIVATE_REQUEST if request else PushKind.PRIVATE_MESSAGE
        url = f"/#/room/{message.room_id}"
        for user_id in recipients:
            job = _Job(user_id, kind, message.author_pseudo, url, _topic(kind, message.room_id))
            self._start(deps, job)

    def notice(self, deps: Deps, user_id: str) -> None:
        self._start(
            deps, _Job(user_id, PushKind.NOTICE, "", "/#/notices", _topic(PushKind.NOTICE, user_id))
        )

    def _start(self, deps: Deps, job: _Job) -> None:
        task = asyncio.get_running_loop().create_task(self._deliver(deps, job))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait for notifications still on their way (shutdown, tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _deliver(self, deps: Deps, job: _Job) -> None:
        try:
            if await self._online(job.user_id):
                return  # the open socket has told them already
            async with deps.uow() as uow:
                user = await uow.users.get(job.user_id)
                targets = await devices(uow).for_user(job.user_id)
            if user is None or not targets:
                return
            now = deps.clock.now()
            for device in targets:
                if held_back(user.band, device, now):
                    continue
                body = notification(job.kind, device.lang, pseudo=job.pseudo, url=job.url)
                outcome = await self.sender.send(device, orjson.dumps(body), job.topic)
                if outcome is PushOutcome.GONE:
                    async with deps.uow(write=True) as uow:
                        await devices(uow).delete(device.endpoint)
                        await uow.commit()
        except Exception:  # a notification is best effort: log, never crash the loop
            log.exception("push notification to %s failed", job.user_id)
