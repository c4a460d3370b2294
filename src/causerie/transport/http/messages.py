"""``/api/v1/messages/{id}``: editing one's own message and reacting, for
clients that prefer HTTP to the WebSocket frames (docs/protocol.md); and the
edit history of a message, for staff."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from causerie.domain.errors import NotFound
from causerie.domain.times import rfc3339
from causerie.realtime.frames import message_body, reactions_body
from causerie.services import edits, reactions
from causerie.transport.auth import DepsDep, ViewerDep
from causerie.transport.http.moderation import StaffDep
from causerie.transport.schemas import MessageEditIn, MessageOut, ReactionsOut

router = APIRouter(prefix="/api/v1", tags=["messages"])


@router.patch("/messages/{message_id}", response_model=MessageOut)
async def edit(message_id: str, body: MessageEditIn, viewer: ViewerDep, deps: DepsDep) -> Any:
    room_id, seq = await reactions.message_room(deps, message_id)
    return message_body(await edits.edit_own_message(deps, viewer, room_id, seq, body.text))


async def _react(
    message_id: str, emoji: str, viewer: ViewerDep, deps: DepsDep, *, on: bool
) -> dict[str, Any]:
    room_id, seq = await reactions.message_room(deps, message_id)
    done = await reactions.react(deps, viewer, room_id, seq, emoji, on=on)
    return {"room": done.room_id, "seq": done.seq, "reactions": reactions_body(done.counts)}


@router.put("/messages/{message_id}/reactions/{emoji}", response_model=ReactionsOut)
async def add_reaction(message_id: str, emoji: str, viewer: ViewerDep, deps: DepsDep) -> Any:
    return await _react(message_id, emoji, viewer, deps, on=True)


@router.delete("/messages/{message_id}/reactions/{emoji}", response_model=ReactionsOut)
async def remove_reaction(message_id: str, emoji: str, viewer: ViewerDep, deps: DepsDep) -> Any:
    return await _react(message_id, emoji, viewer, deps, on=False)


@router.get("/moderation/messages/{message_id}/edits")
async def edit_history(message_id: str, staff: StaffDep, deps: DepsDep) -> Any:
    """Staff see a message's edits through a case about it they may handle,
    or in a public room no case is about; a private message no case is
    about is not browsed by id. Each read is audited."""
    found = await edits.edit_history(deps, staff, message_id)
    if found is None:
        raise NotFound()
    message, history = found
    return {
        "message": message_body(message),
        "edits": [
            {
                "id": e.id,
                "previous_text": e.previous_text,
                "text": e.text,
                "edited_at": rfc3339(e.edited_at),
                "evidence": e.evidence,
            }
            for e in history
        ],
    }
