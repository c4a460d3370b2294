"""The DSA transparency report (arts. 15 and 24; docs/transparency.md):
what moderation did over a period, built only from what the database
already records — reports, cases, the actions taken on them, appeals,
messages the filter held. Figures nobody records are said to be so
(``not_tracked``), never guessed.

Periods are ``[from, to)`` in UTC days. The report is a plain JSON
document: the API serves it to staff, ``causerie transparency report``
prints it or renders it as Markdown for publication."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from causerie.domain.errors import Invalid
from causerie.domain.models import User
from causerie.domain.moderation import (
    BLOCKED_WITH_CASE_TALLY,
    REASONS,
    SEVERITY_OF_REASON,
    Action,
    CaseKind,
    HeldState,
)
from causerie.domain.times import rfc3339
from causerie.ports import (
    Clock,
    StorageUnitOfWork,
    TransparencyRepo,
    UnitOfWorkFactory,
)
from causerie.services import legal_amar
from causerie.services.deps import Deps
from causerie.services.moderation import require_staff

FORMAT_VERSION = 1
# Each report reads the moderation tables over the whole period: cheap at
# publication pace, not worth letting a script hammer.
REPORTS_PER_STAFF = (30, 60.0)

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The reasons that open automatic cases: every severity-table entry that is
# neither a reporter's reason nor an appeal.
AUTOMATIC_REASONS = tuple(r for r in SEVERITY_OF_REASON if r not in REASONS and r != "appeal")
# Report cases never hold a message: ``release`` cannot happen there;
# ``reduce`` decides appeals only.
REPORT_ACTIONS = tuple(a.value for a in Action if a not in (Action.RELEASE, Action.REDUCE))
AUTOMATIC_ACTIONS = tuple(a.value for a in Action if a is not Action.REDUCE)
# Restrictions an account can be under, and their lifting.
ACCOUNT_ACTIONS = tuple(
    a.value for a in (Action.WARN, Action.MUTE, Action.SUSPEND, Action.BAN, Action.LIFT)
)
TARGETS = ("message", "user", "room")

AUTOMATED_MEANS: tuple[dict[str, str], ...] = (
    {
        "name": "message_filter",
        "what": "Every message is checked before delivery: French and English lexicons "
        "after normalisation against evasion, personal data (phone numbers, "
        "off-platform handles), links.",
        "decides": "allow, mask, hold for a moderator, or refuse with a reason the sender sees",
        "human_review": "every held message; masked and refused messages are not reviewed",
    },
    {
        "name": "conversation_risk_scorer",
        "what": "Private conversations are scored for grooming and ambush patterns "
        "(age questions, secrecy, moving to another app, gifts, photo requests, "
        "pressing for a meeting alone).",
        "decides": "no sanction; a medium or high risk opens a case for moderators",
        "human_review": "every case it opens",
    },
    {
        "name": "ban_evasion_screen",
        "what": "A sign-up from the device, or the recent network, of a banned account.",
        "decides": "the account is created muted until a moderator decides",
        "human_review": "every case it opens",
    },
    {
        "name": "name_policy",
        "what": "Pseudonyms, bios and room names are checked against the policy lexicon.",
        "decides": "the name is refused at entry, with the reason",
        "human_review": "none (the user picks another name); not recorded",
    },
)

NOT_TRACKED: tuple[dict[str, str], ...] = (
    {
        "figure": "authority_orders",
        "why": "Orders to act against illegal content and to provide information "
        "(DSA arts. 9 and 10) reach the operator outside the service, which does "
        "not record them; reported as 0.",
    },
    {
        "figure": "suspensions_for_misuse",
        "why": "Suspensions for manifestly unfounded notices (DSA art. 23) are not a "
        "separate category: they appear among account restrictions.",
    },
    {
        "figure": "out_of_court_disputes",
        "why": "Disputes brought to out-of-court settlement bodies (DSA art. 21) reach "
        "the operator outside the service.",
    },
)


@dataclass(frozen=True, slots=True)
class Period:
    """``[start, end)``, whole UTC days."""

    start: date
    end: date

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time(), UTC)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end, time(), UTC)


def last_full_year(now: datetime) -> Period:
    """The default period: the last calendar year that has ended."""
    year = now.astimezone(UTC).year - 1
    return Period(date(year, 1, 1), date(year + 1, 1, 1))


def _day(text: str | None, field: str) -> date | None:
    if text is None or text == "":
        return None
    if not _DAY.fullmatch(text):
        raise Invalid(field=field)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(field=field) from None


def _years_from(day: date, years: int, field: str) -> date:
    try:
        try:
            return day.replace(year=day.year + years)
        except ValueError:
            if day.month == 2 and day.day == 29:
                return day.replace(year=day.year + years, day=28)
            raise
    except ValueError:
        raise Invalid(field=field) from None


def parse_period(start: str | None, end: str | None, now: datetime) -> Period:
    """``from``/``to`` as ``YYYY-MM-DD`` (``to`` excluded). Neither: the last
    full calendar year; one of them: a year from it, or up to it."""
    first, last = _day(start, "from"), _day(end, "to")
    if first is None and last is None:
        return last_full_year(now)
    if first is None:
        assert last is not None
        first = _years_from(last, -1, "to")
    if last is None:
        last = _years_from(first, 1, "from")
    if first >= last:
        raise Invalid(field="to", reason="not_after_from")
    return Period(first, last)


def transparency_repo(uow: StorageUnitOfWork) -> TransparencyRepo:
    """The ``TransparencyRepo`` of an open unit of work from ``deps.uow``."""
    return uow.transparency


async def staff_report(
    deps: Deps, staff: User, start: str | None, end: str | None
) -> dict[str, Any]:
    """``GET /api/v1/moderation/transparency``: moderators and admins only."""
    require_staff(staff, deps.clock.now())
    await deps.rate_limit(f"transparency:user:{staff.id}", REPORTS_PER_STAFF)
    period = parse_period(start, end, deps.clock.now())
    return await build_report(deps.uow, deps.clock, period)


async def build_report(
    uow_factory: UnitOfWorkFactory, clock: Clock, period: Period
) -> dict[str, Any]:
    """The report over ``period``, as a JSON-ready document (see
    docs/transparency.md for what each figure means)."""
    now = clock.now()
    start, end = period.start_at, period.end_at
    async with uow_factory() as uow:
        repo = transparency_repo(uow)
        received = await repo.reports_received(start, end)
        reports_decided, reports_median = await repo.reports_decided(start, end)
        reports_pending = await repo.reports_pending(start, end)
        automatic_opened = await repo.cases_opened(CaseKind.AUTOMATIC, start, end)
        automatic_decided, automatic_median = await repo.cases_decided(
            CaseKind.AUTOMATIC, start, end
        )
        automatic_pending = await repo.cases_pending(CaseKind.AUTOMATIC, start, end)
        appeals_received = await repo.appeals_by_action(start, end)
        appeals_decided, appeals_median = await repo.cases_decided(CaseKind.APPEAL, start, end)
        appeals_pending = await repo.cases_pending(CaseKind.APPEAL, start, end)
        actions = await repo.actions_taken(start, end)
        accounts = await repo.accounts_restricted(start, end)
        held = await repo.held_messages(start, end)
        decisions = await repo.filter_decisions(period.start, period.end)
        # DSA art. 24(2), published with every report (services/legal_amar.py).
        active = await legal_amar.figures(uow, period.end)
        outside = await legal_amar.outside_notices(uow, start, end)  # art. 15(1)(b), 22
    by_kind = {kind: _for_kind(actions, kind) for kind in CaseKind}
    return {
        "report": "dsa_transparency",
        "version": FORMAT_VERSION,
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "time_zone": "UTC",
            "complete": now >= end,
        },
        "generated_at": rfc3339(now),
        "authority_orders": {"tracked": False, "removal_orders": 0, "information_orders": 0},
        "notices": {
            "received": sum(received.values()),
            "by_reason": _spread(_sum_by(received, 0), REASONS),
            "by_target": _spread(_sum_by(received, 1), TARGETS),
            "actions": _spread(by_kind[CaseKind.REPORT], REPORT_ACTIONS),
            "decided": reports_decided,
            "median_seconds_to_decision": _seconds(reports_median),
            "pending_at_end": reports_pending,
        },
        "own_initiative": {
            "filter": _filter_section(held, decisions),
            "automatic_cases": {
                "opened": sum(automatic_opened.values()),
                "by_reason": _spread(_per_reason(automatic_opened), AUTOMATIC_REASONS),
                "actions": _spread(by_kind[CaseKind.AUTOMATIC], AUTOMATIC_ACTIONS),
                "decided": automatic_decided,
                "median_seconds_to_decision": _seconds(automatic_median),
                "pending_at_end": automatic_pending,
            },
        },
        "appeals": {
            "received": sum(appeals_received.values()),
            "by_appealed_action": {
                (action or "unknown"): n for action, n in sorted(appeals_received.items(), key=_key)
            },
            "decided": appeals_decided,
            "granted": by_kind[CaseKind.APPEAL].get(Action.LIFT.value, 0),
            "rejected": by_kind[CaseKind.APPEAL].get(Action.DISMISS.value, 0),
            # Additive (issue 16): granted in part, the sanction made lighter.
            "reduced": by_kind[CaseKind.APPEAL].get(Action.REDUCE.value, 0),
            "median_seconds_to_decision": _seconds(appeals_median),
            "pending_at_end": appeals_pending,
        },
        "accounts_restricted": _spread(accounts, ACCOUNT_ACTIONS, only_listed=True),
        "automated_means": [dict(means) for means in AUTOMATED_MEANS],
        "not_tracked": [dict(item) for item in NOT_TRACKED],
        "active_recipients": active,
        "notices_from_outside": outside,
    }


def _filter_section(
    held: Mapping[tuple[tuple[str, ...], str], int], decisions: Mapping[tuple[str, str], int]
) -> dict[str, Any]:
    by_state: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    # Refusals that opened a case are kept in the same table (services/held.py)
    # but were never held: left out here, and counted from the tally below.
    for (reasons, state), n in held.items():
        by_state[state] += n
        if state != HeldState.BLOCKED.value:
            for reason in reasons:
                by_reason[reason] += n
    refused = by_state.pop(HeldState.BLOCKED.value, 0)
    return {
        "held": sum(held.values()) - refused,
        "held_by_reason": dict(sorted(by_reason.items())),
        # As the messages stand when the report is made: a release is the
        # filter overruled, the first indicator of its error rate.
        "held_outcome": {
            "released": by_state[HeldState.RELEASED.value],
            "deleted": by_state[HeldState.DELETED.value],
            "awaiting_review": by_state[HeldState.HELD.value],
        },
        # From the daily tally (services/filter_tally.py): every message the
        # filter checked, and those it masked or refused, with their reasons.
        "checked": sum(
            n
            for (decision, reason), n in decisions.items()
            if reason == "" and decision != BLOCKED_WITH_CASE_TALLY
        ),
        "masked": _decided(decisions, "mask"),
        "blocked": _decided(decisions, "block"),
        # Of those refused, the ones a moderator must still read (a case each):
        # messages, edits, private requests, captions and bios alike.
        "blocked_with_case": _decided(decisions, BLOCKED_WITH_CASE_TALLY),
    }


def _decided(decisions: Mapping[tuple[str, str], int], decision: str) -> dict[str, Any]:
    return {
        "messages": decisions.get((decision, ""), 0),
        "by_reason": {
            reason: n
            for (made, reason), n in sorted(decisions.items())
            if made == decision and reason
        },
    }


def _for_kind(actions: Mapping[tuple[str, str], int], kind: CaseKind) -> dict[str, int]:
    return {action: n for (case_kind, action), n in actions.items() if case_kind == kind.value}


def _sum_by(counts: Mapping[tuple[str, str], int], index: int) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for key, n in counts.items():
        totals[key[index]] += n
    return dict(totals)


def _per_reason(counts: Mapping[tuple[str, ...], int]) -> dict[str, int]:
    """A case carrying several reasons counts once under each."""
    totals: Counter[str] = Counter()
    for reasons, n in counts.items():
        for reason in set(reasons):
            totals[reason] += n
    return dict(totals)


def _spread(
    counts: Mapping[str, int], listed: Iterable[str], *, only_listed: bool = False
) -> dict[str, int]:
    """Every listed key, zeros included (a published table keeps its rows
    from one year to the next), then any other key seen, sorted."""
    listed = tuple(listed)
    spread = {key: counts.get(key, 0) for key in listed}
    if not only_listed:
        spread.update({key: n for key, n in sorted(counts.items()) if key not in spread})
    return spread


def _seconds(value: float | None) -> int | None:
    return None if value is None else round(value)


def _key(item: tuple[str | None, int]) -> str:
    return item[0] or "~"  # "unknown" last
