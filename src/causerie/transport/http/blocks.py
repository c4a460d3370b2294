"""Blocks: instant, total, both directions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from causerie.domain.models import Block
from causerie.domain.times import rfc3339
from causerie.services import blocks
from causerie.transport.auth import DepsDep, ViewerDep
from causerie.transport.schemas import BlockOut, NewBlock

router = APIRouter(prefix="/api/v1/blocks", tags=["safety"])


def _present(block: Block) -> dict[str, Any]:
    return {
        "user_id": block.blocked_id,
        "pseudo": block.blocked_pseudo,
        "created_at": rfc3339(block.created_at),
    }


@router.post("", status_code=201, response_model=BlockOut)
async def create(body: NewBlock, viewer: ViewerDep, deps: DepsDep) -> Any:
    return _present(await blocks.block_user(deps, viewer, body.user_id))


@router.get("", response_model=list[BlockOut])
async def list_all(viewer: ViewerDep, deps: DepsDep) -> Any:
    return [_present(b) for b in await blocks.list_blocks(deps, viewer)]


@router.delete("/{user_id}", status_code=204)
async def delete(user_id: str, viewer: ViewerDep, deps: DepsDep) -> Response:
    await blocks.unblock_user(deps, viewer, user_id)
    return Response(status_code=204)
