"""``CaseRepo.reporters_of`` on SQLite and PostgreSQL: the moderation queue
reads every case's reporters in one query (separation of duties)."""

from __future__ import annotations

from tests.factories import at

from causerie.domain.moderation import Case, CaseKind, CaseStatus, Report, Severity, TargetType
from causerie.ports import UnitOfWorkFactory


def _case(n: int) -> Case:
    return Case(
        id=f"case{n}",
        kind=CaseKind.REPORT,
        severity=Severity.LOW,
        status=CaseStatus.OPEN,
        target_type=TargetType.USER,
        target_id=f"user{n}",
        reasons=("spam",),
        created_at=at(n),
    )


def _report(n: int, case_id: str, reporter: str) -> Report:
    return Report(
        id=f"report{n}",
        case_id=case_id,
        reporter_id=reporter,
        target_type=TargetType.USER,
        target_id="x",
        reason="spam",
        details="",
        created_at=at(n),
    )


async def test_reporters_of_many_cases_at_once(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory(write=True) as uow:
        for n in (1, 2, 3):
            await uow.cases.add(_case(n))
        await uow.cases.add_report(_report(1, "case1", "alice"))
        await uow.cases.add_report(_report(2, "case1", "bob"))
        await uow.cases.add_report(_report(3, "case1", "alice"))
        await uow.cases.add_report(_report(4, "case2", "carol"))
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.cases.reporters_of(["case1", "case2", "case3", "nope"])
        none = await uow.cases.reporters_of([])
    assert found == {"case1": {"alice", "bob"}, "case2": {"carol"}}
    assert none == {}
