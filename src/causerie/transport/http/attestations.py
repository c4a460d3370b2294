"""``/api/v1/attestations``: nonce, then the provider's signed token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from causerie.domain.times import rfc3339
from causerie.services import attestation
from causerie.transport.auth import AuthDep, DepsDep
from causerie.transport.schemas import present_user

router = APIRouter(prefix="/api/v1/attestations", tags=["safety"])


class NewAttestation(BaseModel):
    model_config = ConfigDict(extra="ignore")
    token: StrictStr = Field(max_length=8192)


class NewHandoff(BaseModel):
    model_config = ConfigDict(extra="ignore")
    state: StrictStr = Field(max_length=64)


@router.get("/provider")
async def provider(auth: AuthDep, deps: DepsDep) -> Any:
    """Who checks ages here, in plain words, and whether the member can be
    sent there and back (``handoff``) rather than copy a code by hand."""
    name = attestation.provider_name(deps.settings)
    return {"name": name, "handoff": name is not None}


@router.post("/handoff", status_code=201)
async def handoff(body: NewHandoff, auth: AuthDep, deps: DepsDep) -> Any:
    sent = await attestation.hand_off(deps, auth, body.state)
    return {"url": sent.url, "provider": sent.provider, "expires_at": rfc3339(sent.expires_at)}


@router.post("/nonce", status_code=201)
async def nonce(auth: AuthDep, deps: DepsDep) -> Any:
    issued = await attestation.issue_nonce(deps, auth)
    return {"nonce": issued.nonce, "expires_at": rfc3339(issued.expires_at)}


@router.post("", status_code=201)
async def attest(body: NewAttestation, auth: AuthDep, deps: DepsDep) -> Any:
    user = await attestation.accept_attestation(deps, auth, body.token)
    return {"status": "accepted", "user": present_user(user, deps.gazetteer, deps.clock.now())}
