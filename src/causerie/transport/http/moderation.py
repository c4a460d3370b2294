"""``/api/v1/moderation``: staff only. For anyone else — signed in or not —
every route answers 404, exactly like a path that does not exist."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from causerie.domain import rules
from causerie.domain.errors import CauserieError, NotFound
from causerie.domain.incidents import case_excerpt, source_count
from causerie.domain.models import User
from causerie.domain.moderation import Case
from causerie.domain.times import rfc3339
from causerie.services import audit, dsa_notices, legal_threats, moderation, sanctions
from causerie.services.moderation import CaseDetail, QueueRow
from causerie.transport.auth import DepsDep, current_account

router = APIRouter(prefix="/api/v1/moderation", tags=["moderation"])


async def current_staff(request: Request, deps: DepsDep) -> User:
    """Staff under no sanction (``duties.require_staff``); 404 to anyone else.
    This is the moderation section's door: a sanctioned moderator is refused
    here like any member, before any route runs."""
    try:
        auth = await current_account(request, deps)
    except CauserieError as exc:
        if exc.code in ("unauthenticated",):
            raise NotFound() from None
        raise
    moderation.require_staff(auth.user, deps.clock.now())
    return auth.user


StaffDep = Annotated[User, Depends(current_staff)]


class NewAction(BaseModel):
    model_config = ConfigDict(extra="ignore")
    action: StrictStr = Field(max_length=32)
    # Additive (issue 16): ``rule`` may be left out when ``rule_id`` names a
    # rule of the catalogue (GET /moderation/rules): the notice cites it.
    rule: StrictStr | None = Field(default=None, max_length=1000)
    rule_id: StrictStr | None = Field(default=None, max_length=64)
    facts: StrictStr = Field(max_length=8000)
    duration_hours: StrictInt | None = None
    # With ``reduce`` (an appeal granted in part): the lighter sanction.
    reduce_to: StrictStr | None = Field(default=None, max_length=32)
    # With ``escalate``: a threat to life or safety (DSA art. 18, docs/legal.md).
    threat_to_life: bool = False


def present_case(case: Case) -> dict[str, Any]:
    return {
        "id": case.id,
        "kind": case.kind.value,
        "severity": case.severity.value,
        "status": case.status.value,
        "target": {"type": case.target_type.value, "id": case.target_id},
        "reasons": list(case.reasons),
        "created_at": rfc3339(case.created_at),
        "closed_at": rfc3339(case.closed_at) if case.closed_at else None,
        "subject_id": case.subject_id,
        "escalated": case.escalated,
        # Additive (issue 12): recruitment against someone who cannot consent.
        "threat_to_life": case.threat_to_life,
        # Additive (issue 17): the queue order within a severity, and whether
        # a trusted flagger's notice (DSA art. 22) raised it.
        "priority": case.priority,
        "trusted_flagger": dsa_notices.from_trusted_flagger(case.priority),
        # Additive (issue 16): how many reports and alerts fed this case (one
        # case per incident), and the words a queue row quotes.
        "source_count": source_count(case),
        "excerpt": case_excerpt(case),
    }


def present_row(row: QueueRow) -> dict[str, Any]:
    return {**present_case(row.case), "subject_pseudo": row.subject_pseudo}


def _suggested_rules(case: Case) -> list[str]:
    """The rules that fit the case's reasons; for an appeal, the rule the
    contested decision cited."""
    appealed = [s.get("rule") for s in case.signals if s.get("name") == "appealed_decision"]
    cited = [r for text in appealed for r in rules.cited_by(str(text) if text else None)]
    return list(dict.fromkeys([*cited, *rules.suggested(case.reasons)]))


def present_detail(detail: CaseDetail) -> dict[str, Any]:
    case = detail.case
    snapshots = [e for e in detail.evidence if e.kind == "snapshot"]
    first = snapshots[0].content if snapshots else {}
    return {
        **present_case(case),
        "content": first.get("content"),
        "context": first.get("context", []),
        "signals": [s for s in case.signals if s.get("name") != "source"],
        # Additive (issue 16): every report and alert of the incident, the
        # conversation with the flagged messages marked, the catalogue rules
        # that fit the case's reasons.
        "subject_pseudo": detail.subject_pseudo,
        "sources": detail.sources,
        "conversation": detail.conversation,
        "suggested_rules": _suggested_rules(case),
        "reports": detail.reports,
        "evidence": [
            {
                "id": e.id,
                "kind": e.kind,
                "created_at": rfc3339(e.created_at),
                "legal_hold": e.legal_hold,
                "content": e.content,
            }
            for e in detail.evidence
        ],
        "accounts": [
            {
                "id": h.user.id,
                "pseudo": h.user.pseudo,
                "age": h.user.age,
                "band": h.user.band.value,
                "trust_level": h.user.trust_level,
                "status": h.user.status.value,
                "account_age_days": h.account_age_days,
                "previous_cases": [present_case(c) for c in h.previous_cases],
                "sanctions": [
                    {
                        "id": n.id,
                        "action": n.action,
                        "rule": n.rule,
                        "created_at": rfc3339(n.created_at),
                    }
                    for n in h.sanctions
                ],
            }
            for h in detail.accounts
        ],
        "actions": [
            {
                "action": a.action.value,
                "moderator_id": a.moderator_id,
                "rule": a.rule,
                "facts": a.facts,
                "duration_hours": a.duration_hours,
                "created_at": rfc3339(a.created_at),
            }
            for a in detail.actions
        ],
        "appeal": {"notice_id": case.notice_id, "text": case.appeal_text, "acted_by": case.acted_by}
        if case.notice_id
        else None,
        "held": detail.held,
    }


@router.get("/cases")
async def list_cases(
    staff: StaffDep, deps: DepsDep, status: str = "open", kind: str | None = None
) -> Any:
    return [present_row(r) for r in await moderation.queue_rows(deps, staff, status, kind)]


@router.get("/rules")
async def list_rules(staff: StaffDep) -> Any:
    """The rules catalogue a decision cites (domain/rules.py)."""
    return [
        {"id": r.id, "number": r.number, "fr": r.fr, "en": r.en, "reasons": list(r.reasons)}
        for r in rules.RULES
    ]


@router.get("/cases/{case_id}")
async def get_case(case_id: str, staff: StaffDep, deps: DepsDep) -> Any:
    return present_detail(await moderation.case_detail(deps, staff, case_id))


@router.post("/cases/{case_id}/actions")
async def act(case_id: str, body: NewAction, staff: StaffDep, deps: DepsDep) -> Any:
    decision = sanctions.parse_decision(
        body.action, body.rule, body.facts, body.duration_hours, body.rule_id, body.reduce_to
    )
    case = await moderation.act(deps, staff, case_id, decision)
    if body.threat_to_life and body.action == "escalate":
        await legal_threats.mark(deps, staff, case.id)
        case = (await moderation.case_detail(deps, staff, case.id)).case
    return present_case(case)


@router.get("/audit/verify")
async def audit_status(staff: StaffDep, deps: DepsDep) -> Any:
    """The audit chain's state, for the moderation pages."""
    result = await audit.verify(deps.uow)
    return {
        "intact": result.intact,
        "entries": result.entries,
        "first_bad": None if result.fault is None else str(result.fault),
    }
