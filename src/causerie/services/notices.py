"""Notices to users: statements of reasons for sanctions (DSA art. 17),
outcomes of their reports and appeals, safety notes. Stored, then pushed to
the user's live connections as a ``notice`` frame."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from causerie.domain.events import UserFrame
from causerie.domain.ids import new_id
from causerie.domain.models import User
from causerie.domain.moderation import APPEAL_OUTCOMES, Action, CaseStatus, Notice, NoticeKind
from causerie.i18n import has, message
from causerie.ports import UnitOfWork
from causerie.services.deps import Deps

NOTICES_MAX = 200
# Answers the member waits for reach them as a notification too (Web Push,
# services/push.py); guidance and sanctions are read in the app.
PUSHED = frozenset({NoticeKind.REPORT_OUTCOME, NoticeKind.APPEAL_OUTCOME})

# Where the statement's facts begin: what comes before is the decision
# itself, which the client shows once above the facts and the rule. The
# catalogue's "statement.sanction" writes the facts after this marker.
_FACTS_MARKERS = (". Faits : ", ". Facts: ")


def _decision(prefix: str, action: str, until: datetime | None, language: str) -> str:
    """``prefix.action``, or its ``.until`` form with the date in the
    reader's words ("2 décembre 2026 à 14:05 (UTC)")."""
    if until is not None and has(f"{prefix}.{action}.until"):
        return message(f"{prefix}.{action}.until", language, until=until)
    return message(f"{prefix}.{action}", language)


def sanction_text(user: User, action: Action, rule: str, facts: str, until: datetime | None) -> str:
    """The statement of reasons: what was decided, the facts, the rule, how to appeal."""
    language = user.language
    return message(
        "statement.sanction",
        language,
        decision=_decision("statement.action", action.value, until, language),
        facts=facts,
        rule=rule,
        appeal=message("statement.appeal_hint", language),
    )


def summary(notice: Notice) -> str:
    """The notice in one sentence, without what the member sees beside it
    (the facts, the rule, the way to appeal): said once, not twice."""
    text = notice.text
    if notice.kind is NoticeKind.SANCTION and notice.facts:
        for marker in _FACTS_MARKERS:
            if marker in text:
                return text.split(marker, 1)[0] + "."
    if notice.kind is NoticeKind.APPEAL_OUTCOME and notice.facts and text.endswith(notice.facts):
        return text[: -len(notice.facts)].strip()
    return text


def report_outcome_text(user: User, acted: bool) -> str:
    key = "statement.report.acted" if acted else "statement.report.no_breach"
    return message(key, user.language)


def appeal_outcome_text(user: User, granted: bool, facts: str) -> str:
    key = "statement.appeal.granted" if granted else "statement.appeal.rejected"
    return f"{message(key, user.language)} {facts}".strip()


def appeal_reduced_text(user: User, to: Action, until: datetime | None, facts: str) -> str:
    """An appeal granted in part: the sanction is replaced by a lighter one
    (``until`` None with a term: already served, nothing is in force)."""
    lighter = _decision("statement.reduced", to.value, until, user.language)
    head = message("statement.appeal.reduced", user.language, lighter=lighter)
    return f"{head} {facts}".strip()


async def send_notice(
    deps: Deps,
    uow: UnitOfWork,
    user: User,
    kind: NoticeKind,
    text: str,
    *,
    rule: str | None = None,
    facts: str | None = None,
    appealable: bool = False,
    case_id: str | None = None,
    action: str | None = None,
    acted_by: str | None = None,
    room_id: str | None = None,
    code: str | None = None,
) -> Notice:
    """Store a notice in the caller's write unit of work; push it live after
    commit. Stored first, so that a member offline now finds it in
    ``GET /notices`` when they come back. ``room_id`` and ``code`` shape the
    live frame of guidance about one conversation (shown there as a
    banner; ``code`` defaults to the kind)."""
    notice = Notice(
        id=new_id(),
        user_id=user.id,
        kind=kind,
        created_at=deps.clock.now(),
        text=text,
        rule=rule,
        facts=facts,
        appealable=appealable,
        case_id=case_id,
        action=action,
        acted_by=acted_by,
    )
    await uow.notices.add(notice)
    frame = {"type": "notice", "code": code or kind.value, "detail": text, "id": notice.id}
    if room_id is not None:
        frame["room"] = room_id
    uow.publish(UserFrame(user.id, frame))
    if kind in PUSHED and deps.push is not None:
        push = deps.push

        async def notify() -> None:
            push.notice(deps, user.id)

        uow.after_commit(notify)
    return notice


@dataclass(frozen=True, slots=True)
class Listed:
    """A notice as its member reads it, with where its appeal stands."""

    notice: Notice
    # None (never appealed), "pending", or how it ended: "granted",
    # "reduced", "rejected" (domain/moderation.APPEAL_OUTCOMES).
    appeal: str | None = None


async def list_notices(deps: Deps, user_id: str) -> list[Listed]:
    """Newest first; a notice already appealed is no longer ``appealable``
    (one appeal per decision) and says where its appeal stands."""
    async with deps.uow() as uow:
        notices = await uow.notices.for_user(user_id, NOTICES_MAX)
        # Their appeals, and the actions closing those, in two queries in all.
        appeals = await uow.cases.appeals_of([n.id for n in notices if n.appealable])
        closed = [a.id for a in appeals.values() if a.status is CaseStatus.CLOSED]
        actions = await uow.cases.actions_of(closed)
        listed = []
        for notice in notices:
            appeal = appeals.get(notice.id)
            if appeal is None:
                listed.append(Listed(notice))
                continue
            state = "pending"
            if appeal.status is CaseStatus.CLOSED:
                done = [a.action for a in actions.get(appeal.id, [])]
                state = next(
                    (APPEAL_OUTCOMES[a] for a in reversed(done) if a in APPEAL_OUTCOMES), "rejected"
                )
            listed.append(Listed(replace(notice, appealable=False), state))
    return listed
