"""``GET /api/v1/notices`` and ``POST /api/v1/appeals`` (every user, even
suspended, banned or muted)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from causerie.domain.moderation import Notice
from causerie.domain.times import rfc3339
from causerie.services import appeals, notices
from causerie.transport.auth import AccountDep, DepsDep

router = APIRouter(prefix="/api/v1", tags=["notices"])


class NewAppeal(BaseModel):
    model_config = ConfigDict(extra="ignore")
    notice_id: StrictStr = Field(max_length=64)
    text: StrictStr = Field(max_length=8000)


class NoticeOut(BaseModel):
    id: str
    kind: str
    created_at: str
    text: str
    rule: str | None = None
    facts: str | None = None
    appealable: bool
    action: str | None = None
    case_id: str | None = None
    # Additive (issue 16): the decision in one sentence, without the facts,
    # the rule and the way to appeal shown beside it; and where the appeal
    # of this notice stands (pending, granted, reduced, rejected).
    summary: str | None = None
    appeal: str | None = None


class AppealOut(BaseModel):
    id: str
    status: str


def present_notice(notice: Notice, appeal: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": notice.id,
        "kind": notice.kind.value,
        "created_at": rfc3339(notice.created_at),
        "text": notice.text,
        "summary": notices.summary(notice),
        "appeal": appeal,
        "appealable": notice.appealable,
        "case_id": notice.case_id,
        "action": notice.action,
    }
    if notice.rule is not None:
        out["rule"] = notice.rule
    if notice.facts is not None:
        out["facts"] = notice.facts
    return out


@router.get("/notices", response_model=list[NoticeOut], response_model_exclude_none=True)
async def list_notices(auth: AccountDep, deps: DepsDep) -> Any:
    return [
        present_notice(n.notice, n.appeal) for n in await notices.list_notices(deps, auth.user.id)
    ]


@router.post("/appeals", status_code=201, response_model=AppealOut)
async def appeal(body: NewAppeal, auth: AccountDep, deps: DepsDep) -> Any:
    case = await appeals.file_appeal(deps, auth.user, body.notice_id, body.text)
    return {"id": case.id, "status": "received"}
