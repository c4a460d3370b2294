"""Liveness and metrics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from causerie.domain.errors import CauserieError
from causerie.transport.metrics import operator_may_read
from causerie.transport.state import state_of

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz(request: Request) -> dict[str, Any]:
    body: dict[str, Any] = {"status": "ok"}
    # The server answers while the safety filter is still being built (a
    # second when quiet, close to a minute on a loaded machine); sends wait
    # for it meanwhile. "ready" once they no longer do.
    deps = state_of(request.app).deps
    body["filter"] = "ready" if deps.message_filter.is_ready() else "warming"
    if state_of(request.app).deps.settings.no_rate_limits:
        body["warning"] = "rate limits are OFF (--no-rate-limits): load tests only"
        body["rate_limits"] = "off"
    return body


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    settings = state_of(request.app).deps.settings
    server = request.scope.get("server")
    if not operator_may_read(
        tuple(server) if server else None,
        request.headers.get("authorization"),
        settings.metrics_token,
        settings.metrics_port,
    ):
        raise CauserieError("not_found")
    registry = state_of(request.app).metrics_registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
