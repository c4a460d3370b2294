"""``DELETE /api/v1/me``: the right to erasure (GDPR art. 17), within what
the law keeps (docs/privacy.md).

Gone at once: every session (open sockets close with 4001), the profile
(pseudo, bio, e-mail, password, city, settings), the text of every message,
held messages, blocks both ways, unanswered conversation requests, notices,
Web Push subscriptions.
Left: a tombstone row (messages keep their seq, so histories stay gapless),
evidence under legal hold (invariant 8), the audit log, and, for the LCEN
year only, connection data (sessions, device signals) and the sealed
identification record — then the retention purge deletes them."""

from __future__ import annotations

import logging
from datetime import timedelta

from causerie.domain.errors import CauserieError, Unauthenticated
from causerie.domain.events import CLOSE_SESSION_ENDED, BlocksChanged, CloseUser, Event, UserFrame
from causerie.domain.models import AccountStatus, DmPolicy, Gender, Role, User
from causerie.domain.times import rfc3339
from causerie.ports import UserPatch
from causerie.safety.names import pseudo_key
from causerie.services import audit, media, nearby, premium, push
from causerie.services.accounts import Authenticated
from causerie.services.deps import Deps
from causerie.services.legal import held_accounts
from causerie.services.privacy import (
    ERASED_PSEUDO,
    band_floor,
    blank_messages,
    erased_key,
    privacy_repo,
)

log = logging.getLogger(__name__)


def tombstone_fields(user: User) -> UserPatch:
    """Every ``User`` field that could say who they were, neutralised. The
    band stays (rooms and messages belong to one band); so do the id, the
    creation time and the language, which identify nobody."""
    return {
        "pseudo": ERASED_PSEUDO,
        "gender": Gender.UNDISCLOSED,
        "age": band_floor(user.band),
        "city_id": "",
        "city_changed_at": None,
        "bio": "",
        "email": None,
        "has_password": False,  # forgets the password hash
        "nearby_visible": False,
        "dm_requests": DmPolicy.NOBODY,
        "age_attested": False,
        "last_seen_at": None,
        "message_count": 0,
        "trust_level": 0,
        "role": Role.USER,
        "status": AccountStatus.ERASED,
        "status_until": None,
        "muted_until": None,
        "trust_locked_until": None,
    }


async def check_erasure(
    deps: Deps, auth: Authenticated, *, confirm: str, password: str | None
) -> None:
    """The account holder, on purpose: their pseudo typed again (case and
    accents aside), and their password when the account has one."""
    if pseudo_key(confirm) != auth.user.pseudo_key:
        raise CauserieError("confirm_mismatch")
    async with deps.uow() as uow:
        stored = await uow.users.password_hash(auth.user.id)
    if stored is None:
        return
    # The login's budget for this account: guessing here costs the same.
    await deps.rate_limit(f"login:pseudo:{auth.user.pseudo_key}", deps.settings.login_per_pseudo)
    if not password or not await deps.passwords.verify(stored, password):
        raise CauserieError("wrong_password")


async def erase_account(
    deps: Deps, auth: Authenticated, *, confirm: str, password: str | None
) -> None:
    """Erase the caller's account (see the module docstring)."""
    await check_erasure(deps, auth, confirm=confirm, password=password)
    now = deps.clock.now()
    user_id = auth.user.id
    async with deps.uow(write=True) as uow:
        privacy = privacy_repo(uow)
        user = await uow.users.get(user_id)
        if user is None:
            raise Unauthenticated()
        # The first write, conditional: of two erasures at once (two tabs, a
        # double click) one goes on; the other waits on the row, finds it
        # erased, and is a no-op — one erasure, one audit entry.
        if user.status is AccountStatus.ERASED or not await privacy.claim_erasure(user_id):
            return
        await privacy.keep_identification(user, now)
        revoked = await uow.sessions.revoke_all(user_id, now)
        await privacy.replace_pseudo_key(user_id, erased_key(user_id))
        erased = await uow.users.update(user_id, **tombstone_fields(user))
        others = await privacy.remove_blocks(user_id)
        requests = await privacy.remove_pending_requests(user_id)
        held = await privacy.erase_held(user_id, ERASED_PSEUDO)
        notices = await privacy.delete_notices(user_id)
        # Reactions say who liked what: they go with the account (an edit
        # history is blanked with the messages, in erase_messages).
        reactions = await uow.reactions.remove_all_by(user_id)
        # No notification may reach a device after the account is gone.
        await push.devices(uow).delete_for_user(user_id)
        keep_until = now + timedelta(days=deps.settings.connection_data_days)
        # No pseudo or other personal data here: the audit log is kept for good.
        await audit.record(
            uow,
            now,
            actor=f"user:{user_id}",
            action="account_erased",
            subject=f"user:{user_id}",
            payload={
                "sessions_revoked": len(revoked),
                "blocks_removed": len(others),
                "requests_removed": len(requests),
                "held_blanked": held,
                "notices_deleted": notices,
                "reactions_removed": reactions,
                "connection_data_until": rfc3339(keep_until),
            },
        )
        events: list[Event] = [
            # Every socket of the account, on every node: the session ended.
            CloseUser(user_id, CLOSE_SESSION_ENDED, "erased"),
            nearby.presence_of(erased, now, deps.settings),
        ]
        if others:
            events.append(BlocksChanged((user_id, *others)))
        for conversation in requests:
            # The other side's list refreshes and finds the request gone.
            other = conversation.other(user_id)
            frame = {"type": "conversation", "room": conversation.room_id}
            events.append(UserFrame(other, frame))
        for event in events:
            uow.publish(event)
        await uow.commit()
    # Nothing more is billed to an account that can no longer sign in to
    # cancel (docs/premium.md); a provider failure does not undo the erasure.
    try:
        await premium.stop_billing(deps, user_id, "account_erased")
    except Exception:
        log.exception("erasure of %s: the subscription could not be cancelled", user_id)
    # After the account is shut, so that no new message can slip in behind;
    # one that was already in flight is caught by the retention sweep. Under
    # a preservation order the text stays until the order ends, then the
    # same sweep blanks it (docs/legal.md); the account is gone all the same.
    async with deps.uow() as uow:
        on_hold = user_id in await held_accounts(uow, now)
    if not on_hold:
        await blank_messages(deps.uow, user_id)
        if deps.media is not None:  # photos go like the text (docs/media.md)
            await media.erase_uploads(deps, user_id)
