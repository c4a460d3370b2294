"""``GET /api/v1/ws``: authenticate at the handshake, then one reader loop
(this coroutine) and one writer task draining the connection's outbox."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket
from starlette.responses import Response
from starlette.websockets import WebSocketDisconnect

from causerie.domain.errors import CauserieError
from causerie.domain.ids import new_id
from causerie.domain.models import User, Viewer
from causerie.realtime.connection import CLOSE_SUSPENDED, CLOSE_UNAUTHENTICATED, Connection
from causerie.realtime.frames import encode
from causerie.realtime.hub import Hub
from causerie.services import accounts, nearby
from causerie.services.access import access_room, load_viewer, locked_out
from causerie.services.accounts import Authenticated
from causerie.services.deps import Deps
from causerie.services.messages import send_message
from causerie.transport.auth import SESSION_COOKIE, bearer_token
from causerie.transport.i18n import pick_language, render
from causerie.transport.metrics import Metrics
from causerie.transport.ws.frames import Join, Leave, Ping, Send, parse

log = logging.getLogger(__name__)
router = APIRouter()


def _same_origin(websocket: WebSocket) -> bool:
    """Cookies ride along cross-site WebSocket handshakes: only same-origin
    pages may use the cookie (bearer/token clients are not affected)."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == websocket.headers.get("host")


async def _authenticate(websocket: WebSocket, deps: Deps) -> Authenticated | None:
    token = bearer_token(websocket.headers.get("authorization"))
    if token is None:
        token = websocket.query_params.get("token")
    if token is None:
        token = websocket.cookies.get(SESSION_COOKIE)
        if token is not None and not _same_origin(websocket):
            return None
    try:
        return await accounts.authenticate(deps, token)
    except CauserieError:
        return None


@router.websocket("/api/v1/ws")
async def websocket_endpoint(websocket: WebSocket) -> None:
    deps: Deps = websocket.app.state.deps
    hub: Hub = websocket.app.state.node.hub
    auth = await _authenticate(websocket, deps)
    if auth is None:
        if "websocket.http.response" in websocket.scope.get("extensions", {}):
            await websocket.send_denial_response(Response(status_code=401))
        else:
            await websocket.accept()
            await websocket.close(code=CLOSE_UNAUTHENTICATED)
        return
    language = pick_language(websocket.headers.get("accept-language"), auth.user.language)
    if locked_out(auth.user, deps.clock.now()):
        await websocket.accept()
        await websocket.close(code=CLOSE_SUSPENDED)
        return
    async with deps.uow() as uow:
        viewer = await load_viewer(uow, auth.user)
    await websocket.accept()
    conn = Connection(
        id=new_id(),
        user_id=auth.user.id,
        session_id=auth.session.id,
        language=language,
        hidden=viewer.hidden,
        limit=deps.settings.outbox_limit,
    )
    hub.register(conn)
    metrics: Metrics = websocket.app.state.metrics
    metrics.connections.inc()

    async def send(data: str) -> None:
        await websocket.send_text(data)

    async def close(code: int) -> None:
        with contextlib.suppress(Exception):
            await websocket.close(code=code)

    writer = asyncio.create_task(conn.run_writer(send, close))
    seen = asyncio.create_task(_keep_seen(deps, auth))
    session = _Session(deps, hub, conn, viewer, metrics)
    try:
        reader = asyncio.create_task(session.read_loop(websocket))
        done, _ = await asyncio.wait({reader, writer}, return_when=asyncio.FIRST_COMPLETED)
        for task in (reader, writer):
            if task not in done:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
    finally:
        seen.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await seen
        hub.unregister(conn)
        metrics.connections.dec()


async def _keep_seen(deps: Deps, auth: Authenticated) -> None:
    """An open connection is activity: record it at once and every few
    minutes while it lasts, so an opted-in member stays listed nearby."""
    current: User | None = auth.user
    while True:
        try:
            await nearby.mark_seen(deps, auth.user.id, current=current)
        except Exception:
            log.exception("marking a connection seen failed")
        current = None  # later rounds read the row afresh
        await asyncio.sleep(deps.settings.nearby_seen_every_seconds)


class _Session:
    """The per-connection protocol state machine (joined rooms live on ``conn``)."""

    def __init__(
        self, deps: Deps, hub: Hub, conn: Connection, viewer: Viewer, metrics: Metrics
    ) -> None:
        self.metrics = metrics
        self.deps = deps
        self.hub = hub
        self.conn = conn
        self.viewer = viewer

    def error(self, code: str, params: dict[str, Any], raw: dict[str, Any] | None) -> None:
        frame: dict[str, Any] = {"type": "error", "code": code}
        if raw is not None:
            if isinstance(raw.get("client_id"), str):
                frame["client_id"] = raw["client_id"]
            if isinstance(raw.get("room"), str):
                frame["room"] = raw["room"]
        frame["detail"] = render(code, params, self.conn.language)
        for key in ("reasons", "retry_after"):
            if key in params:
                frame[key] = params[key]
        self.conn.offer(encode(frame))

    async def read_loop(self, websocket: WebSocket) -> None:
        max_bytes = self.deps.settings.max_frame_bytes
        while self.conn.closing is None:
            try:
                message = await websocket.receive()
            except WebSocketDisconnect:
                return
            if message["type"] == "websocket.disconnect":
                return
            data = message.get("text")
            if data is None:
                data = message.get("bytes") or b""
            raw: dict[str, Any] | None = None
            try:
                frame, raw = parse(data, max_bytes)
                await self.handle(frame)
            except CauserieError as exc:
                self.error(exc.code, exc.params, raw)
            except Exception:
                log.exception("websocket frame failed")
                self.error("internal", {}, raw)

    async def handle(self, frame: Join | Leave | Send | Ping) -> None:
        if isinstance(frame, Ping):
            self.conn.offer('{"type":"pong"}')
        elif isinstance(frame, Join):
            await self.refresh_viewer()
            async with self.deps.uow() as uow:
                # Joins are rare: re-read the account (an age attestation or
                # a band correction since the handshake must count).
                user = await uow.users.get(self.viewer.id)
                if user is not None:
                    self.viewer = Viewer(user=user, hidden=self.viewer.hidden)
                await access_room(
                    uow,
                    self.viewer,
                    frame.room,
                    attestation=self.deps.settings.adult_rooms_require_attestation,
                )
            last = await self.hub.join(self.conn, frame.room, frame.since)
            self.conn.offer(encode({"type": "joined", "room": frame.room, "last_seq": last}))
        elif isinstance(frame, Leave):
            self.hub.leave(self.conn, frame.room)
            self.conn.offer(encode({"type": "left", "room": frame.room}))
        elif isinstance(frame, Send):
            if frame.room not in self.conn.rooms:
                raise CauserieError("not_joined")
            await self.refresh_viewer()
            started = asyncio.get_running_loop().time()
            sent = await send_message(
                self.deps, self.viewer, frame.room, frame.client_id, frame.text
            )
            self.metrics.send_to_ack.observe(asyncio.get_running_loop().time() - started)
            self.metrics.messages.inc()
            self.conn.offer(
                encode(
                    {
                        "type": "ack",
                        "client_id": frame.client_id,
                        "room": sent.message.room_id,
                        "seq": sent.message.seq,
                        "id": sent.message.id,
                    }
                )
            )

    async def refresh_viewer(self) -> None:
        """The viewer's hidden set follows block events; keep the snapshot in step."""
        if self.viewer.hidden != self.conn.hidden:
            self.viewer = Viewer(user=self.viewer.user, hidden=self.conn.hidden)
