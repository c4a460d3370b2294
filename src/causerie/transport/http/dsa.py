"""``/api/v1/dsa``: notices from anyone (DSA art. 16) and the mail outbox.

``POST /api/v1/dsa/notices`` needs no account. A trusted flagger (art. 22)
posts to the same route with ``Authorization: Bearer tf_…``: its notice is
decided first. ``GET /api/v1/dsa/outbox`` is for staff and the legal desk
(404 to other members): what e-mail waits, or left, without SMTP settings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from causerie.domain.errors import NotFound
from causerie.domain.models import Role, User
from causerie.domain.times import rfc3339
from causerie.services import dsa_notices, mail
from causerie.services.access import sanctioned
from causerie.transport.auth import AuthDep, DepsDep, bearer_token, client_ip
from causerie.transport.i18n import pick_language

router = APIRouter(prefix="/api/v1/dsa", tags=["dsa"])

FLAGGER_PREFIX = "tf_"


class NewNotice(BaseModel):
    model_config = ConfigDict(extra="ignore")
    target_url: StrictStr = Field(max_length=4000)
    reason: StrictStr = Field(max_length=32)
    explanation: StrictStr = Field(max_length=8000)
    name: StrictStr | None = Field(default=None, max_length=400)
    email: StrictStr | None = Field(default=None, max_length=400)
    good_faith: StrictBool
    lang: StrictStr | None = Field(default=None, max_length=8)


class NoticeOut(BaseModel):
    reference: str


@router.post("/notices", status_code=201, response_model=NoticeOut)
async def create_notice(
    body: NewNotice,
    request: Request,
    deps: DepsDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Any:
    token = bearer_token(authorization)
    flagger = None
    if token is not None and token.startswith(FLAGGER_PREFIX):
        flagger = await dsa_notices.flagger_for_token(deps, token)
    lang = body.lang if body.lang in ("fr", "en") else None
    notice = dsa_notices.NoticeInput(
        target_url=body.target_url,
        reason=body.reason,
        explanation=body.explanation,
        name=body.name,
        email=body.email,
        good_faith=body.good_faith,
        lang=lang or pick_language(request.headers.get("accept-language")),
    )
    reference = await dsa_notices.submit(
        deps, notice, client_ip=client_ip(request), flagger=flagger
    )
    return {"reference": reference}


DESK_ROLES = (Role.MODERATOR, Role.ADMIN, Role.LEGAL)


async def current_desk(auth: AuthDep, deps: DepsDep) -> User:
    """Moderators, admins and the legal desk, under no sanction; 404 to others."""
    user = auth.user
    if user.role not in DESK_ROLES or sanctioned(user, deps.clock.now()):
        raise NotFound()
    return user


DeskDep = Annotated[User, Depends(current_desk)]


@router.get("/outbox")
async def outbox(_: DeskDep, deps: DepsDep, unsent: bool = True) -> Any:
    items = await mail.outbox(deps.uow, unsent_only=unsent)
    return [
        {
            "id": m.id,
            "to": m.to_addr,
            "subject": m.subject,
            "body": m.body,
            "ref": m.ref,
            "created_at": rfc3339(m.created_at),
            "attempts": m.attempts,
            "sent_at": rfc3339(m.sent_at) if m.sent_at else None,
            "last_error": m.last_error,
        }
        for m in items
    ]


@router.get("/legal-info")
async def legal_info(deps: DepsDep) -> Any:
    """The mentions légales (LCEN art. 6-III): the operator's settings, public."""
    s = deps.settings
    return {
        "publisher": {
            "name": s.publisher_name,
            "address": s.publisher_address,
            "contact": s.publisher_contact,
        },
        "publication_director": s.publication_director,
        "host": {"name": s.host_name, "address": s.host_address, "contact": s.host_contact},
        "authority_contacts": s.authority_contacts,
    }
