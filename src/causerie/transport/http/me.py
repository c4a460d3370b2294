"""The caller's own account, and other users' public profiles."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from causerie.services import accounts, media, premium, receipts, trust_view
from causerie.services.access import access_user
from causerie.transport.auth import AccountDep, AuthDep, DepsDep, ViewerDep
from causerie.transport.schemas import (
    MeUpdate,
    PublicUserOut,
    UserOut,
    present_public_user,
    present_user,
)

router = APIRouter(prefix="/api/v1", tags=["users"])


@router.get("/me", response_model=UserOut)
async def get_me(auth: AccountDep, deps: DepsDep) -> Any:
    now = deps.clock.now()
    return {
        **present_user(auth.user, deps.gazetteer, deps.clock.now()),
        "capabilities": trust_view.capabilities(auth.user, now, deps.settings),
        "next_level": trust_view.next_level(auth.user, now, deps.trust),
        "premium": status.as_json()
        if (status := await premium.status_of(deps, auth.user.id))
        else None,
        "accept_images": await media.accepts_images_of(deps, auth.user),
        "read_receipts": await receipts.read_receipts_on(deps, auth.user),
    }


@router.patch("/me", response_model=UserOut)
async def patch_me(body: MeUpdate, auth: AuthDep, deps: DepsDep) -> Any:
    changes = body.model_dump(exclude_none=True)
    accept_images = changes.pop("accept_images", None)
    read_receipts = changes.pop("read_receipts", None)
    user = await accounts.update_me(deps, auth, changes)
    if accept_images is not None:
        await media.set_accepts_images(deps, user, accept_images)
    if read_receipts is not None:
        await receipts.set_read_receipts(deps, user, read_receipts)
    return {
        **present_user(user, deps.gazetteer, deps.clock.now()),
        "accept_images": await media.accepts_images_of(deps, user),
        "read_receipts": await receipts.read_receipts_on(deps, user),
    }


@router.get("/users/{user_id}", response_model=PublicUserOut)
async def get_user(user_id: str, viewer: ViewerDep, deps: DepsDep) -> Any:
    async with deps.uow() as uow:
        user = await access_user(uow, viewer, user_id)
    shown = present_public_user(user, deps.gazetteer)
    if await premium.status_of(deps, user.id) is not None:
        shown["badge"] = "plus"
    return shown
