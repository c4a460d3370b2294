"""Blocking: instant and total, both directions, every surface."""

from __future__ import annotations

from causerie.domain.errors import Invalid
from causerie.domain.events import BlocksChanged
from causerie.domain.models import Block, Viewer
from causerie.services.access import check_account_open
from causerie.services.deps import Deps


async def block_user(deps: Deps, viewer: Viewer, user_id: str) -> Block:
    if user_id == viewer.id:
        raise Invalid(field="user_id")
    # Suspended or banned: no blocks either (a mute keeps them: a safety control).
    check_account_open(viewer.user, deps.clock.now())
    async with deps.uow(write=True) as uow:
        target = await deps.door.access_user(uow, viewer, user_id)
        block = await uow.blocks.add(
            Block(blocker_id=viewer.id, blocked_id=target.id, created_at=deps.clock.now())
        )
        uow.publish(BlocksChanged((viewer.id, target.id)))
        await uow.commit()
    return Block(block.blocker_id, block.blocked_id, block.created_at, target.pseudo)


async def unblock_user(deps: Deps, viewer: Viewer, user_id: str) -> None:
    check_account_open(viewer.user, deps.clock.now())
    async with deps.uow(write=True) as uow:
        removed = await uow.blocks.remove(viewer.id, user_id)
        if removed:
            uow.publish(BlocksChanged((viewer.id, user_id)))
        await uow.commit()


async def list_blocks(deps: Deps, viewer: Viewer) -> list[Block]:
    async with deps.uow() as uow:
        blocks = await uow.blocks.list_by(viewer.id)
        users = await uow.users.get_many([b.blocked_id for b in blocks])
    return [
        Block(b.blocker_id, b.blocked_id, b.created_at, users[b.blocked_id].pseudo)
        for b in blocks
        if b.blocked_id in users
    ]
