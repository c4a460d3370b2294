"""Appeals (DSA art. 20): a user contests a sanction from its notice; the
appeal is a case of its own kind, in a separate queue, decided by a
moderator other than the one who took the decision. ``lift`` grants it
(the restriction is undone), ``dismiss`` rejects it; either way the user
gets an ``appeal_outcome`` notice."""

from __future__ import annotations

from causerie.domain.errors import Conflict, Invalid, NotFound
from causerie.domain.ids import new_id
from causerie.domain.models import User
from causerie.domain.moderation import (
    Action,
    Case,
    CaseAction,
    CaseKind,
    CaseStatus,
    NoticeKind,
    TargetType,
    severity_for,
)
from causerie.ports import UnitOfWork
from causerie.services import audit, notices
from causerie.services.deps import Deps
from causerie.services.sanctions import Decision, check_other_moderator, lift_account

APPEAL_MAX = 4000


async def file_appeal(deps: Deps, user: User, notice_id: str, text: str) -> Case:
    """Open an appeal on one of the user's appealable notices (once per
    notice). Works for suspended, banned and muted accounts alike."""
    text = text.strip()
    if not text or len(text) > APPEAL_MAX:
        raise Invalid(field="text", max=APPEAL_MAX)
    async with deps.uow(write=True) as uow:
        notice = await uow.notices.get(notice_id)
        if notice is None or notice.user_id != user.id:
            raise NotFound()
        if not notice.appealable:
            raise Invalid(field="notice_id", reason="not_appealable")
        if await uow.cases.by_notice(notice.id) is not None:
            raise Conflict("already_appealed")
        now = deps.clock.now()
        case = Case(
            id=new_id(),
            kind=CaseKind.APPEAL,
            severity=severity_for("appeal"),
            status=CaseStatus.OPEN,
            target_type=TargetType.USER,
            target_id=user.id,
            reasons=("appeal",),
            created_at=now,
            subject_id=user.id,
            signals=(
                {
                    "name": "appealed_decision",
                    "notice": notice.id,
                    "case": notice.case_id,
                    "action": notice.action,
                    "rule": notice.rule,
                    "facts": notice.facts,
                },
            ),
            notice_id=notice.id,
            acted_by=notice.acted_by,
            appeal_text=text,
        )
        await uow.cases.add(case)
        await audit.record(
            uow,
            now,
            actor=f"user:{user.id}",
            action="appeal.filed",
            subject=f"case:{case.id}",
            payload={"notice": notice.id, "appealed_case": notice.case_id},
        )
        await uow.commit()
    return case


async def decide_appeal(
    deps: Deps, uow: UnitOfWork, staff: User, case: Case, decision: Decision
) -> Case:
    """``lift`` grants the appeal, ``dismiss`` rejects it."""
    check_other_moderator(case, staff)
    if decision.action not in (Action.LIFT, Action.DISMISS):
        raise Invalid(field="action", reason="appeal_actions")
    if case.status is CaseStatus.CLOSED:
        raise Conflict("case_closed")
    user = await uow.users.get(case.subject_id or "")
    if user is None:
        raise NotFound()
    now = deps.clock.now()
    granted = decision.action is Action.LIFT
    if granted:
        await lift_account(uow, user)
    await uow.cases.add_action(
        CaseAction(
            id=new_id(),
            case_id=case.id,
            moderator_id=staff.id,
            action=decision.action,
            rule=decision.rule,
            facts=decision.facts,
            created_at=now,
            subject_id=user.id,
        )
    )
    await audit.record(
        uow,
        now,
        actor=f"moderator:{staff.id}",
        action="appeal.granted" if granted else "appeal.rejected",
        subject=f"case:{case.id}",
        payload={"notice": case.notice_id, "rule": decision.rule, "facts": decision.facts},
    )
    await notices.send_notice(
        deps,
        uow,
        user,
        NoticeKind.APPEAL_OUTCOME,
        notices.appeal_outcome_text(user, granted, decision.facts),
        rule=decision.rule,
        facts=decision.facts,
        case_id=case.id,
        action=decision.action.value,
        acted_by=staff.id,
    )
    return await uow.cases.update(case.id, status=CaseStatus.CLOSED, closed_at=now)
