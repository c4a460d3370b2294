"""Statements of reasons for the DSA Transparency Database (art. 24(5)).

Every moderator decision that restricts content or an account (the
sanctions of docs/moderation.md) becomes one statement in the database's
JSON fields, ready for its API (``{"statements": [...]}``, the body of the
batch endpoint). ``automated_detection`` says whether automated means found
it (an automatic case: the safety filter or the risk scorer);
``automated_decision`` says whether they decided it — here never fully:
every exported decision was taken by a moderator, partly on an automated
flag. Refusals by the safety filter before delivery are told to the sender
at once and only counted per day (no per-decision record is kept about
anyone, docs/transparency.md): they are not exported one by one. The
statements carry no personal data: no pseudonym, no account id."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from causerie.domain.legal import Decision
from causerie.domain.moderation import Action, CaseKind
from causerie.ports import UnitOfWorkFactory
from causerie.services.mail import legal_repo

EU_EEA = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE",
    "SI", "SK",
]  # fmt: skip

EXPORTED = [Action.DELETE_MESSAGE, Action.WARN, Action.MUTE, Action.SUSPEND, Action.BAN]

CATEGORY = {
    "harassment": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "hate": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "sexual_content": "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT",
    "minor_at_risk": "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    "age_band_mismatch": "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    "risk_high": "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    "risk_medium": "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    "threat": "STATEMENT_CATEGORY_VIOLENCE",
    "meeting_danger": "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
    "scam": "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    "personal_data": "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    "held_by_filter": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
}
OTHER_CATEGORY = "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"

# Reasons that name an offence under French law, and which one.
LEGAL_GROUND = {
    "threat": "Code pénal, art. 222-17 et 222-18 (menaces)",
    "hate": "Loi du 29 juillet 1881, art. 24 et 33 (provocation à la haine, injure)",
    "harassment": "Code pénal, art. 222-33-2-2 (harcèlement moral, y compris en ligne)",
    "minor_at_risk": "Code pénal, art. 227-22-1 et 227-23 (propositions sexuelles à un mineur)",
    "personal_data": "Code pénal, art. 223-1-1 (divulgation d'informations personnelles)",
    "scam": "Code pénal, art. 313-1 (escroquerie)",
}

SOURCE = {
    "report": "SOURCE_ARTICLE_16",
    "notice": "SOURCE_ARTICLE_16",
    "automatic": "SOURCE_VOLUNTARY",
    "appeal": "SOURCE_VOLUNTARY",
}

# Our reasons in the database's own vocabulary (``Statement::KEYWORDS``: it
# refuses any other value in ``category_specification``). A reason with no
# faithful keyword is left out of it and named in
# ``category_specification_other`` instead, rather than forced into a wrong one.
KEYWORD = {
    "hate": "KEYWORD_HATE_SPEECH",
    "harassment": "KEYWORD_ONLINE_BULLYING_INTIMIDATION",
    "minor_at_risk": "KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS",
    "age_band_mismatch": "KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS",
    "sexual_content": "KEYWORD_ADULT_SEXUAL_MATERIAL",
}

# What ``CONTENT_TYPE_OTHER`` stands for: the database requires
# ``content_type_other`` whenever it is used.
CONTENT_TYPE_OTHER = {"user": "user profile", "room": "chat room", "url": "web address"}

CONTENT_TYPE = {
    "message": "CONTENT_TYPE_TEXT",
    "image": "CONTENT_TYPE_IMAGE",
    "user": "CONTENT_TYPE_OTHER",
    "room": "CONTENT_TYPE_OTHER",
    "url": "CONTENT_TYPE_OTHER",
}


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).date().isoformat()


def statement(decision: Decision) -> dict[str, Any]:
    """One decision in the database's fields."""
    taken = decision.action
    action = taken.action
    reasons = decision.case_reasons
    reason = next((r for r in reasons if r in LEGAL_GROUND), reasons[0] if reasons else "other")
    at = taken.created_at
    automatic = decision.case_kind is CaseKind.AUTOMATIC
    out: dict[str, Any] = {
        "puid": taken.id,
        "account_type": "ACCOUNT_TYPE_PRIVATE",
        "category": CATEGORY.get(reason, OTHER_CATEGORY),
        "content_type": [CONTENT_TYPE.get(decision.target_type.value, "CONTENT_TYPE_OTHER")],
        "content_date": _day(decision.case_created_at),
        "application_date": _day(at),
        "territorial_scope": EU_EEA,
        "decision_facts": taken.facts,
        "source_type": SOURCE.get(decision.case_kind.value, "SOURCE_TYPE_OTHER_NOTIFICATION"),
        "automated_detection": "Yes" if automatic else "No",
        # A moderator decided every exported decision; on an automated flag,
        # automated means took part in it.
        "automated_decision": (
            "AUTOMATED_DECISION_PARTIALLY" if automatic else "AUTOMATED_DECISION_NOT_AUTOMATED"
        ),
    }
    keywords = sorted({KEYWORD[r] for r in reasons if r in KEYWORD})
    if keywords:
        out["category_specification"] = keywords
    others = sorted({r.replace("_", " ") for r in reasons if r not in KEYWORD})
    if others:
        out["category_specification_other"] = ", ".join(others)[:500]
    if out["content_type"] == ["CONTENT_TYPE_OTHER"]:
        out["content_type_other"] = CONTENT_TYPE_OTHER.get(decision.target_type.value, "other")
    if decision.flagger:
        out["source_type"] = "SOURCE_TRUSTED_FLAGGER"
        out["source_identity"] = decision.flagger
    if reason in LEGAL_GROUND:
        out["decision_ground"] = "DECISION_GROUND_ILLEGAL_CONTENT"
        out["illegal_content_legal_ground"] = LEGAL_GROUND[reason]
        out["illegal_content_explanation"] = taken.facts
    else:
        out["decision_ground"] = "DECISION_GROUND_INCOMPATIBLE_CONTENT"
        out["incompatible_content_ground"] = taken.rule
        out["incompatible_content_explanation"] = taken.facts
        out["incompatible_content_illegal"] = "No"
    until = at + timedelta(hours=taken.duration_hours) if taken.duration_hours else None
    if action is Action.DELETE_MESSAGE:
        out["decision_visibility"] = ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    elif action is Action.WARN:
        out["decision_visibility"] = ["DECISION_VISIBILITY_OTHER"]
        out["decision_visibility_other"] = "formal warning; trust level lowered for 7 days"
    elif action is Action.MUTE:
        # A mute restricts the service, not the account: the database pairs
        # ``decision_provision`` with ``end_date_service_restriction``.
        out["decision_provision"] = "DECISION_PROVISION_PARTIAL_SUSPENSION"
        if until:
            out["end_date_service_restriction"] = _day(until)
    elif action is Action.SUSPEND:
        out["decision_account"] = "DECISION_ACCOUNT_SUSPENDED"
        if until:
            out["end_date_account_restriction"] = _day(until)
    elif action is Action.BAN:
        out["decision_account"] = "DECISION_ACCOUNT_TERMINATED"
    return out


def default_period(now: datetime) -> tuple[date, date]:
    """Neither ``--from`` nor ``--to``: the last seven days, today included
    (statements are due without undue delay, so today's decisions belong)."""
    today = now.astimezone(UTC).date()
    return today - timedelta(days=7), today + timedelta(days=1)


async def export(uow_factory: UnitOfWorkFactory, start: date, end: date) -> dict[str, Any]:
    """Every exported decision taken in [start, end) (UTC days)."""
    first = datetime.combine(start, time(), UTC)
    last = datetime.combine(end, time(), UTC)
    async with uow_factory() as uow:
        decisions = await legal_repo(uow).decisions(first, last, EXPORTED)
    return {"statements": [statement(d) for d in decisions]}
