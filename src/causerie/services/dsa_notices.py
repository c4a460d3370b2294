"""Notices from anyone (DSA art. 16), trusted flaggers (art. 22) and misuse
of the notice mechanism (art. 23). See docs/legal.md.

A notice needs no account: the exact location (a URL), the reason, an
explanation, the notifier's name and e-mail (optional for a child at risk:
art. 16(2)(c) exempts child sexual abuse) and the good-faith statement. It
becomes a case of kind ``notice`` in the moderation queue (several notices on
one location join one case); an acknowledgement and, later, the decision with
its reasons are e-mailed through the outbox (services/mail.py)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from causerie.domain.errors import Invalid, NotAllowed, NotFound
from causerie.domain.ids import new_id
from causerie.domain.legal import DsaNotice, NoticeOutcome, NotifierStanding, TrustedFlagger
from causerie.domain.moderation import REASONS, Action, Case, CaseKind, TargetType
from causerie.domain.times import rfc3339
from causerie.i18n import has, message
from causerie.ports import StorageUnitOfWork, UnitOfWork
from causerie.services import audit, mail
from causerie.services.cases import message_snapshot, open_case, user_snapshot
from causerie.services.deps import Deps
from causerie.services.mail import legal_repo

URL_MAX = 2000
EXPLANATION_MAX = 4000
# A person's or organisation's name: 80 is ample, and a low cap keeps the
# field from carrying a paragraph (or a phishing pitch) into our e-mails.
NAME_MAX = 80
FLAGGER_NAME_MAX = 200
# Only this much of the name is echoed, in the greeting: anyone may make us
# mail any address (the e-mail is not confirmed first), so what they choose
# must not become the message.
GREETING_MAX = 40
# C0 controls (CR, LF, tab…), DEL, C1's NEL and the Unicode line and
# paragraph separators: nothing a name or a URL needs, and each can break a
# line in a mail body or a log.
CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")
EMAIL_MAX = 254
# Deliberately loose: the address is checked by the mail it receives.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ANONYMOUS_REASONS = frozenset({"minor_at_risk"})
FLAGGER_PRIORITY = 1


def from_trusted_flagger(priority: int) -> bool:
    """Only a trusted flagger's notice raises a case's priority (art. 22)."""
    return priority >= FLAGGER_PRIORITY


@dataclass(frozen=True, slots=True)
class NoticeInput:
    target_url: str
    reason: str
    explanation: str
    name: str | None
    email: str | None
    good_faith: bool
    lang: str = "fr"


def _clean(value: str | None, limit: int, field: str) -> str | None:
    value = (value or "").strip()
    if len(value) > limit:
        raise Invalid(field=field, max=limit)
    return value or None


def validate(notice: NoticeInput) -> NoticeInput:
    if notice.good_faith is not True:
        raise Invalid(field="good_faith")
    if notice.reason not in REASONS:
        raise Invalid(field="reason")
    for field, raw in (("target_url", notice.target_url), ("name", notice.name)):
        if raw is not None and CONTROL.search(raw):
            raise Invalid(field=field, reason="control_character")
    url = _clean(notice.target_url, URL_MAX, "target_url")
    parts = urlsplit(url or "")
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(c.isspace() for c in url or "")
    ):
        raise Invalid(field="target_url")
    explanation = _clean(notice.explanation, EXPLANATION_MAX, "explanation")
    if explanation is None:
        raise Invalid(field="explanation")
    name = _clean(notice.name, NAME_MAX, "name")
    email = _clean(notice.email, EMAIL_MAX, "email")
    if email is not None and not EMAIL.match(email):
        raise Invalid(field="email")
    if notice.reason not in ANONYMOUS_REASONS:
        if name is None:
            raise Invalid(field="name")
        if email is None:
            raise Invalid(field="email")
    lang = notice.lang if notice.lang in ("fr", "en") else "fr"
    return NoticeInput(url or "", notice.reason, explanation, name, email, True, lang)


def notifier_key(*, email: str | None, flagger_id: str | None) -> str | None:
    """Whom art. 23 counts: the flagger, else the e-mail (case-folded)."""
    if flagger_id is not None:
        return f"flagger:{flagger_id}"
    return f"email:{email.casefold()}" if email else None


def _candidates(url: str) -> list[str]:
    """Ids a URL of ours may carry: path segments, fragment and query values."""
    parts = urlsplit(url)
    found = [s for s in re.split(r"[/#?=&]", f"{parts.path}/{parts.fragment}") if s]
    found += [v for _, v in parse_qsl(parts.query)]
    return [c for c in dict.fromkeys(reversed(found)) if 8 <= len(c) <= 64]


async def _resolve(uow: UnitOfWork, url: str) -> tuple[TargetType, str, str | None, dict[str, Any]]:
    """The message, account or room the URL names, else the URL itself."""
    for candidate in _candidates(url):
        message = await uow.messages.get(candidate)
        if message is not None:
            return TargetType.MESSAGE, message.id, message.author_id, message_snapshot(message)
        user = await uow.users.get(candidate)
        if user is not None:
            return TargetType.USER, user.id, user.id, user_snapshot(user)
        room = await uow.rooms.get(candidate)
        if room is not None:
            return TargetType.ROOM, room.id, None, {"id": room.id, "name": room.name}
    # Nothing of ours to copy: the moderator reads the URL (as the text shown).
    return TargetType.URL, url, None, {"url": url, "text": url}


async def _check_standing(uow: StorageUnitOfWork, deps: Deps, key: str | None) -> None:
    if key is None:
        return
    standing = await legal_repo(uow).standing(key)
    until = standing.suspended_until if standing else None
    if until is not None and until > deps.clock.now():
        raise NotAllowed(reason="notifier_suspended")


async def submit(
    deps: Deps,
    notice: NoticeInput,
    *,
    client_ip: str,
    flagger: TrustedFlagger | None = None,
) -> str:
    """Record a notice, open (or join) its case, queue the acknowledgement;
    the reference."""
    notice = validate(notice)
    flagger_id = flagger.id if flagger else None
    if flagger is None:
        await deps.rate_limit(f"dsa:ip:{client_ip}", deps.settings.dsa_notices_per_ip)
    now = deps.clock.now()
    reference = new_id()
    key = notifier_key(email=notice.email, flagger_id=flagger_id)
    async with deps.uow(write=True) as uow:
        await _check_standing(uow, deps, key)
        target_type, target_id, subject_id, content = await _resolve(uow, notice.target_url)
        evidence = {
            "content": {"type": target_type.value, **content},
            "notice": {
                "reference": reference,
                "target_url": notice.target_url,
                "reason": notice.reason,
                "explanation": notice.explanation,
                "trusted_flagger": flagger.name if flagger else None,
            },
        }
        case = await open_case(
            deps,
            uow,
            kind=CaseKind.NOTICE,
            target_type=target_type,
            target_id=target_id,
            subject_id=subject_id,
            reason=notice.reason,
            evidence=evidence,
            actor=f"flagger:{flagger_id}" if flagger_id else "notifier",
        )
        if flagger is not None and case.priority < FLAGGER_PRIORITY:
            await uow.cases.update(case.id, priority=FLAGGER_PRIORITY)
        await legal_repo(uow).add_notice(
            DsaNotice(
                id=reference,
                case_id=case.id,
                target_url=notice.target_url,
                reason=notice.reason,
                explanation=notice.explanation,
                name=notice.name,
                email=notice.email,
                flagger_id=flagger_id,
                lang=notice.lang,
                created_at=now,
            )
        )
        # No name or address in the audit log: it is kept for good.
        await audit.record(
            uow,
            now,
            actor=f"flagger:{flagger_id}" if flagger_id else "notifier",
            action="dsa.notice",
            subject=f"case:{case.id}",
            payload={"reference": reference, "reason": notice.reason},
        )
        if notice.email:
            subject, body = acknowledgement(notice, reference, at=now)
            await mail.enqueue(uow, now, to=notice.email, subject=subject, body=body, ref=reference)
        await uow.commit()
    return reference


def greeting_name(name: str | None) -> str:
    """The notifier's name as the greeting shows it: printable characters
    only, at most ``GREETING_MAX``, with a leading space when there is one."""
    shown = "".join(c for c in (name or "") if c.isprintable())[:GREETING_MAX].strip()
    return f" {shown}" if shown else ""


def one_line(text: str) -> str:
    """A staff-written field (the rule) on one line of a mail body."""
    return CONTROL.sub(" ", text)


def acknowledgement(notice: NoticeInput, reference: str, *, at: datetime) -> tuple[str, str]:
    """The receipt of a notice (DSA art. 16), in the notifier's language,
    the reason in words and the date in the reader's format. Never the URL:
    anyone may make us mail any address, and a link of their choosing in
    our mail is a phishing kit (the reference names the notice)."""
    language = notice.lang
    reason = f"reason.{notice.reason}"
    return (
        message("statement.mail.received.subject", language, reference=reference),
        message(
            "statement.mail.received.body",
            language,
            greeting=greeting_name(notice.name),
            reference=reference,
            at=at,
            reason=message(reason, language) if has(reason) else notice.reason,
        ),
    )


def decision_mail(
    lang: str, reference: str, *, acted: bool, action: str, rule: str, facts: str
) -> tuple[str, str]:
    """The decision on a notice, what was done said in words (never the
    action's code) and the ways to contest it."""
    if not acted:
        outcome = "statement.mail.outcome.none"
    elif has(f"statement.mail.outcome.{action}"):
        outcome = f"statement.mail.outcome.{action}"
    else:
        outcome = "statement.mail.outcome.acted"
    return (
        message("statement.mail.decided.subject", lang, reference=reference),
        message(
            "statement.mail.decided.body",
            lang,
            reference=reference,
            outcome=message(outcome, lang),
            rule=rule,
            facts=facts,
        ),
    )


async def tell_notifiers(
    deps: Deps, uow: StorageUnitOfWork, case: Case, action: Action, rule: str, facts: str
) -> None:
    """The decision on a notice case, to every notifier, in the deciding
    transaction; then art. 23 for each notifier whose notice was unfounded."""
    now = deps.clock.now()
    acted = action is not Action.DISMISS
    repo = legal_repo(uow)
    for notice in await repo.notices_of_case(case.id):
        if notice.outcome is not None:
            continue
        await repo.update_notice(
            notice.id,
            outcome=NoticeOutcome.FOUNDED if acted else NoticeOutcome.UNFOUNDED,
            decided_at=now,
        )
        if notice.email:
            subject, body = decision_mail(
                notice.lang,
                notice.id,
                acted=acted,
                action=action.value,
                rule=one_line(rule),
                facts=facts,
            )
            await mail.enqueue(uow, now, to=notice.email, subject=subject, body=body, ref=notice.id)
        if not acted:
            await _weigh_misuse(deps, uow, notice)


async def _weigh_misuse(deps: Deps, uow: StorageUnitOfWork, notice: DsaNotice) -> None:
    """Art. 23(2): a notifier who frequently sends manifestly unfounded
    notices is warned, then suspended for a reasonable period. Counted over
    the notifier's latest decided notices, so that founded ones clear it."""
    key = notifier_key(email=notice.email, flagger_id=notice.flagger_id)
    if key is None:
        return  # anonymous (child at risk): nobody to warn, nothing to count
    repo = legal_repo(uow)
    s = deps.settings
    window = s.notifier_suspend_after * 2
    outcomes = (await repo.outcomes_of(email=notice.email, flagger_id=notice.flagger_id))[:window]
    unfounded = outcomes.count(NoticeOutcome.UNFOUNDED)
    standing = await repo.standing(key) or NotifierStanding(key)
    now = deps.clock.now()
    if unfounded >= s.notifier_suspend_after and standing.warned_at is not None:
        until = now + timedelta(days=s.notifier_suspend_days)
        reason = f"{unfounded} of the last {len(outcomes)} notices were unfounded (DSA art. 23)"
        await repo.set_standing(NotifierStanding(key, standing.warned_at, until, reason))
        await audit.record(
            uow,
            now,
            actor="system",
            action="dsa.notifier_suspended",
            subject=_subject(notice),
            payload={"until": rfc3339(until), "unfounded": unfounded},
        )
        text = message(
            "statement.mail.misuse.suspended",
            notice.lang,
            until=until,
            unfounded=unfounded,
            total=len(outcomes),
        )
    elif unfounded >= s.notifier_warn_after and standing.warned_at is None:
        reason = f"{unfounded} of the last {len(outcomes)} notices were unfounded (DSA art. 23)"
        await repo.set_standing(NotifierStanding(key, now, None, reason))
        await audit.record(
            uow,
            now,
            actor="system",
            action="dsa.notifier_warned",
            subject=_subject(notice),
            payload={"unfounded": unfounded},
        )
        text = message(
            "statement.mail.misuse.warned",
            notice.lang,
            unfounded=unfounded,
            total=len(outcomes),
            days=s.notifier_suspend_days,
        )
    else:
        return
    if notice.email:
        await mail.enqueue(
            uow,
            now,
            to=notice.email,
            subject=message("statement.mail.misuse.subject", notice.lang),
            body=text,
            ref=notice.id,
        )


def _subject(notice: DsaNotice) -> str:
    if notice.flagger_id:
        return f"flagger:{notice.flagger_id}"
    # A hash, not the address: the audit log is kept for good. (An
    # anonymous notice never gets here: it has no notifier to weigh.)
    assert notice.email is not None
    return "notifier:" + hashlib.sha256(notice.email.casefold().encode()).hexdigest()[:16]


# --- trusted flaggers (art. 22) -------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def add_flagger(deps: Deps, name: str, *, actor: str = "operator:cli") -> tuple[str, str]:
    """Register an organisation; (its id, its token — shown once, kept hashed)."""
    name = name.strip()
    if not name or len(name) > FLAGGER_NAME_MAX:
        raise Invalid(field="name")
    token = "tf_" + secrets.token_urlsafe(32)
    flagger_id = new_id()
    now = deps.clock.now()
    async with deps.uow(write=True) as uow:
        repo = legal_repo(uow)
        if await repo.flagger_by_name(name) is not None:
            raise Invalid(field="name", reason="taken")
        await repo.add_flagger(TrustedFlagger(flagger_id, name, hash_token(token), now))
        await audit.record(
            uow,
            now,
            actor=actor,
            action="dsa.flagger_added",
            subject=f"flagger:{flagger_id}",
            payload={"name": name},
        )
        await uow.commit()
    return flagger_id, token


async def flagger_for_token(deps: Deps, token: str | None) -> TrustedFlagger:
    """The registered, unrevoked flagger holding ``token``; 404 otherwise."""
    if not token:
        raise NotFound()
    async with deps.uow() as uow:
        flagger = await legal_repo(uow).flagger_by_token(hash_token(token))
    if flagger is None or flagger.revoked_at is not None:
        raise NotFound()
    return flagger


async def revoke_flagger(deps: Deps, name: str, *, actor: str = "operator:cli") -> None:
    now = deps.clock.now()
    async with deps.uow(write=True) as uow:
        repo = legal_repo(uow)
        flagger = await repo.flagger_by_name(name)
        if flagger is None:
            raise NotFound()
        await repo.update_flagger(flagger.id, revoked_at=now)
        await audit.record(
            uow, now, actor=actor, action="dsa.flagger_revoked", subject=f"flagger:{flagger.id}"
        )
        await uow.commit()
