"""Causerie+: the offer, checkout, the customer portal, and the provider's
webhook (docs/premium.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, Field

from causerie.services import premium
from causerie.transport.auth import AccountDep, AuthDep, DepsDep
from causerie.transport.errors import request_language

router = APIRouter(prefix="/api/v1/premium", tags=["premium"])


class CheckoutIn(BaseModel):
    plan: str = Field(min_length=1, max_length=40)


class UrlOut(BaseModel):
    url: str


@router.get("")
async def offer(request: Request, auth: AuthDep, deps: DepsDep) -> Any:
    return premium.offer(deps, request_language(request))


@router.post("/checkout", response_model=UrlOut)
async def checkout(body: CheckoutIn, auth: AuthDep, deps: DepsDep) -> Any:
    return {"url": await premium.checkout(deps, auth.user, body.plan)}


# A suspended member can still stop paying: the portal is on the door's
# allow-list (transport/auth.py).
@router.post("/portal", response_model=UrlOut)
async def portal(auth: AccountDep, deps: DepsDep) -> Any:
    return {"url": await premium.portal(deps, auth.user)}


@router.post("/stripe/webhook", include_in_schema=False)
async def webhook(
    request: Request,
    deps: DepsDep,
    signature: Annotated[str | None, Header(alias="stripe-signature")] = None,
) -> Response:
    # The signature covers the raw bytes: read them as sent, parse nothing first.
    payload = await request.body()
    processed = await premium.handle_webhook(deps, payload, signature)
    return Response(status_code=200 if processed else 202)
