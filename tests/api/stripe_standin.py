"""A local stand-in for the provider's HTTP API: the real ``stripe`` library
talks to it over HTTP (``CAUSERIE_STRIPE_API_BASE``). It keeps subscriptions
in memory; tests change them as the provider would, then sign webhooks with
the library's own helper."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson
import stripe
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.support.net import bound_socket, port_of, serving

SECRETS = ("whsec_old_secret", "whsec_new_secret")
PRICES = {"month": "price_month", "quarter": "price_quarter", "year": "price_year"}
_ids = itertools.count(1)


@dataclass
class StandIn:
    base_url: str = ""
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    checkouts: list[dict[str, Any]] = field(default_factory=list)
    charges: dict[str, dict[str, Any]] = field(default_factory=dict)
    cancelled: list[str] = field(default_factory=list)

    def subscribe(
        self,
        user_id: str,
        *,
        price: str = "price_month",
        days: int = 30,
        status: str = "active",
        customer: str | None = None,
    ) -> dict[str, Any]:
        """A subscription the provider now holds for ``user_id``."""
        now = int(time.time())
        n = next(_ids)
        sub = {
            "id": f"sub_{n}",
            "object": "subscription",
            "customer": customer or f"cus_{n}",
            "status": status,
            "cancel_at_period_end": False,
            "metadata": {"causerie_user_id": user_id},
            "items": {
                "object": "list",
                "data": [
                    {
                        "id": f"si_{n}",
                        "object": "subscription_item",
                        "price": {"id": price, "object": "price"},
                        "current_period_start": now - 60,
                        "current_period_end": now + days * 86400,
                    }
                ],
            },
        }
        self.subscriptions[sub["id"]] = sub
        return sub


def event(kind: str, obj: dict[str, Any], event_id: str | None = None) -> bytes:
    return orjson.dumps(
        {
            "id": event_id or f"evt_{next(_ids)}",
            "object": "event",
            "type": kind,
            "data": {"object": obj},
        }
    )


def signed(payload: bytes, secret: str = SECRETS[0], at: int | None = None) -> dict[str, str]:
    header = stripe.WebhookSignature.generate_signature_header(
        payload.decode(), secret, timestamp=at
    )
    return {"Stripe-Signature": header, "Content-Type": "application/json"}


def _app(state: StandIn) -> Starlette:
    async def create_checkout(request: Request) -> JSONResponse:
        form = dict(await request.form())
        state.checkouts.append(form)
        n = next(_ids)
        return JSONResponse(
            {"id": f"cs_{n}", "object": "checkout.session", "url": f"https://pay.test/cs_{n}"}
        )

    async def create_portal(request: Request) -> JSONResponse:
        form = dict(await request.form())
        return JSONResponse(
            {
                "id": "bps_1",
                "object": "billing_portal.session",
                "url": f"https://pay.test/portal/{form.get('customer')}",
            }
        )

    async def get_subscription(request: Request) -> JSONResponse:
        sub = state.subscriptions.get(request.path_params["sub_id"])
        if sub is None:
            return JSONResponse(
                {"error": {"type": "invalid_request_error", "message": "No such subscription"}},
                status_code=404,
            )
        return JSONResponse(sub)

    async def cancel_subscription(request: Request) -> JSONResponse:
        sub = state.subscriptions.get(request.path_params["sub_id"])
        if sub is None:
            return JSONResponse(
                {"error": {"type": "invalid_request_error", "message": "No such subscription"}},
                status_code=404,
            )
        sub["status"] = "canceled"
        state.cancelled.append(sub["id"])
        return JSONResponse(sub)

    async def get_charge(request: Request) -> JSONResponse:
        charge = state.charges.get(request.path_params["charge_id"])
        if charge is None:
            return JSONResponse(
                {"error": {"type": "invalid_request_error", "message": "No such charge"}},
                status_code=404,
            )
        return JSONResponse(charge)

    async def list_subscriptions(request: Request) -> JSONResponse:
        data = list(state.subscriptions.values())
        return JSONResponse(
            {"object": "list", "data": data, "has_more": False, "url": "/v1/subscriptions"}
        )

    return Starlette(
        routes=[
            Route("/v1/checkout/sessions", create_checkout, methods=["POST"]),
            Route("/v1/billing_portal/sessions", create_portal, methods=["POST"]),
            Route("/v1/subscriptions/{sub_id}", get_subscription, methods=["GET"]),
            Route("/v1/subscriptions/{sub_id}", cancel_subscription, methods=["DELETE"]),
            Route("/v1/charges/{charge_id}", get_charge, methods=["GET"]),
            Route("/v1/subscriptions", list_subscriptions, methods=["GET"]),
        ]
    )


@asynccontextmanager
async def running_standin() -> AsyncIterator[StandIn]:
    state = StandIn()
    sock = bound_socket()
    state.base_url = f"http://127.0.0.1:{port_of(sock)}"
    async with serving(_app(state), sock):
        yield state


@contextmanager
def standin_in_thread() -> Iterator[StandIn]:
    """The same stand-in for synchronous tests (the browser tests): served
    from a thread with its own event loop."""
    state = StandIn()
    sock = bound_socket()
    state.base_url = f"http://127.0.0.1:{port_of(sock)}"
    server = uvicorn.Server(uvicorn.Config(_app(state), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])))
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield state
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
