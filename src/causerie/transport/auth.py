"""Who is calling: the bearer token or the session cookie, CSRF for cookie
requests that change state, and the ``Annotated`` dependencies routes use."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request, Response

from causerie.config import Settings
from causerie.domain.errors import CauserieError
from causerie.domain.models import Viewer
from causerie.services import accounts
from causerie.services.access import check_account_open
from causerie.services.accounts import Authenticated
from causerie.services.deps import Deps
from causerie.transport.state import state_of

SESSION_COOKIE = "causerie_session"
CSRF_COOKIE = "causerie_csrf"
# Over HTTPS (``cookie_secure``) both cookies carry this prefix: the browser
# then accepts them only with Secure, Path=/ and no Domain, so a sibling
# subdomain cannot plant one. Plain http://localhost keeps the bare names.
HOST_PREFIX = "__Host-"
CSRF_HEADER = "x-csrf-token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_deps(request: Request) -> Deps:
    return state_of(request.app).deps


def cookie_name(base: str, settings: Settings) -> str:
    return HOST_PREFIX + base if settings.cookie_secure else base


def set_session_cookies(response: Response, settings: Settings, token: str, csrf: str) -> None:
    max_age = settings.session_days * 86400
    secure = settings.cookie_secure
    response.set_cookie(
        cookie_name(SESSION_COOKIE, settings),
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    # Readable on purpose: the page echoes it in X-CSRF-Token (double submit).
    response.set_cookie(
        cookie_name(CSRF_COOKIE, settings),
        csrf,
        max_age=max_age,
        httponly=False,
        samesite="strict",
        secure=secure,
        path="/",
    )


def clear_session_cookies(response: Response, settings: Settings) -> None:
    # A __Host- cookie is only replaced (here: expired) by one that is Secure too.
    for base in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(cookie_name(base, settings), path="/", secure=settings.cookie_secure)


def bearer_token(authorization: str | None) -> str | None:
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip()
    return None


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# The door (docs/security.md): every route that authenticates goes through
# ``current_auth``, which refuses a suspended or banned account, except these
# few a sanctioned member needs to read why, contest it, take their data,
# leave, or make their account able to sign in again. They use
# ``current_account``. tests/api/test_door.py walks every route of the app.
SANCTION_ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/notices"),
        ("POST", "/api/v1/appeals"),
        ("GET", "/api/v1/me/export"),
        ("DELETE", "/api/v1/me"),
        ("DELETE", "/api/v1/session"),
        ("POST", "/api/v1/accounts"),
        ("GET", "/api/v1/sessions"),
        ("DELETE", "/api/v1/sessions/{session_id}"),
        ("POST", "/api/v1/premium/portal"),
        ("POST", "/api/v1/push/subscriptions/delete"),
    }
)
# Writes that need no account at all (so no sanction can apply).
PUBLIC_WRITES: frozenset[tuple[str, str]] = frozenset(
    {
        ("POST", "/api/v1/session/guest"),
        ("POST", "/api/v1/session"),
        ("POST", "/api/v1/premium/stripe/webhook"),
        ("POST", "/api/v1/dsa/notices"),
    }
)


async def _caller(request: Request, deps: Deps, *, with_hidden: bool) -> Authenticated:
    """Who is calling, read once per request (kept on ``request.state``):
    session, account and, for a viewer, their blocks, in one read unit of
    work; the CSRF check and the per-account rate limit once too."""
    known: Authenticated | None = getattr(request.state, "caller", None)
    if known is not None and (known.hidden is not None or not with_hidden):
        return known
    token = bearer_token(request.headers.get("authorization"))
    via_cookie = False
    if token is None:
        token = request.cookies.get(cookie_name(SESSION_COOKIE, deps.settings))
        via_cookie = token is not None
    auth = await accounts.authenticate(deps, token, with_hidden=with_hidden)
    request.state.caller = auth
    if known is not None:
        return auth  # checked and counted the first time
    request.state.language = auth.user.language
    if via_cookie and request.method not in _SAFE_METHODS:
        # Bearer tokens are never sent ambiently, cookies are: only they need it.
        sent = request.headers.get(CSRF_HEADER, "")
        assert token is not None
        if not hmac.compare_digest(sent, accounts.csrf_token_for(token)):
            raise CauserieError("csrf_failed")
    await deps.rate_limit(f"api:user:{auth.user.id}", deps.settings.api_per_user)
    return auth


async def current_account(
    request: Request, deps: Annotated[Deps, Depends(get_deps)]
) -> Authenticated:
    """Who is calling, sanctioned or not: only for ``SANCTION_ALLOWED``."""
    return await _caller(request, deps, with_hidden=False)


def _through_door(auth: Authenticated, deps: Deps) -> Authenticated:
    """The door for every caller but ``SANCTION_ALLOWED``: 403
    ``account_suspended`` while a suspension or ban is in force."""
    check_account_open(auth.user, deps.clock.now())
    return auth


async def current_auth(
    auth: Annotated[Authenticated, Depends(current_account)],
    deps: Annotated[Deps, Depends(get_deps)],
) -> Authenticated:
    """Who is calling, through the door."""
    return _through_door(auth, deps)


async def current_viewer(request: Request, deps: Annotated[Deps, Depends(get_deps)]) -> Viewer:
    """Who is calling, through the same door, with their blocks: one read."""
    auth = _through_door(await _caller(request, deps, with_hidden=True), deps)
    assert auth.hidden is not None
    return Viewer(user=auth.user, hidden=auth.hidden)


DepsDep = Annotated[Deps, Depends(get_deps)]
AuthDep = Annotated[Authenticated, Depends(current_auth)]
AccountDep = Annotated[Authenticated, Depends(current_account)]
ViewerDep = Annotated[Viewer, Depends(current_viewer)]
