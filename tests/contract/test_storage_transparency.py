"""TransparencyRepo (the DSA report's aggregates) on SQLite and PostgreSQL:
period boundaries, medians of odd and even counts, reasons stored as JSON."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from causerie.domain.moderation import (
    Action,
    Case,
    CaseAction,
    CaseKind,
    CaseStatus,
    HeldMessage,
    HeldState,
    Notice,
    NoticeKind,
    Report,
    Severity,
    TargetType,
)
from causerie.ports import TransparencyRepo, TransparencyUnitOfWork, UnitOfWork, UnitOfWorkFactory

START = datetime(2025, 1, 1, tzinfo=UTC)
END = datetime(2026, 1, 1, tzinfo=UTC)
HOUR = timedelta(hours=1)
# Microseconds on purpose: a boundary must hold to the microsecond.
TICK = timedelta(microseconds=1)


def repo(uow: UnitOfWork) -> TransparencyRepo:
    assert isinstance(uow, TransparencyUnitOfWork)
    return uow.transparency


def case(
    name: str,
    kind: CaseKind,
    opened: datetime,
    closed: datetime | None = None,
    reasons: tuple[str, ...] = ("spam",),
    notice_id: str | None = None,
) -> Case:
    return Case(
        id=name,
        kind=kind,
        severity=Severity.LOW,
        status=CaseStatus.OPEN if closed is None else CaseStatus.CLOSED,
        target_type=TargetType.USER,
        target_id=f"target-{name}",
        reasons=reasons,
        created_at=opened,
        closed_at=closed,
        notice_id=notice_id,
    )


def report(name: str, case_id: str, filed: datetime, reason: str = "spam") -> Report:
    return Report(
        id=name,
        case_id=case_id,
        reporter_id=f"reporter-{name}",
        target_type=TargetType.USER,
        target_id="someone",
        reason=reason,
        details="",
        created_at=filed,
    )


def action(
    name: str, case_id: str, taken: datetime, what: Action, subject: str | None
) -> CaseAction:
    return CaseAction(
        id=name,
        case_id=case_id,
        moderator_id="mod",
        action=what,
        rule="r",
        facts="f",
        created_at=taken,
        subject_id=subject,
    )


async def test_reports_counted_in_the_period_and_medians_from_each_report(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory(write=True) as uow:
        # Opened before the period, decided in it: decided, not received.
        await uow.cases.add(case("c0", CaseKind.REPORT, START - HOUR, START + 5 * HOUR))
        await uow.cases.add_report(report("r0", "c0", START - HOUR))
        # Two reports joined one case: each is timed from its own filing.
        await uow.cases.add(case("c1", CaseKind.REPORT, START, START + 4 * HOUR))
        await uow.cases.add_report(report("r1", "c1", START, "hate"))
        await uow.cases.add_report(report("r2", "c1", START + HOUR, "hate"))
        # Filed on the last microsecond, decided after: received and pending.
        await uow.cases.add(case("c2", CaseKind.REPORT, END - TICK, END))
        await uow.cases.add_report(report("r3", "c2", END - TICK, "threat"))
        # Filed exactly at the end: next period.
        await uow.cases.add(case("c3", CaseKind.REPORT, END))
        await uow.cases.add_report(report("r4", "c3", END))
        await uow.commit()
    async with uow_factory() as uow:
        received = await repo(uow).reports_received(START, END)
        decided = await repo(uow).reports_decided(START, END)
        pending = await repo(uow).reports_pending(START, END)
        empty = await repo(uow).reports_decided(END + HOUR, END + 2 * HOUR)
        next_period = await repo(uow).reports_decided(END, END + HOUR)
    assert received == {("hate", "user"): 2, ("threat", "user"): 1}
    # 6 h (r0), 4 h (r1), 3 h (r2): odd count, the middle one.
    assert decided[0] == 3 and round(decided[1] or 0) == 4 * 3600
    assert pending == 1
    assert empty == (0, None)
    # One decision, a microsecond after its report.
    assert next_period[0] == 1 and (next_period[1] or 0) < 0.01


async def test_cases_by_kind_medians_of_an_even_count_and_pending(
    uow_factory: UnitOfWorkFactory,
) -> None:
    auto = CaseKind.AUTOMATIC
    async with uow_factory(write=True) as uow:
        await uow.cases.add(case("a1", auto, START, START + 2 * HOUR, ("held_by_filter",)))
        await uow.cases.add(case("a2", auto, START, START + 6 * HOUR, ("held_by_filter",)))
        await uow.cases.add(
            case("a3", auto, START + HOUR, START + 11 * HOUR, ("risk_medium", "risk_high"))
        )
        await uow.cases.add(case("a4", auto, START + HOUR, END + HOUR, ("risk_high",)))
        await uow.cases.add(case("a5", auto, END - HOUR, None, ("possible_ban_evasion",)))
        await uow.cases.add(case("x1", CaseKind.REPORT, START, START + HOUR))
        await uow.commit()
    async with uow_factory() as uow:
        opened = await repo(uow).cases_opened(auto, START, END)
        decided = await repo(uow).cases_decided(auto, START, END)
        pending = await repo(uow).cases_pending(auto, START, END)
    assert opened == {
        ("held_by_filter",): 2,
        ("risk_medium", "risk_high"): 1,
        ("risk_high",): 1,
        ("possible_ban_evasion",): 1,
    }
    # 2 h, 6 h, 10 h: a4 closed after the end. Then add a fourth below.
    assert decided[0] == 3 and round(decided[1] or 0) == 6 * 3600
    assert pending == 2  # a4 (closed after the end) and a5 (open)
    async with uow_factory(write=True) as uow:
        await uow.cases.add(case("a6", auto, START, START + 4 * HOUR, ("risk_medium",)))
        await uow.commit()
    async with uow_factory() as uow:
        count, median = await repo(uow).cases_decided(auto, START, END)
    # 2, 4, 6, 10 h: the two middle ones averaged.
    assert count == 4 and round(median or 0) == 5 * 3600


async def test_actions_accounts_held_messages_and_appeals(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory(write=True) as uow:
        await uow.cases.add(case("r", CaseKind.REPORT, START))
        await uow.cases.add(case("a", CaseKind.AUTOMATIC, START))
        await uow.cases.add(case("p", CaseKind.APPEAL, START, notice_id="n1"))
        await uow.cases.add(case("q", CaseKind.APPEAL, START + HOUR, notice_id="gone"))
        await uow.cases.add(case("old", CaseKind.APPEAL, START - HOUR, notice_id="n1"))
        for n, (case_id, what, subject, taken) in enumerate(
            [
                ("r", Action.SUSPEND, "u1", START),
                ("r", Action.SUSPEND, "u1", START + HOUR),  # same account twice
                ("r", Action.SUSPEND, "u2", START + HOUR),
                ("r", Action.DISMISS, "u3", START),
                ("r", Action.BAN, "u4", END),  # after the period
                ("a", Action.RELEASE, None, START),
                ("a", Action.DELETE_MESSAGE, "u5", START),
                ("p", Action.LIFT, "u1", START + 2 * HOUR),
            ]
        ):
            await uow.cases.add_action(action(f"act{n}", case_id, taken, what, subject))
        for n, (reasons, state, created) in enumerate(
            [
                (("threat",), HeldState.RELEASED, START),
                (("threat",), HeldState.DELETED, START),
                (("threat", "phone_number"), HeldState.HELD, START),
                (("threat",), HeldState.HELD, END),
            ]
        ):
            await uow.held.add(
                HeldMessage(
                    id=f"h{n}",
                    room_id="room",
                    author_id="author",
                    author_pseudo="author",
                    text="…",
                    client_id=f"c{n}",
                    reasons=reasons,
                    created_at=created,
                    state=state,
                )
            )
        await uow.notices.add(
            Notice(
                id="n1",
                user_id="u1",
                kind=NoticeKind.SANCTION,
                created_at=START,
                text="…",
                appealable=True,
                action="suspend",
            )
        )
        await uow.commit()
    async with uow_factory() as uow:
        actions = await repo(uow).actions_taken(START, END)
        accounts = await repo(uow).accounts_restricted(START, END)
        held = await repo(uow).held_messages(START, END)
        appeals = await repo(uow).appeals_by_action(START, END)
    assert actions == {
        ("report", "suspend"): 3,
        ("report", "dismiss"): 1,
        ("automatic", "release"): 1,
        ("automatic", "delete_message"): 1,
        ("appeal", "lift"): 1,
    }
    assert accounts == {"suspend": 2, "dismiss": 1, "delete_message": 1, "lift": 1}
    assert held == {
        (("threat",), "released"): 1,
        (("threat",), "deleted"): 1,
        (("threat", "phone_number"), "held"): 1,
    }
    # The appeal whose notice was purged (an erased account) has no action.
    assert appeals == {"suspend": 1, None: 1}


async def test_filter_tally_adds_up_per_day_and_reads_by_period(
    uow_factory: UnitOfWorkFactory,
) -> None:
    first, second = datetime(2025, 3, 1, tzinfo=UTC).date(), datetime(2025, 3, 2, tzinfo=UTC).date()
    for _ in range(2):  # a second store adds to the first, never replaces it
        async with uow_factory(write=True) as uow:
            await repo(uow).add_filter_decisions(
                {(first, "block", ""): 2, (first, "block", "link"): 2, (second, "mask", ""): 1}
            )
            await uow.commit()
    async with uow_factory() as uow:
        tally = repo(uow)
        both = await tally.filter_decisions(first, second + timedelta(days=1))
        assert both == {("block", ""): 4, ("block", "link"): 4, ("mask", ""): 2}
        assert await tally.filter_decisions(second, second + timedelta(days=1)) == {("mask", ""): 2}
        assert await tally.filter_decisions(first, first) == {}
