"""Guest quick start, password accounts, login and logout; the list of
one's sessions and WebSocket tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from causerie.services import accounts
from causerie.services import sessions as session_list
from causerie.services.accounts import NewSession
from causerie.transport.auth import (
    AccountDep,
    AuthDep,
    DepsDep,
    clear_session_cookies,
    client_ip,
    set_session_cookies,
)
from causerie.transport.device import device_id
from causerie.transport.schemas import (
    GuestSignup,
    Login,
    Register,
    SessionOut,
    UserOut,
    present_user,
)
from causerie.transport.web_catalogue import page_language

router = APIRouter(prefix="/api/v1", tags=["sessions"])


async def _session_response(
    deps: DepsDep, new: NewSession, request: Request, response: Response
) -> dict[str, Any]:
    csrf = accounts.csrf_token_for(new.token)
    set_session_cookies(response, deps.settings, new.token, csrf)
    await session_list.note_user_agent(deps, new.session.id, request.headers.get("user-agent"))
    return {
        "token": new.token,
        "csrf_token": csrf,
        "user": present_user(new.user, deps.gazetteer, deps.clock.now()),
    }


@router.post("/session/guest", status_code=201, response_model=SessionOut)
async def guest(body: GuestSignup, request: Request, response: Response, deps: DepsDep) -> Any:
    new = await accounts.signup_guest(
        deps,
        pseudo=body.pseudo,
        gender=body.gender,
        age=body.age,
        city=body.city,
        client_ip=client_ip(request),
        # Ban-evasion screening happens in the sign-up's own transaction.
        device_id=device_id(request),
        # The account speaks the language the person signed up in: the
        # server writes notices and refusals long after this request.
        language=body.language or page_language(request.headers),
    )
    return await _session_response(deps, new, request, response)


@router.post("/session", status_code=201, response_model=SessionOut)
async def login(body: Login, request: Request, response: Response, deps: DepsDep) -> Any:
    new = await accounts.login(
        deps, pseudo=body.pseudo, password=body.password, client_ip=client_ip(request)
    )
    return await _session_response(deps, new, request, response)


@router.delete("/session", status_code=204)
async def logout(auth: AccountDep, deps: DepsDep) -> Response:
    await accounts.logout(deps, auth)
    response = Response(status_code=204)
    clear_session_cookies(response, deps.settings)
    return response


@router.post("/accounts", response_model=UserOut)
async def register(body: Register, auth: AccountDep, deps: DepsDep) -> Any:
    user = await accounts.register(deps, auth, password=body.password, email=body.email)
    return present_user(user, deps.gazetteer, deps.clock.now())


class SessionInfo(BaseModel):
    id: str
    created_at: datetime
    last_seen_at: datetime
    current: bool
    user_agent: str | None = None


class TicketOut(BaseModel):
    ticket: str


@router.get("/sessions", response_model=list[SessionInfo])
async def list_sessions(auth: AccountDep, deps: DepsDep) -> Any:
    """The caller's live sessions, most recently used first."""
    found = await session_list.list_sessions(deps, auth)
    return [
        SessionInfo(
            id=s.id,
            created_at=s.created_at,
            last_seen_at=s.last_seen_at or s.created_at,
            current=s.id == auth.session.id,
            user_agent=s.user_agent,
        )
        for s in found
    ]


@router.delete("/sessions/{session_id}", status_code=204)
async def revoke_session(session_id: str, auth: AccountDep, deps: DepsDep) -> Response:
    """End one of the caller's sessions; its sockets close with 4001."""
    await session_list.revoke_session(deps, auth, session_id)
    response = Response(status_code=204)
    if session_id == auth.session.id:
        clear_session_cookies(response, deps.settings)
    return response


@router.post("/ws/ticket", status_code=201, response_model=TicketOut)
async def ws_ticket(auth: AuthDep, deps: DepsDep) -> Any:
    """A single-use ticket for ``/api/v1/ws?ticket=``, valid ``ws_ticket_seconds``."""
    return TicketOut(ticket=await session_list.issue_ticket(deps, auth))
