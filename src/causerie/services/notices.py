"""Notices to users: statements of reasons for sanctions (DSA art. 17),
outcomes of their reports and appeals, safety notes. Stored, then pushed to
the user's live connections as a ``notice`` frame."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from causerie.domain.events import UserFrame
from causerie.domain.ids import new_id
from causerie.domain.models import User
from causerie.domain.moderation import Action, Notice, NoticeKind
from causerie.ports import UnitOfWork
from causerie.services.deps import Deps

NOTICES_MAX = 200

_ACTION_TEXT: dict[str, tuple[str, str]] = {
    # action: (français, English)
    "delete_message": ("Un de vos messages a été supprimé", "One of your messages was removed"),
    "warn": ("Vous avez reçu un avertissement", "You received a warning"),
    "mute": ("Vous êtes en sourdine{until_fr}", "You are muted{until_en}"),
    "suspend": ("Votre compte est suspendu{until_fr}", "Your account is suspended{until_en}"),
    "ban": ("Votre compte est banni", "Your account is banned"),
}

_APPEAL = (
    "Vous pouvez faire appel de cette décision depuis vos notifications (un autre "
    "modérateur l'examinera).",
    "You can appeal this decision from your notices (another moderator will review it).",
)


def _pick(user: User, pair: tuple[str, str]) -> str:
    return pair[1] if user.language == "en" else pair[0]


def sanction_text(user: User, action: Action, rule: str, facts: str, until: datetime | None) -> str:
    """The statement of reasons: what was decided, the facts, the rule, how to appeal."""
    stamp = until.strftime("%Y-%m-%d %H:%M UTC") if until else ""
    head = _pick(user, _ACTION_TEXT[action.value]).format(
        until_fr=f" jusqu'au {stamp}" if stamp else "",
        until_en=f" until {stamp}" if stamp else "",
    )
    if user.language == "en":
        return f"{head}. Facts: {facts} Rule: {rule}. {_APPEAL[1]}"
    return f"{head}. Faits : {facts} Règle : {rule}. {_APPEAL[0]}"


def report_outcome_text(user: User, acted: bool) -> str:
    if acted:
        return _pick(
            user,
            (
                "Merci pour votre signalement : nous avons pris des mesures.",
                "Thank you for your report: we took action.",
            ),
        )
    return _pick(
        user,
        (
            "Merci pour votre signalement : après examen, aucune règle n'a été enfreinte.",
            "Thank you for your report: after review, no rule was broken.",
        ),
    )


def appeal_outcome_text(user: User, granted: bool, facts: str) -> str:
    if granted:
        pair = (
            "Votre appel est accepté : la décision est levée.",
            "Your appeal was granted: the decision is lifted.",
        )
    else:
        pair = (
            "Votre appel est rejeté : la décision est maintenue.",
            "Your appeal was rejected: the decision stands.",
        )
    return f"{_pick(user, pair)} {facts}".strip()


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
    return notice


async def list_notices(deps: Deps, user_id: str) -> list[Notice]:
    """Newest first; a notice already appealed is no longer ``appealable``
    (one appeal per decision)."""
    async with deps.uow() as uow:
        notices = await uow.notices.for_user(user_id, NOTICES_MAX)
        listed = []
        for notice in notices:
            appealed = notice.appealable and await uow.cases.by_notice(notice.id) is not None
            listed.append(replace(notice, appealable=False) if appealed else notice)
    return listed
