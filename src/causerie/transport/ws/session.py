"""The per-connection protocol state machine: parse each client frame,
check it through the services, answer with frames on the connection."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

from fastapi import WebSocket
from starlette.websockets import WebSocketDisconnect

from causerie.domain.errors import CauserieError, RateLimited
from causerie.domain.events import CLOSE_TOO_MANY
from causerie.domain.models import Viewer
from causerie.domain.stream import epoch_of, recoverable
from causerie.realtime.budget import TokenBucket
from causerie.realtime.connection import Connection
from causerie.realtime.frames import encode
from causerie.realtime.hub import Hub
from causerie.services.deps import Deps
from causerie.services.edits import edit_own_message
from causerie.services.media import send_image_message
from causerie.services.messages import Held, Sent, submit
from causerie.services.own_messages import delete_own_message
from causerie.services.reactions import react
from causerie.services.receipts import mark as mark_receipt
from causerie.services.typing import TYPING_INTERVAL, signal_typing
from causerie.transport.i18n import render
from causerie.transport.metrics import Metrics
from causerie.transport.ws.budgets import FloodBudgets
from causerie.transport.ws.frames import (
    Delete,
    Edit,
    Join,
    Leave,
    Ping,
    React,
    ReceiptMark,
    Send,
    Typing,
    parse,
)

log = logging.getLogger(__name__)


class WsSession:
    """The per-connection protocol state machine (joined rooms live on ``conn``)."""

    def __init__(
        self, deps: Deps, hub: Hub, conn: Connection, viewer: Viewer, metrics: Metrics
    ) -> None:
        self.metrics = metrics
        self.deps = deps
        self.hub = hub
        self.conn = conn
        self.viewer = viewer
        # Sends whose commit is pending: the reader goes on reading (so one
        # connection's sends share group commits) up to this many at once.
        self.in_flight: set[asyncio.Task[None]] = set()
        self.budgets = FloodBudgets.from_settings(deps.settings)
        conn.replay_budget = self.budgets.replayed
        # Per room, when this connection's last typing signal was forwarded.
        self.typing_at: dict[str, float] = {}

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
                try:
                    frame, raw = parse(data, max_bytes)
                finally:
                    # Every frame costs, even one that does not parse; parsed
                    # first so that a refusal names the send's client_id.
                    self.charge(self.budgets.frames)
                if isinstance(frame, Join | Leave):
                    self.charge(self.budgets.joins)
                await self.handle(frame)
            except CauserieError as exc:
                self.error(exc.code, exc.params, raw)
            except Exception:
                log.exception("websocket frame failed")
                self.error("internal", {}, raw)
            # Frames a socket already sent come out of uvicorn's queue
            # without the reader ever waiting: yield after each, so that
            # one socket's flood cannot hold the event loop from the others.
            await asyncio.sleep(0)

    def charge(self, bucket: TokenBucket | None) -> None:
        """Take one token, or refuse the frame (``rate_limited``); refusals
        past their own budget close the connection with 4029."""
        if bucket is None:
            return
        now = asyncio.get_running_loop().time()
        wait = bucket.take(now)
        if wait <= 0:
            return
        refusals = self.budgets.refusals
        if refusals is not None and refusals.take(now) > 0:
            self.conn.close(CLOSE_TOO_MANY)
        raise RateLimited(wait)

    async def handle(
        self, frame: Join | Leave | Send | Ping | Typing | ReceiptMark | Delete | Edit | React
    ) -> None:
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
                access = await self.deps.door.access_room(uow, self.viewer, frame.room)
            epoch, since = epoch_of(access.room), frame.since
            recovered = since is None or recoverable(access.room, since, frame.epoch)
            # A since from another stream cannot be replayed: join live and
            # say so, the client reloads the history over HTTP.
            last = await self.hub.join(self.conn, frame.room, since if recovered else None)
            joined: dict[str, object] = {
                "type": "joined",
                "room": frame.room,
                "last_seq": last,
                "epoch": epoch,
            }
            if since is not None:
                joined["recovered"] = recovered
            self.conn.offer(encode(joined))
        elif isinstance(frame, Typing):
            await self.typing(frame)
        elif isinstance(frame, Delete):
            if frame.room not in self.conn.rooms:
                raise CauserieError("not_joined")
            await self.refresh_viewer()
            await delete_own_message(self.deps, self.viewer, frame.room, frame.seq)
        elif isinstance(frame, Edit):
            # Answered by the ``edited`` frame every member gets, this
            # connection included (or an error frame naming the room).
            if frame.room not in self.conn.rooms:
                raise CauserieError("not_joined")
            await self.refresh_viewer()
            await edit_own_message(self.deps, self.viewer, frame.room, frame.seq, frame.text)
        elif isinstance(frame, React):
            if frame.room not in self.conn.rooms:
                raise CauserieError("not_joined")
            await self.refresh_viewer()
            await react(self.deps, self.viewer, frame.room, frame.seq, frame.emoji, on=frame.on)
        elif isinstance(frame, ReceiptMark):
            if frame.room not in self.conn.rooms:
                raise CauserieError("not_joined")
            await self.refresh_viewer()
            await mark_receipt(self.deps, self.viewer, frame.room, frame.delivered, frame.read)
        elif isinstance(frame, Leave):
            self.hub.leave(self.conn, frame.room)
            self.conn.offer(encode({"type": "left", "room": frame.room}))
        elif isinstance(frame, Send):
            if frame.room not in self.conn.rooms:
                raise CauserieError("not_joined")
            await self.refresh_viewer()
            loop = asyncio.get_running_loop()
            started = loop.time()
            result: Awaitable[Sent | Held]
            if frame.image is not None:
                result = await self.send_image(frame)
            else:
                # Queued in arrival order: this connection's messages take seqs
                # in the order it sent them, whenever their commits complete.
                result = await submit(
                    self.deps, self.viewer, frame.room, frame.client_id, frame.text, frame.reply_to
                )
            task = loop.create_task(self.acknowledge(frame, result, started))
            self.in_flight.add(task)
            task.add_done_callback(self.in_flight.discard)
            if len(self.in_flight) >= self.deps.settings.sends_in_flight:
                await asyncio.wait(self.in_flight, return_when=asyncio.FIRST_COMPLETED)

    async def typing(self, frame: Typing) -> None:
        """Forward at most one signal per room every ``TYPING_INTERVAL``
        seconds; the ones in between are dropped without an answer (a client
        typing fast is not at fault, and the indicator loses nothing)."""
        if frame.room not in self.conn.rooms:
            raise CauserieError("not_joined")
        now = asyncio.get_running_loop().time()
        last = self.typing_at.get(frame.room)
        if last is not None and now - last < TYPING_INTERVAL:
            return
        self.typing_at[frame.room] = now
        await self.refresh_viewer()
        await signal_typing(self.deps, self.viewer, frame.room)

    async def send_image(self, frame: Send) -> Awaitable[Sent]:
        """A photo is written in its own transaction, not the group commit;
        this connection's earlier sends commit first and later ones wait for
        it, so its messages still take seqs in the order it sent them."""
        assert frame.image is not None
        if self.in_flight:
            await asyncio.wait(self.in_flight)
        written = asyncio.ensure_future(
            send_image_message(
                self.deps, self.viewer, frame.room, frame.client_id, frame.text, frame.image
            )
        )
        await asyncio.wait({written})
        return written

    async def acknowledge(
        self, frame: Send, result: Awaitable[Sent | Held], started: float
    ) -> None:
        """The ack once the message is durable, or the error frame (a held
        message is told like a refusal: the sender sees the reasons)."""
        raw = {"client_id": frame.client_id, "room": frame.room}
        try:
            sent = await result
        except CauserieError as exc:
            self.error(exc.code, exc.params, raw)
            return
        except Exception:
            log.exception("websocket send failed")
            self.error("internal", {}, raw)
            return
        if isinstance(sent, Held):
            self.error("held_for_review", {"reasons": sent.reasons}, raw)
            return
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
        # The hub replaces the set, never changes it in place: identity says it all.
        if self.viewer.hidden is not self.conn.hidden:
            self.viewer = Viewer(user=self.viewer.user, hidden=self.conn.hidden)
