"""What restricts an account, from the sanctions still in force.

An account carries one status (suspended or banned, until when) and one
mute end, but several cases may have sanctioned it. Lifting or reducing one
decision (an appeal granted, a moderator's ``lift``) must undo that
decision's restriction only: the account's fields are recomputed from the
other cases' sanctions, so a later unrelated ban or mute stays.

So every restriction is recorded where this module reads it: a moderator's
on the case, the service's own (a ban-evasion hold, a DSA art. 23
suspension) on its case too, as an action by ``SYSTEM``; a court's ban,
which no case explains, in the legal desk's ``judicial_bans``, read as a
standing term that no lift or appeal here can end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from causerie.domain.ids import new_id
from causerie.domain.models import AccountStatus, User
from causerie.domain.moderation import WEIGHT, Action, Case, CaseAction, CaseKind, CaseSignal
from causerie.domain.times import rfc3339
from causerie.ports import StorageUnitOfWork, UnitOfWork, UserPatch

RESTRICTING = (Action.MUTE, Action.SUSPEND, Action.BAN)
# The ``moderator_id`` of a restriction the service decided by itself.
SYSTEM = "system"
STATUS_OF = {Action.SUSPEND: AccountStatus.SUSPENDED, Action.BAN: AccountStatus.BANNED}
_END = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Term:
    """One restriction: a mute, a suspension or a ban, until when (None:
    open-ended)."""

    action: Action
    until: datetime | None
    # When the decision was taken (a reduced term is counted from it).
    since: datetime | None = None

    def rank(self) -> tuple[int, datetime]:
        """Heavier first by kind, then by end (open-ended is the latest)."""
        return WEIGHT[self.action], self.until or _END

    def in_force(self, now: datetime) -> bool:
        return self.until is None or self.until > now

    def signal(self) -> CaseSignal:
        """How an appeal case records what a sanction was reduced to."""
        return {
            "name": "reduced_to",
            "action": self.action.value,
            "until": rfc3339(self.until) if self.until else None,
        }


async def record_system_term(
    uow: UnitOfWork,
    case_id: str,
    subject_id: str,
    term: Term,
    rule: str,
    facts: str,
    now: datetime,
) -> None:
    """The service restricted an account by itself (no moderator): the case
    records it like a moderator's decision, so lifting another case cannot
    end it and an appeal of this one can."""
    hours = None
    if term.until is not None:
        hours = max(1, round((term.until - now).total_seconds() / 3600))
    await uow.cases.add_action(
        CaseAction(
            id=new_id(),
            case_id=case_id,
            moderator_id=SYSTEM,
            action=term.action,
            rule=rule,
            facts=facts,
            created_at=now,
            duration_hours=hours,
            subject_id=subject_id,
        )
    )


def term_of(action: CaseAction) -> Term | None:
    if action.action not in RESTRICTING:
        return None
    hours = action.duration_hours
    until = action.created_at + timedelta(hours=hours) if hours else None
    return Term(action.action, until, action.created_at)


def _reduced(case: Case) -> Term | None:
    signal = next((s for s in case.signals if s.get("name") == "reduced_to"), None)
    if signal is None:
        return None
    until = signal.get("until")
    return Term(Action(str(signal["action"])), datetime.fromisoformat(until) if until else None)


async def case_terms(uow: UnitOfWork, user_id: str) -> dict[str, Term | None]:
    """Each case's restriction on the account as it stands now: its latest
    sanction, unless lifted on the case or by an appeal (a reduction
    replaces it with the lighter term)."""
    cases = await uow.cases.for_subject(user_id)
    actions = await uow.cases.actions_of([c.id for c in cases])
    terms: dict[str, Term | None] = {}
    for case in cases:
        if case.kind is CaseKind.APPEAL:
            continue
        term: Term | None = None
        for action in sorted(actions.get(case.id, []), key=lambda a: a.created_at):
            if action.action in RESTRICTING:
                term = term_of(action)
            elif action.action is Action.LIFT:
                term = None
        terms[case.id] = term
    appeals = [c for c in cases if c.kind is CaseKind.APPEAL]
    for appeal in sorted(appeals, key=lambda c: c.created_at):
        appealed = next((str(s["case"]) for s in appeal.signals if s.get("case")), None)
        decided = {a.action for a in actions.get(appeal.id, [])}
        if appealed is None or appealed not in terms:
            continue
        if Action.LIFT in decided:
            terms[appealed] = None
        elif Action.REDUCE in decided:
            terms[appealed] = _reduced(appeal)
    return terms


def _status_term(user: User, now: datetime) -> Term | None:
    for action, status in STATUS_OF.items():
        if user.status is status and (user.status_until is None or user.status_until > now):
            return Term(action, user.status_until)
    return None


async def standing_terms(uow: StorageUnitOfWork, user_id: str, now: datetime) -> list[Term]:
    """Restrictions outside the moderation cases: a court-ordered ban (loi
    SREN 2024), executed and in force. Contested before the court, never
    lifted here."""
    return [Term(Action.BAN, until) for until in await uow.legal.ban_ends(user_id, now)]


async def lift_term(
    uow: StorageUnitOfWork, user: User, lifted: Term | None, case_id: str | None, now: datetime
) -> User:
    """Undo ``lifted`` (the restriction case ``case_id`` put on the account)
    and nothing else: a field it explains is recomputed from the other
    cases' terms in force; a field it cannot explain (a heavier or longer
    restriction from elsewhere) is left as it is. The trust level is not
    given back: it is earned again."""
    if lifted is None:
        return user
    others = [
        t
        for cid, t in (await case_terms(uow, user.id)).items()
        if cid != case_id and t is not None and t.in_force(now)
    ]
    others += await standing_terms(uow, user.id, now)
    fields: UserPatch = {}
    current = _status_term(user, now)
    if lifted.action in STATUS_OF and current is not None and current.rank() <= lifted.rank():
        kept = max((t for t in others if t.action in STATUS_OF), key=Term.rank, default=None)
        if user.status is not AccountStatus.ERASED:
            fields["status"] = STATUS_OF[kept.action] if kept else AccountStatus.ACTIVE
            fields["status_until"] = kept.until if kept else None
    if (
        lifted.action is Action.MUTE
        and user.muted_until is not None
        and (lifted.until is None or user.muted_until <= lifted.until)
    ):
        mutes = [t.until for t in others if t.action is Action.MUTE and t.until is not None]
        fields["muted_until"] = max(mutes, default=None)
    if not others:
        fields["trust_locked_until"] = None
    return await uow.users.update(user.id, **fields) if fields else user
