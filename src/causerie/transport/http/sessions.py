"""Guest quick start, password accounts, login and logout."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request, Response

from causerie.services import accounts, evasion
from causerie.services.accounts import NewSession
from causerie.transport.auth import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    AccountDep,
    DepsDep,
    client_ip,
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

router = APIRouter(prefix="/api/v1", tags=["sessions"])


def _session_response(deps: DepsDep, new: NewSession, response: Response) -> dict[str, Any]:
    csrf = accounts.csrf_token_for(new.token)
    max_age = deps.settings.session_days * 86400
    secure = deps.settings.cookie_secure
    response.set_cookie(
        SESSION_COOKIE,
        new.token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    # Readable on purpose: the page echoes it in X-CSRF-Token (double submit).
    response.set_cookie(
        CSRF_COOKIE,
        csrf,
        max_age=max_age,
        httponly=False,
        samesite="strict",
        secure=secure,
        path="/",
    )
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
    )
    # Ban evasion (docs/moderation.md): record the device and network, and
    # hold the new account if they match a banned one.
    held = await evasion.screen_signup(
        deps, new.user, device_id=device_id(request), client_ip=client_ip(request)
    )
    new = replace(new, user=held)
    return _session_response(deps, new, response)


@router.post("/session", status_code=201, response_model=SessionOut)
async def login(body: Login, request: Request, response: Response, deps: DepsDep) -> Any:
    new = await accounts.login(
        deps, pseudo=body.pseudo, password=body.password, client_ip=client_ip(request)
    )
    return _session_response(deps, new, response)


@router.delete("/session", status_code=204)
async def logout(auth: AccountDep, deps: DepsDep) -> Response:
    await accounts.logout(deps, auth)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.post("/accounts", response_model=UserOut)
async def register(body: Register, auth: AccountDep, deps: DepsDep) -> Any:
    user = await accounts.register(deps, auth, password=body.password, email=body.email)
    return present_user(user, deps.gazetteer, deps.clock.now())
