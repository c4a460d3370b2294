"""Appeals (DSA art. 20): a user contests a sanction from its notice; the
appeal is a case of its own kind, in a separate queue, decided by a
moderator other than the one who took the decision. ``lift`` grants it
(the restriction is undone), ``reduce`` grants it in part (a lighter
sanction replaces it), ``dismiss`` rejects it; in every case the user gets
an ``appeal_outcome`` notice and the decision is audited."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from causerie.domain.errors import Conflict, Invalid, NotFound
from causerie.domain.ids import new_id
from causerie.domain.models import User
from causerie.domain.moderation import (
    APPEAL_OUTCOMES,
    WEIGHT,
    Action,
    Case,
    CaseAction,
    CaseKind,
    CaseStatus,
    NoticeKind,
    TargetType,
    severity_for,
)
from causerie.domain.times import rfc3339
from causerie.ports import StorageUnitOfWork, UnitOfWork
from causerie.services import audit, notices
from causerie.services.deps import Deps
from causerie.services.restrictions import STATUS_OF, Term, case_terms, lift_term
from causerie.services.sanctions import Decision, check_other_moderator, sanction_account

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
    deps: Deps, uow: StorageUnitOfWork, staff: User, case: Case, decision: Decision
) -> Case:
    """``lift`` grants the appeal, ``dismiss`` rejects it, ``reduce`` grants
    it in part: the sanction becomes a lighter one (``reduce_to``), its
    term counted from the appealed decision."""
    check_other_moderator(case, staff)
    if decision.action not in APPEAL_OUTCOMES:
        raise Invalid(field="action", reason="appeal_actions")
    if case.status is CaseStatus.CLOSED:
        raise Conflict("case_closed")
    user = await uow.users.get(case.subject_id or "")
    if user is None:
        raise NotFound()
    now = deps.clock.now()
    outcome = APPEAL_OUTCOMES[decision.action]
    rule = decision.rule_for(user.language)
    payload: dict[str, Any] = {"notice": case.notice_id, "rule": rule, "facts": decision.facts}
    if decision.rule_id:
        payload["rule_id"] = decision.rule_id
    if decision.action is Action.LIFT:
        appealed_case, term = await _appealed_term(uow, user, case)
        await lift_term(uow, user, term, appealed_case, now)
        text = notices.appeal_outcome_text(user, True, decision.facts)
    elif decision.action is Action.REDUCE:
        until = await _reduce(deps, uow, user, case, decision)
        payload.update(
            reduced_to=decision.reduce_to.value if decision.reduce_to else None,
            until=rfc3339(until) if until else None,
        )
        text = notices.appeal_reduced_text(
            user, decision.reduce_to or Action.WARN, until, decision.facts
        )
    else:
        text = notices.appeal_outcome_text(user, False, decision.facts)
    await uow.cases.add_action(
        CaseAction(
            id=new_id(),
            case_id=case.id,
            moderator_id=staff.id,
            action=decision.action,
            rule=rule,
            facts=decision.facts,
            created_at=now,
            duration_hours=decision.duration_hours,
            subject_id=user.id,
        )
    )
    await audit.record(
        uow,
        now,
        actor=f"moderator:{staff.id}",
        action=f"appeal.{outcome}",
        subject=f"case:{case.id}",
        payload=payload,
    )
    await notices.send_notice(
        deps,
        uow,
        user,
        NoticeKind.APPEAL_OUTCOME,
        text,
        rule=rule,
        facts=decision.facts,
        case_id=case.id,
        action=decision.action.value,
        acted_by=staff.id,
    )
    return await uow.cases.update(case.id, status=CaseStatus.CLOSED, closed_at=now)


def _appealed(case: Case) -> tuple[Action | None, str | None]:
    """The appealed decision's action and notice, from the appeal's signal."""
    signal = next((s for s in case.signals if s.get("name") == "appealed_decision"), None)
    try:
        action = Action(str(signal.get("action") if signal else None))
    except ValueError:
        action = None
    return action, case.notice_id


async def _appealed_term(uow: UnitOfWork, user: User, case: Case) -> tuple[str | None, Term | None]:
    """The appealed case and the restriction its decision put on the
    account (its own term, not the account's, which may come from another
    case). A decision with no recorded term (an automatic suspension) is
    read from the account as a last resort."""
    appealed, _ = _appealed(case)
    signal = next((s for s in case.signals if s.get("name") == "appealed_decision"), None)
    case_id = str(signal["case"]) if signal and signal.get("case") else None
    if case_id is not None:
        term = (await case_terms(uow, user.id)).get(case_id)
        if term is not None:
            return case_id, term
    if appealed in STATUS_OF and user.status is STATUS_OF[appealed]:
        return case_id, Term(appealed, user.status_until)
    if appealed is Action.MUTE and user.muted_until is not None:
        return case_id, Term(appealed, user.muted_until)
    return case_id, None


async def _reduce(
    deps: Deps, uow: StorageUnitOfWork, user: User, case: Case, decision: Decision
) -> datetime | None:
    """Replace the appealed sanction with a lighter one; returns until when
    it runs (None: a warning, or a term already served — then nothing of it
    is in force any more). Only a ban, a suspension or a mute can be
    reduced: to a lighter kind, or the same kind shorter, and never ending
    later than the appealed sanction would have (a ban has no end: the
    reduction is capped by the longest term a moderator may set)."""
    appealed, notice_id = _appealed(case)
    lighter = decision.reduce_to
    if appealed not in WEIGHT or appealed is Action.WARN or lighter is None:
        raise Invalid(field="action", reason="not_reducible")
    if WEIGHT[lighter] > WEIGHT[appealed]:
        raise Invalid(field="reduce_to", reason="not_lighter")
    appealed_case, term = await _appealed_term(uow, user, case)
    notice = await uow.notices.get(notice_id or "")
    start = notice.created_at if notice is not None else case.created_at
    if term is not None and term.since is not None:
        start = term.since  # the decision itself, not its notice a moment later
    until = start + timedelta(hours=decision.duration_hours) if decision.duration_hours else None
    ends = term.until if term is not None else None
    if lighter is appealed and (until is None or (ends is not None and until >= ends)):
        raise Invalid(field="duration_hours", reason="not_shorter")
    if lighter is not Action.WARN and ends is not None and (until is None or until > ends):
        raise Invalid(field="duration_hours", reason="longer_than_appealed")
    now = deps.clock.now()
    user = await lift_term(uow, user, term, appealed_case, now)
    if lighter is Action.WARN:
        await sanction_account(deps, uow, user, Action.WARN, None)
        return None
    # Recorded on the appeal, so the account's restrictions can be
    # recomputed later from every case (services/restrictions.py).
    await uow.cases.update(case.id, signals=(*case.signals, Term(lighter, until).signal()))
    if until is None or until <= now:
        return None  # already served: nothing of it is in force now
    await sanction_account(deps, uow, user, lighter, until)
    return until
