"""Delivered and read in private conversations (docs/protocol.md, "Delivered
and read").

A member's client reports how far it has received (``delivered``) and read
(``read``) a conversation; the other member is told live and can ask again.
Read receipts are a choice, and it cuts both ways: a member who turned them
off sends none (their reads are not even kept) and sees none (the other's
reads are left out for them). "Delivered" is not a reading habit: it stays.
Through the one door, like every read of a conversation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from causerie.domain.errors import CauserieError, Invalid, NotAllowed
from causerie.domain.events import UserFrame
from causerie.domain.models import User, Viewer
from causerie.ports import ReceiptUnitOfWork, StorageUnitOfWork
from causerie.services.access import check_account_open, load_viewer
from causerie.services.deps import Deps


@dataclass(frozen=True, slots=True)
class Receipt:
    """What one member may know of the other's progress in a conversation."""

    delivered: int
    read: int | None  # None: one of the two has read receipts off


def _uow(uow: StorageUnitOfWork) -> ReceiptUnitOfWork:
    return uow


async def read_receipts_on(deps: Deps, user: User) -> bool:
    async with deps.uow() as uow:
        return (await _uow(uow).receipts.read_receipts([user.id])).get(user.id, True)


async def set_read_receipts(deps: Deps, user: User, on: bool) -> None:
    """PATCH /me ``read_receipts``."""
    check_account_open(user, deps.clock.now())
    async with deps.uow(write=True) as uow:
        await _uow(uow).receipts.set_read_receipts(user.id, on, deps.clock.now())
        await uow.commit()


def _frame(room_id: str, user_id: str, receipt: Receipt) -> dict[str, Any]:
    frame: dict[str, Any] = {
        "type": "receipt",
        "room": room_id,
        "user": user_id,
        "delivered": receipt.delivered,
    }
    if receipt.read is not None:
        frame["read"] = receipt.read
    return frame


async def mark(
    deps: Deps, viewer: Viewer, room_id: str, delivered: int | None, read: int | None
) -> None:
    """``viewer`` has received up to ``delivered`` and read up to ``read``
    (either may be None). Positions only move forward; the other member is
    told when they moved."""
    now = deps.clock.now()
    async with deps.uow(write=True) as uow:
        user = await uow.users.get(viewer.id)
        if user is None:
            raise CauserieError("unauthenticated")
        check_account_open(user, now)
        fresh = await load_viewer(uow, user)
        access = await deps.door.access_room(uow, fresh, room_id)
        if access.conversation is None or access.other is None:
            raise NotAllowed(reason="receipts_private_only")
        for name, seq in (("delivered", delivered), ("read", read)):
            if seq is not None and seq > access.room.last_seq:
                raise Invalid(field=name)  # nobody has read what was not written
        receipts = _uow(uow).receipts
        other = access.other.id
        prefs = await receipts.read_receipts([user.id, other])
        mine_on = prefs.get(user.id, True)
        before = (await receipts.positions(room_id)).get(user.id, (0, 0))
        # Off: a read is not kept, only what it implies (delivered).
        reads = read or 0
        stored = await receipts.advance(
            room_id, user.id, max(delivered or 0, reads), reads if mine_on else 0, now
        )
        if stored != before:
            shown = Receipt(stored[0], stored[1] if mine_on and prefs.get(other, True) else None)
            event = UserFrame(other, _frame(room_id, user.id, shown))
            uow.publish(event)
        await uow.commit()


async def receipt_of_other(deps: Deps, viewer: Viewer, room_id: str) -> Receipt:
    """How far the other member has received and read the conversation, as
    ``viewer`` may know it."""
    async with deps.uow() as uow:
        access = await deps.door.access_room(uow, viewer, room_id)
        if access.conversation is None or access.other is None:
            raise NotAllowed(reason="receipts_private_only")
        receipts = _uow(uow).receipts
        other = access.other.id
        prefs = await receipts.read_receipts([viewer.id, other])
        delivered, read = (await receipts.positions(room_id)).get(other, (0, 0))
    both_on = prefs.get(viewer.id, True) and prefs.get(other, True)
    return Receipt(delivered, read if both_on else None)
