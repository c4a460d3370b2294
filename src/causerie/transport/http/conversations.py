"""Private conversations: request, accept, decline."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from causerie.services import conversations, receipts
from causerie.transport.auth import DepsDep, ViewerDep
from causerie.transport.schemas import NewConversation, RoomOut, present_room

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])


@router.post("", status_code=201, response_model=RoomOut)
async def create(body: NewConversation, viewer: ViewerDep, deps: DepsDep) -> Any:
    view = await conversations.request_conversation(
        deps, viewer, user_id=body.user_id, text=body.text, client_id=body.client_id
    )
    return present_room(view, deps.gazetteer)


@router.get("", response_model=list[RoomOut])
async def list_all(viewer: ViewerDep, deps: DepsDep) -> Any:
    return [
        present_room(v, deps.gazetteer)
        for v in await conversations.list_conversations(deps, viewer)
    ]


@router.get("/{room_id}", response_model=RoomOut)
async def get_one(room_id: str, viewer: ViewerDep, deps: DepsDep) -> Any:
    return present_room(await conversations.get_conversation(deps, viewer, room_id), deps.gazetteer)


@router.post("/{room_id}/accept", response_model=RoomOut)
async def accept(room_id: str, viewer: ViewerDep, deps: DepsDep) -> Any:
    view = await conversations.answer_conversation(deps, viewer, room_id, accept=True)
    return present_room(view, deps.gazetteer)


@router.post("/{room_id}/decline", response_model=RoomOut)
async def decline(room_id: str, viewer: ViewerDep, deps: DepsDep) -> Any:
    view = await conversations.answer_conversation(deps, viewer, room_id, accept=False)
    return present_room(view, deps.gazetteer)


@router.get("/{room_id}/receipts")
async def receipt(room_id: str, viewer: ViewerDep, deps: DepsDep) -> dict[str, int | None]:
    """How far the other member has received and read (docs/protocol.md)."""
    found = await receipts.receipt_of_other(deps, viewer, room_id)
    return {"delivered": found.delivered, "read": found.read}
