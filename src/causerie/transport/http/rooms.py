"""Public rooms and the history of any room the caller may read."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from causerie.realtime.frames import message_body, reactions_body
from causerie.services.catalogue import translated
from causerie.services.rooms import list_rooms, room_history
from causerie.transport.auth import DepsDep, ViewerDep
from causerie.transport.i18n import pick_language
from causerie.transport.params import LimitQuery, SeqQuery
from causerie.transport.schemas import HistoryOut, RoomOut, present_room

router = APIRouter(prefix="/api/v1", tags=["rooms"])


@router.get("/rooms", response_model=list[RoomOut])
async def get_rooms(request: Request, viewer: ViewerDep, deps: DepsDep) -> Any:
    # The catalogue's rooms in the reader's language: the client's
    # Accept-Language (its current language), else the account's setting.
    header = request.headers.get("accept-language")
    language = pick_language(header) if header else pick_language(None, viewer.user.language)
    shown = []
    for view in await list_rooms(deps, viewer):
        room = present_room(view, deps.gazetteer)
        if view.name is None:
            room["name"], room["description"] = translated(view.room, language)
        shown.append(room)
    return shown


@router.get("/rooms/{room_id}/messages", response_model=HistoryOut)
async def get_messages(
    room_id: str,
    viewer: ViewerDep,
    deps: DepsDep,
    before: SeqQuery = None,
    limit: LimitQuery = None,
) -> Any:
    page = await room_history(deps, viewer, room_id, before=before, limit=limit)
    shown = []
    for message in page.messages:
        body = message_body(message)
        counts = page.reactions.get(message.seq)
        if counts:
            body["reactions"] = reactions_body(counts)
        shown.append(body)
    return {"messages": shown, "has_more": page.has_more}
