"""A member's sessions (list, revoke one) and single-use WebSocket tickets.

A ticket stands in for the session token where a client cannot send headers
(``?ticket=`` on the WebSocket URL): a URL may be logged or kept in a
history, so what it carries is worth nothing once used or ``ws_ticket_seconds``
old. Only its SHA-256 is stored, in the database every node shares."""

from __future__ import annotations

import secrets
from datetime import timedelta

from causerie.domain.errors import CauserieError, Unauthenticated
from causerie.domain.events import CLOSE_SESSION_ENDED, CloseSession
from causerie.domain.models import Session
from causerie.services.accounts import Authenticated, hash_token
from causerie.services.deps import Deps

USER_AGENT_MAX = 200


async def list_sessions(deps: Deps, auth: Authenticated) -> list[Session]:
    async with deps.uow() as uow:
        return await uow.sessions.live_of(auth.user.id, deps.clock.now())


async def revoke_session(deps: Deps, auth: Authenticated, session_id: str) -> None:
    """End one of the caller's own sessions (the current one too): the token
    stops working and that session's sockets close with 4001 on every node.
    Someone else's session, or an unknown or ended one: ``not_found``."""
    now = deps.clock.now()
    async with deps.uow(write=True) as uow:
        session = await uow.sessions.get(session_id)
        if (
            session is None
            or session.user_id != auth.user.id
            or session.revoked_at is not None
            or session.expires_at <= now
        ):
            raise CauserieError("not_found")
        await uow.sessions.revoke(session_id, now)
        uow.publish(CloseSession(session_id=session_id, code=CLOSE_SESSION_ENDED))
        await uow.commit()


async def note_user_agent(deps: Deps, session_id: str, user_agent: str | None) -> None:
    """What the list shows to tell sessions apart (set when one opens)."""
    if not user_agent:
        return
    async with deps.uow(write=True) as uow:
        await uow.sessions.touch(session_id, deps.clock.now(), user_agent[:USER_AGENT_MAX])
        await uow.commit()


async def issue_ticket(deps: Deps, auth: Authenticated) -> str:
    ticket = secrets.token_urlsafe(32)
    now = deps.clock.now()
    expires = now + timedelta(seconds=deps.settings.ws_ticket_seconds)
    async with deps.uow(write=True) as uow:
        await uow.sessions.add_ticket(hash_token(ticket), auth.session.id, expires, now)
        await uow.commit()
    return ticket


async def redeem_ticket(deps: Deps, ticket: str | None) -> Authenticated:
    """The session and user behind a ticket, which is used up by this call;
    ``Unauthenticated`` for a used, expired or unknown ticket, or when its
    session ended meanwhile."""
    if not ticket or len(ticket) > 200:
        raise Unauthenticated()
    now = deps.clock.now()
    async with deps.uow(write=True) as uow:
        session_id = await uow.sessions.consume_ticket(hash_token(ticket), now)
        session = await uow.sessions.get(session_id) if session_id is not None else None
        await uow.commit()
    if session is None or session.revoked_at is not None or session.expires_at <= now:
        raise Unauthenticated()
    async with deps.uow() as uow:
        user = await uow.users.get(session.user_id)
    if user is None:
        raise Unauthenticated()
    return Authenticated(session=session, user=user)
