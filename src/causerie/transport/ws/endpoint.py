"""``GET /api/v1/ws``: authenticate at the handshake, then one reader loop
(this coroutine) and one writer task. Under this app's uvicorn protocol
(``transport/ws/direct.py``) frames are written straight to the socket and
the writer only carries the close; elsewhere it drains the connection's
bounded queue."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket
from starlette.responses import Response

from causerie.domain.errors import CauserieError
from causerie.domain.events import CLOSE_SUSPENDED, CLOSE_TOO_MANY, CLOSE_UNAUTHENTICATED
from causerie.domain.ids import new_id
from causerie.domain.models import Viewer
from causerie.realtime.connection import Connection
from causerie.services import accounts, nearby
from causerie.services import sessions as session_list
from causerie.services.access import load_viewer, locked_out
from causerie.services.accounts import Authenticated
from causerie.services.deps import Deps
from causerie.transport.auth import SESSION_COOKIE, bearer_token, cookie_name
from causerie.transport.i18n import pick_language
from causerie.transport.metrics import Metrics
from causerie.transport.state import state_of
from causerie.transport.ws.budgets import socket_limits
from causerie.transport.ws.direct import DIRECT_EXTENSION, DirectSink
from causerie.transport.ws.session import WsSession

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
    try:
        # A single-use ticket (POST /api/v1/ws/ticket) for clients that cannot
        # send headers; the older ?token= still works, and is never logged
        # (transport/limits.py filters secret query strings from the logs).
        ticket = websocket.query_params.get("ticket")
        if ticket is not None:
            return await session_list.redeem_ticket(deps, ticket)
        token = bearer_token(websocket.headers.get("authorization"))
        if token is None:
            token = websocket.query_params.get("token")
        if token is None:
            token = websocket.cookies.get(cookie_name(SESSION_COOKIE, deps.settings))
            if token is not None and not _same_origin(websocket):
                return None
        return await accounts.authenticate(deps, token, with_hidden=True)
    except CauserieError as error:
        if error.code in _NOT_THE_CREDENTIALS:
            raise
        return None


# Refusals that say nothing about the credentials: answered "try again",
# never 401, which tells a client its session is over (the web client then
# stops reconnecting and shows the sign-in page).
_NOT_THE_CREDENTIALS = frozenset({"unavailable", "rate_limited"})
# RFC 6455 7.4.1: "Try Again Later".
CLOSE_TRY_AGAIN_LATER = 1013


async def _refuse_for_now(websocket: WebSocket, error: CauserieError) -> None:
    retry_after = str(error.params.get("retry_after", 1))
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        status = 503 if error.code == "unavailable" else 429
        await websocket.send_denial_response(
            Response(status_code=status, headers={"Retry-After": retry_after})
        )
    else:
        await websocket.accept()
        await websocket.close(code=CLOSE_TRY_AGAIN_LATER)


@router.websocket("/api/v1/ws")
async def websocket_endpoint(websocket: WebSocket) -> None:
    state = state_of(websocket.app)
    deps, hub = state.deps, state.node.hub
    try:
        auth = await _authenticate(websocket, deps)
    except CauserieError as error:
        await _refuse_for_now(websocket, error)
        return
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
    if auth.hidden is not None:
        viewer = Viewer(user=auth.user, hidden=auth.hidden)
    else:  # a ticket: its session was read without the blocks
        async with deps.uow() as uow:
            viewer = await load_viewer(uow, auth.user)
    await websocket.accept()
    sink = websocket.scope.get("extensions", {}).get(DIRECT_EXTENSION)
    conn = Connection(
        id=new_id(),
        user_id=auth.user.id,
        session_id=auth.session.id,
        language=language,
        hidden=viewer.hidden,
        limit=deps.settings.outbox_limit,
        sink=sink if isinstance(sink, DirectSink) else None,
        byte_limit=deps.settings.outbox_bytes,
        batcher=hub.batcher,
    )
    # Sockets per account and per address on this node: past either limit
    # the socket is closed with 4029, which a client can read (a refused
    # handshake would only show as a failure, and be retried at once).
    per_user, per_address = socket_limits(deps.settings)
    address = websocket.client.host if websocket.client else "unknown"
    if not hub.sockets_by_user.acquire(auth.user.id, per_user):
        await websocket.close(code=CLOSE_TOO_MANY)
        return
    if not hub.sockets_by_address.acquire(address, per_address):
        hub.sockets_by_user.release(auth.user.id)
        await websocket.close(code=CLOSE_TOO_MANY)
        return
    hub.register(conn)
    metrics: Metrics = state_of(websocket.app).metrics
    metrics.connections.inc()

    async def send(data: str) -> None:
        await websocket.send_text(data)

    async def close(code: int) -> None:
        with contextlib.suppress(Exception):
            await websocket.close(code=code)

    writer = asyncio.create_task(conn.run_writer(send, close))
    seen = asyncio.create_task(_mark_seen(deps, auth))
    session = WsSession(deps, hub, conn, viewer, metrics)
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
        hub.sockets_by_user.release(auth.user.id)
        hub.sockets_by_address.release(address)
        metrics.connections.dec()


async def _mark_seen(deps: Deps, auth: Authenticated) -> None:
    """An open connection is activity: record it at once (beside the
    handshake, not in its way), so an opted-in member is listed nearby;
    ``nearby.ConnectedSeen`` keeps it recorded while the connection lasts."""
    try:
        await nearby.mark_seen(deps, auth.user.id, current=auth.user)
    except Exception:
        log.exception("marking a connection seen failed")
