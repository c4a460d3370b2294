"""``/api/v1/legal``: the requisition desk (docs/legal.md). The ``legal``
role and admins under no sanction; 404 to every other member."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from causerie.adapters.legal_key import load_legal_key
from causerie.domain.models import User
from causerie.services import legal, legal_archive, legal_bans, legal_threats
from causerie.transport.auth import AuthDep, DepsDep

router = APIRouter(prefix="/api/v1/legal", tags=["legal"])


async def current_clerk(auth: AuthDep, deps: DepsDep) -> User:
    legal.require_desk(auth.user, deps.clock.now())
    return auth.user


ClerkDep = Annotated[User, Depends(current_clerk)]


class ScopeIn(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    accounts: list[StrictStr] = Field(default_factory=list, max_length=50)
    conversations: list[StrictStr] = Field(default_factory=list, max_length=50)
    start: StrictStr | None = Field(default=None, alias="from", max_length=40)
    end: StrictStr | None = Field(default=None, alias="to", max_length=40)

    def as_dict(self) -> dict[str, Any]:
        return {
            "accounts": self.accounts,
            "conversations": self.conversations,
            "from": self.start,
            "to": self.end,
        }


class NewRequisition(BaseModel):
    model_config = ConfigDict(extra="ignore")
    requester: StrictStr = Field(max_length=1000)
    legal_basis: StrictStr = Field(max_length=40)
    case_reference: StrictStr = Field(max_length=400)
    scope: ScopeIn
    deadline: StrictStr | None = Field(default=None, max_length=40)
    emergency: StrictBool = False
    recipient_key: StrictStr | None = Field(default=None, max_length=200)


class ExportIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    passphrase: StrictStr | None = Field(default=None, max_length=1000)


class HoldIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    reference: StrictStr = Field(max_length=400)
    scope: ScopeIn
    days: StrictInt


class RenewIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    days: StrictInt


@router.get("/requisitions")
async def requisitions(clerk: ClerkDep, deps: DepsDep) -> Any:
    return await legal.list_requisitions(deps, clerk)


@router.post("/requisitions", status_code=201)
async def record(body: NewRequisition, clerk: ClerkDep, deps: DepsDep) -> Any:
    return await legal.record_requisition(
        deps,
        clerk,
        requester=body.requester,
        legal_basis=body.legal_basis,
        case_reference=body.case_reference,
        scope=body.scope.as_dict(),
        deadline=body.deadline,
        emergency=body.emergency,
        recipient_key=body.recipient_key,
    )


@router.get("/requisitions/{requisition_id}")
async def requisition(requisition_id: str, clerk: ClerkDep, deps: DepsDep) -> Any:
    return await legal.get_requisition(deps, clerk, requisition_id)


@router.post("/requisitions/{requisition_id}/approve")
async def approve(requisition_id: str, clerk: ClerkDep, deps: DepsDep) -> Any:
    return await legal.approve(deps, clerk, requisition_id)


@router.post("/requisitions/{requisition_id}/export")
async def export(requisition_id: str, body: ExportIn, clerk: ClerkDep, deps: DepsDep) -> Response:
    key = load_legal_key(deps.settings.legal_signing_key, deps.settings.data_dir)
    sealed = await legal.export(deps, clerk, requisition_id, key, passphrase=body.passphrase)
    return Response(
        sealed,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="requisition-{requisition_id}.cle"',
            "X-Content-SHA256": legal_archive.sha256(sealed),
        },
    )


@router.get("/signing-key")
async def signing_key(_: ClerkDep, deps: DepsDep) -> Any:
    key = load_legal_key(deps.settings.legal_signing_key, deps.settings.data_dir)
    return {"ed25519": legal_archive.b64(legal_archive.raw_public(key.public_key()))}


@router.post("/holds", status_code=201)
async def place_hold(body: HoldIn, clerk: ClerkDep, deps: DepsDep) -> Any:
    return await legal.preserve(
        deps, clerk, reference=body.reference, scope=body.scope.as_dict(), days=body.days
    )


@router.post("/holds/{order_id}/renew")
async def renew_hold(order_id: str, body: RenewIn, clerk: ClerkDep, deps: DepsDep) -> Any:
    return await legal.renew(deps, clerk, order_id, body.days)


class BanIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    account: StrictStr = Field(max_length=64)
    court: StrictStr = Field(max_length=1000)
    court_reference: StrictStr = Field(max_length=400)
    term_days: StrictInt
    # Kept for compatibility, ignored: a ban waits for a second member's
    # approval (POST …/bans/{id}/execute), docs/legal.md §5.
    execute: StrictBool = True


@router.get("/bans")
async def bans(clerk: ClerkDep, deps: DepsDep) -> Any:
    return await legal_bans.list_bans(deps, clerk)


@router.post("/bans", status_code=201)
async def record_ban(body: BanIn, clerk: ClerkDep, deps: DepsDep) -> Any:
    return await legal_bans.record(
        deps,
        clerk,
        account=body.account,
        court=body.court,
        court_reference=body.court_reference,
        term_days=body.term_days,
    )


@router.post("/bans/{ban_id}/execute")
async def execute_ban(ban_id: str, clerk: ClerkDep, deps: DepsDep) -> Any:
    return await legal_bans.execute(deps, clerk, ban_id)


class SentIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    sent_to: StrictStr | None = Field(default=None, max_length=1000)


class AckIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    reference: StrictStr = Field(max_length=400)


@router.get("/threats")
async def threats(clerk: ClerkDep, deps: DepsDep) -> Any:
    """Art. 18 packages, newest first (cases marked since are packaged first)."""
    return await legal_threats.packages(deps, clerk)


@router.post("/threats/{package_id}/sent")
async def threat_sent(package_id: str, body: SentIn, clerk: ClerkDep, deps: DepsDep) -> Any:
    return await legal_threats.mark_sent(deps, clerk, package_id, body.sent_to)


@router.post("/threats/{package_id}/acknowledged")
async def threat_acknowledged(package_id: str, body: AckIn, clerk: ClerkDep, deps: DepsDep) -> Any:
    return await legal_threats.acknowledge(deps, clerk, package_id, body.reference)
