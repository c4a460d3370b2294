"""The device cookie: a long-lived random id per browser (HttpOnly), used
only as a ban-evasion signal. The server stores its SHA-256, never the id."""

from __future__ import annotations

import secrets

from fastapi import FastAPI, Request, Response
from starlette.middleware.base import RequestResponseEndpoint

DEVICE_COOKIE = "causerie_device"
DEVICE_MAX_AGE = 5 * 365 * 86400


def device_id(request: Request) -> str:
    """This request's device id (set by the middleware if the cookie was absent)."""
    value = getattr(request.state, "device_id", None)
    if isinstance(value, str):
        return value
    return request.cookies.get(DEVICE_COOKIE) or secrets.token_urlsafe(24)


def install_device_cookie(app: FastAPI, *, secure: bool) -> None:
    @app.middleware("http")
    async def device_cookie(request: Request, call_next: RequestResponseEndpoint) -> Response:
        known = request.cookies.get(DEVICE_COOKIE)
        valid = known is not None and 16 <= len(known) <= 64
        request.state.device_id = known if valid else secrets.token_urlsafe(24)
        response = await call_next(request)
        if not valid and request.url.path.startswith("/api/"):
            response.set_cookie(
                DEVICE_COOKIE,
                request.state.device_id,
                max_age=DEVICE_MAX_AGE,
                httponly=True,
                samesite="lax",
                secure=secure,
                path="/",
            )
        return response
