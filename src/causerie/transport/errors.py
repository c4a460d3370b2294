"""One table from error codes to HTTP statuses, and the problem+json body
(RFC 9457) every refusal uses."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from causerie.domain.errors import CauserieError
from causerie.transport.i18n import pick_language, render

STATUS: dict[str, int] = {
    "invalid": 422,
    "too_young": 422,
    "unknown_city": 422,
    "name_not_allowed": 422,
    "too_long": 422,
    "pseudo_taken": 409,
    "already_registered": 409,
    "conversation_exists": 409,
    "conflict": 409,
    "already_subscribed": 409,
    "bad_credentials": 401,
    "unauthenticated": 401,
    "csrf_failed": 403,
    "not_allowed": 403,
    "trust_required": 403,
    "attestation_required": 403,
    "account_suspended": 403,
    "muted": 403,
    "blocked": 403,
    "blocked_by_filter": 422,
    "held_for_review": 422,
    "not_found": 404,
    "method_not_allowed": 405,
    "rate_limited": 429,
    "case_closed": 409,
    "already_appealed": 409,
    "attestation_invalid": 422,
    "city_change_limited": 429,
    "confirm_mismatch": 422,
    "wrong_password": 403,
    "too_large": 413,
    "internal": 500,
    "bad_signature": 400,
    "not_configured": 503,
    "unavailable": 503,
    "unsupported_type": 415,
    "invalid_image": 422,
}

TITLES: dict[int, str] = {
    400: "Bad Request",
    202: "Accepted for review",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    415: "Unsupported Media Type",
    413: "Content Too Large",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}

# Params safe to expose in the problem body, beyond the standard members.
_EXPOSED = ("room_id", "field", "reasons", "retry_after", "level", "reason", "limit")


def problem(code: str, params: dict[str, Any], language: str) -> Response:
    status = STATUS.get(code, 400)
    body: dict[str, Any] = {
        "type": f"https://causerie.example/problems/{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": render(code, params, language),
        "code": code,
    }
    for key in _EXPOSED:
        if key in params:
            body[key] = params[key]
    headers = {}
    if code == "rate_limited" or "retry_after" in params:
        headers["Retry-After"] = str(params.get("retry_after", 1))
    return Response(
        orjson.dumps(body),
        status_code=status,
        media_type="application/problem+json",
        headers=headers,
    )


def request_language(request: Request) -> str:
    preferred = getattr(request.state, "language", None)
    return pick_language(request.headers.get("accept-language"), preferred)


def install_error_handlers(app: FastAPI) -> None:
    async def on_causerie(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CauserieError)
        return problem(exc.code, exc.params, request_language(request))

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        fields = [".".join(str(p) for p in e.get("loc", ()) if p != "body") for e in exc.errors()]
        field = ", ".join(f for f in fields if f) or None
        params: dict[str, Any] = {"field": field} if field else {}
        return problem("invalid", params, request_language(request))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated"}.get(
            exc.status_code, "invalid"
        )
        return problem(code, {}, request_language(request))

    async def on_crash(request: Request, exc: Exception) -> Response:
        return problem("internal", {}, request_language(request))

    app.add_exception_handler(CauserieError, on_causerie)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_crash)
