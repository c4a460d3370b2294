"""Search in messages one may read (docs/protocol.md, "Search")."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from causerie.realtime.frames import message_body
from causerie.services.search import search_messages
from causerie.transport.auth import DepsDep, ViewerDep

router = APIRouter(prefix="/api/v1", tags=["rooms"])


@router.get("/search")
async def search(
    viewer: ViewerDep,
    deps: DepsDep,
    q: Annotated[str, Query(max_length=1000)],
    room: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    """Newest first, at most 30: ``{"results": [Message]}``."""
    found = await search_messages(deps, viewer, q, room)
    return {"results": [message_body(m) for m in found]}
