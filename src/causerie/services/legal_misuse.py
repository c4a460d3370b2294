"""Misuse by members (DSA art. 23(1)): a member whose content is repeatedly
removed as manifestly illegal is warned, then suspended for a reasonable
period, each time with a statement of reasons they can appeal. Counted over
``member_misuse_days`` from the moderators' own removals (case actions), so
nothing new is stored about the member; the warning is remembered in
``notifier_standing`` under ``member:<id>``. See docs/legal.md."""

from __future__ import annotations

from datetime import timedelta

from causerie.domain.legal import NotifierStanding
from causerie.domain.models import User
from causerie.domain.moderation import Action, Case, NoticeKind
from causerie.i18n import message
from causerie.ports import StorageUnitOfWork
from causerie.services import audit, notices
from causerie.services.deps import Deps
from causerie.services.mail import legal_repo
from causerie.services.privacy import privacy_repo
from causerie.services.restrictions import Term, record_system_term
from causerie.services.sanctions import sanction_account

# Reasons that name content illegal under French law (not merely against
# the rules): threats, hate, a minor at risk, doxxing, scams, sexual content
# shown to a minor is caught through minor_at_risk.
ILLEGAL = frozenset({"threat", "hate", "minor_at_risk", "personal_data", "scam"})


async def weigh(deps: Deps, uow: StorageUnitOfWork, subject: User, case: Case) -> None:
    """After a removal on ``case``: warn or suspend ``subject`` if due."""
    if not ILLEGAL & set(case.reasons):
        return
    s = deps.settings
    now = deps.clock.now()
    since = now - timedelta(days=s.member_misuse_days)
    actions = await privacy_repo(uow).actions_about(subject.id)
    removals = {
        a.case_id for a in actions if a.action is Action.DELETE_MESSAGE and a.created_at >= since
    }
    removals.add(case.id)
    # Only removals on cases with an illegal reason count.
    count = 0
    for case_id in removals:
        found = case if case_id == case.id else await uow.cases.get(case_id)
        if found is not None and ILLEGAL & set(found.reasons):
            count += 1
    key = f"member:{subject.id}"
    repo = legal_repo(uow)
    standing = await repo.standing(key)
    warned = standing.warned_at if standing else None
    language = subject.language
    rule = message("statement.rule.repeated_illegal", language)
    if count >= s.member_suspend_after and warned is not None and warned >= since:
        until = now + timedelta(days=s.member_suspend_days)
        facts = message(
            "statement.misuse.suspended", language, count=count, days=s.member_misuse_days
        )
        await sanction_account(deps, uow, subject, Action.SUSPEND, until)
        suspension = Term(Action.SUSPEND, until, now)
        await record_system_term(uow, case.id, subject.id, suspension, rule, facts, now)
        await repo.set_standing(NotifierStanding(key, warned, until, facts))
        action, notice_until = Action.SUSPEND, until
    elif count >= s.member_warn_after and (warned is None or warned < since):
        facts = message("statement.misuse.warned", language, count=count, days=s.member_misuse_days)
        await repo.set_standing(NotifierStanding(key, now, None, facts))
        action, notice_until = Action.WARN, None
    else:
        return
    await notices.send_notice(
        deps,
        uow,
        subject,
        NoticeKind.SANCTION,
        notices.sanction_text(subject, action, rule, facts, notice_until),
        rule=rule,
        facts=facts,
        appealable=True,
        case_id=case.id,
        action=action.value,
    )
    await audit.record(
        uow,
        now,
        actor="system",
        action=f"dsa.member_{'suspended' if action is Action.SUSPEND else 'warned'}",
        subject=f"user:{subject.id}",
        payload={"removals": count, "case": case.id},
    )
