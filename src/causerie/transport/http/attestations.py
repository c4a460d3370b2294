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


@router.post("/nonce", status_code=201)
async def nonce(auth: AuthDep, deps: DepsDep) -> Any:
    issued = await attestation.issue_nonce(deps, auth)
    return {"nonce": issued.nonce, "expires_at": rfc3339(issued.expires_at)}


@router.post("", status_code=201)
async def attest(body: NewAttestation, auth: AuthDep, deps: DepsDep) -> Any:
    user = await attestation.accept_attestation(deps, auth, body.token)
    return {"status": "accepted", "user": present_user(user, deps.gazetteer, deps.clock.now())}
