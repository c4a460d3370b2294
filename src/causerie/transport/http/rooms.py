"""Public rooms and the history of any room the caller may read."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from causerie.realtime.frames import message_body
from causerie.services.rooms import list_rooms, room_history
from causerie.transport.auth import DepsDep, ViewerDep
from causerie.transport.params import LimitQuery, SeqQuery
from causerie.transport.schemas import HistoryOut, RoomOut, present_room

router = APIRouter(prefix="/api/v1", tags=["rooms"])


@router.get("/rooms", response_model=list[RoomOut])
async def get_rooms(viewer: ViewerDep, deps: DepsDep) -> Any:
    return [present_room(v, deps.gazetteer) for v in await list_rooms(deps, viewer)]


@router.get("/rooms/{room_id}/messages", response_model=HistoryOut)
async def get_messages(
    room_id: str,
    viewer: ViewerDep,
    deps: DepsDep,
    before: SeqQuery = None,
    limit: LimitQuery = None,
) -> Any:
    page = await room_history(deps, viewer, room_id, before=before, limit=limit)
    return {"messages": [message_body(m) for m in page.messages], "has_more": page.has_more}
