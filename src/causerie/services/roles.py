"""Staff roles, granted by operators (``causerie users role``): every change
is written to the audit log in the same transaction. A staff role is never
granted to an account under a sanction (or erased): staff rights are lost
while one is in force (``services/duties.py``), and a grant must not be a
way around that; revoking is always possible."""

from __future__ import annotations

from causerie.domain.errors import CauserieError, NotAllowed
from causerie.domain.events import UserFrame
from causerie.domain.models import Role, User
from causerie.safety.names import pseudo_key
from causerie.services import audit
from causerie.services.access import sanctioned
from causerie.services.deps import Deps


async def set_role(deps: Deps, pseudo: str, role: str, *, actor: str = "operator:cli") -> User:
    wanted = Role.USER if role == "none" else Role(role)
    async with deps.uow(write=True) as uow:
        user = await uow.users.by_pseudo_key(pseudo_key(pseudo))
        if user is None:
            raise CauserieError("not_found")
        if wanted is not Role.USER and sanctioned(user, deps.clock.now()):
            raise NotAllowed(reason="sanctioned")
        before = user.role
        user = await uow.users.update(user.id, role=wanted)
        await audit.record(
            uow,
            deps.clock.now(),
            actor=actor,
            action="role.change",
            subject=f"user:{user.id}",
            payload={"from": before.value, "to": wanted.value, "pseudo": user.pseudo},
        )
        # The member's open screens fetch who they are again (staff menus
        # appear or go) — from the command line too, through the outbox.
        uow.publish(UserFrame(user.id, {"type": "account"}))
        await uow.commit()
    return user
