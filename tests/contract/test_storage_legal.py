"""LegalRepo on SQLite and PostgreSQL: each record of the legal desk comes
back as it went in (enums, a requisition's scope, a ban's device hashes,
aware moments), ``update_*`` change only what their patch names, and the
statements of reasons' input arrives typed with its trusted flagger."""

from __future__ import annotations

from typing import Any

import pytest
from tests.factories import Store, at, make_user

from causerie.domain.errors import NotFound
from causerie.domain.legal import (
    Decision,
    DsaNotice,
    HoldSubject,
    IdentificationRecord,
    JudicialBan,
    LegalHold,
    Mail,
    NoticeOutcome,
    NotifierStanding,
    PackageStatus,
    Requisition,
    RequisitionStatus,
    Scope,
    ThreatPackage,
    TrustedFlagger,
)
from causerie.domain.moderation import (
    Action,
    Case,
    CaseAction,
    CaseKind,
    CaseStatus,
    Severity,
    TargetType,
)
from causerie.ports import (
    LegalRepo,
    LegalUnitOfWork,
    PrivacyUnitOfWork,
    UnitOfWork,
    UnitOfWorkFactory,
)

MS = at(-3600).replace(microsecond=123000)


def legal(uow: UnitOfWork) -> LegalRepo:
    assert isinstance(uow, LegalUnitOfWork)
    return uow.legal


def notice(n: int, case_id: str, **fields: Any) -> DsaNotice:
    values: dict[str, Any] = {
        "id": f"notice{n}",
        "case_id": case_id,
        "target_url": f"https://causerie.example/u/{n}",
        "reason": "hate",
        "explanation": "Propos haineux.",
        "name": "Claire",
        "email": "claire@x.test",
        "flagger_id": None,
        "lang": "fr",
        "created_at": at(n),
    }
    values.update(fields)
    return DsaNotice(**values)


def requisition(n: int, **fields: Any) -> Requisition:
    values: dict[str, Any] = {
        "id": f"req{n}",
        "requester": "OPJ Dupont",
        "legal_basis": "cpp_60_1",
        "case_reference": f"PV {n}",
        # The scope is kept as JSON, its moments in RFC 3339 (milliseconds).
        "scope": Scope(("u1", "u2"), ("room1",), MS, None),
        "deadline": at(86400 * n),
        "emergency": False,
        "status": RequisitionStatus.RECEIVED,
        "recipient_key": None,
        "created_by": "clerk1",
        "created_at": at(n),
    }
    values.update(fields)
    return Requisition(**values)


async def test_notices_round_trip_and_count_their_outcomes(
    uow_factory: UnitOfWorkFactory,
) -> None:
    first = notice(1, "case1")
    anonymous = notice(2, "case1", name=None, email=None, reason="minor_at_risk")
    flagged = notice(3, "case2", flagger_id="flagger1", email=None)
    async with uow_factory(write=True) as uow:
        for item in (first, anonymous, flagged):
            await legal(uow).add_notice(item)
        await uow.commit()
    async with uow_factory(write=True) as uow:
        repo = legal(uow)
        assert await repo.get_notice("notice1") == first
        assert await repo.get_notice("nope") is None
        assert await repo.notices_of_case("case1") == [first, anonymous]
        decided = await repo.update_notice(
            "notice1", outcome=NoticeOutcome.UNFOUNDED, decided_at=at(10)
        )
        assert decided == notice(1, "case1", outcome=NoticeOutcome.UNFOUNDED, decided_at=at(10))
        assert decided.outcome is NoticeOutcome.UNFOUNDED
        await repo.update_notice("notice3", outcome=NoticeOutcome.FOUNDED, decided_at=at(11))
        assert await repo.outcomes_of(email="claire@x.test", flagger_id=None) == [
            NoticeOutcome.UNFOUNDED
        ]
        assert await repo.outcomes_of(email=None, flagger_id="flagger1") == [NoticeOutcome.FOUNDED]
        counts = sorted(await repo.notice_counts(at(0), at(3)), key=lambda c: c[0])
        assert counts == [("hate", False, NoticeOutcome.UNFOUNDED), ("minor_at_risk", False, None)]
        with pytest.raises(NotFound):
            await repo.update_notice("nope", outcome=NoticeOutcome.FOUNDED)
        # Only what the patch names may change (mypy refuses it first).
        with pytest.raises(TypeError):
            await repo.update_notice("notice1", reason="spam")  # type: ignore[call-arg]


async def test_mail_waits_until_due_and_is_marked_sent(uow_factory: UnitOfWorkFactory) -> None:
    now = at(0)
    waiting = Mail("mail1", "a@x.test", "Objet", "Corps", "ref1", now, 0, now)
    later = Mail("mail2", "b@x.test", "Objet", "Corps", "ref1", at(1), 1, at(600))
    async with uow_factory(write=True) as uow:
        await legal(uow).add_mail(waiting)
        await legal(uow).add_mail(later)
        await uow.commit()
    async with uow_factory(write=True) as uow:
        repo = legal(uow)
        assert await repo.due_mail(at(60), 10) == [waiting]
        assert await repo.mail_for_ref("ref1") == [waiting, later]
        sent = await repo.update_mail("mail1", attempts=1, sent_at=at(61), last_error=None)
        assert (sent.attempts, sent.sent_at, sent.to_addr) == (1, at(61), "a@x.test")
        assert await repo.mail(unsent_only=True, limit=10) == [later]
        assert await repo.mail(unsent_only=False, limit=10) == [sent, later]
        await uow.commit()


async def test_requisitions_keep_their_scope_and_go_emergencies_first(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ordinary, urgent = requisition(1), requisition(2, emergency=True, recipient_key="a2V5")
    async with uow_factory(write=True) as uow:
        await legal(uow).add_requisition(ordinary)
        await legal(uow).add_requisition(urgent)
        await uow.commit()
    async with uow_factory(write=True) as uow:
        repo = legal(uow)
        got = await repo.get_requisition("req1")
        assert got == ordinary
        assert got is not None and got.scope.start == MS and got.scope.end is None
        assert got.status is RequisitionStatus.RECEIVED and got.emergency is False
        assert [r.id for r in await repo.requisitions(10)] == ["req2", "req1"]
        approved = await repo.update_requisition(
            "req1", status=RequisitionStatus.APPROVED, approved_by="clerk2", approved_at=at(5)
        )
        assert approved.status is RequisitionStatus.APPROVED
        assert (approved.approved_by, approved.approved_at) == ("clerk2", at(5))
        assert approved.scope == ordinary.scope
        with pytest.raises(NotFound):
            await repo.update_requisition("nope", status=RequisitionStatus.EXPORTED)


async def test_holds_freeze_their_subjects_until_they_end(uow_factory: UnitOfWorkFactory) -> None:
    holds = [
        LegalHold(f"hold{n}", "order1", kind, subject, "H-1", at(100), "clerk1", at(0))
        for n, (kind, subject) in enumerate(
            [(HoldSubject.USER, "u1"), (HoldSubject.ROOM, "room1"), (HoldSubject.USER, "u2")]
        )
    ]
    async with uow_factory(write=True) as uow:
        for hold in holds:
            await legal(uow).add_hold(hold)
        await uow.commit()
    async with uow_factory(write=True) as uow:
        repo = legal(uow)
        assert await repo.holds_of_order("order1") == [holds[1], holds[0], holds[2]]
        assert await repo.held(HoldSubject.USER, at(50)) == {"u1", "u2"}
        assert await repo.held(HoldSubject.ROOM, at(50)) == {"room1"}
        assert await repo.held(HoldSubject.USER, at(100)) == set()
        assert await repo.extend_order("order1", at(200)) == 3
        assert await repo.held(HoldSubject.USER, at(150)) == {"u1", "u2"}


async def test_a_sealed_identification_record_comes_back_typed(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    user = make_user(email="x@y.test")
    await store(user)
    async with uow_factory(write=True) as uow:
        assert isinstance(uow, PrivacyUnitOfWork)
        await uow.privacy.keep_identification(user, at(50))
        await uow.commit()
    async with uow_factory() as uow:
        assert await legal(uow).identification_record(user.id) == IdentificationRecord(
            user.id, user.pseudo, "x@y.test", user.created_at, at(50)
        )
        assert await legal(uow).identification_record("nobody") is None


async def test_a_ban_keeps_its_device_hashes_once_executed(uow_factory: UnitOfWorkFactory) -> None:
    ban = JudicialBan("ban1", "u1", "TJ Lyon", "n 1", at(0), at(1000), None, (), "clerk1")
    async with uow_factory(write=True) as uow:
        await legal(uow).add_ban(ban)
        await uow.commit()
    async with uow_factory(write=True) as uow:
        repo = legal(uow)
        assert await repo.get_ban("ban1") == ban
        assert await repo.unexecuted_bans(at(10)) == [ban]
        assert await repo.banned_devices(at(10)) == set()
        executed = await repo.update_ban("ban1", executed_at=at(20), device_hashes=("d1", "d2"))
        assert executed.device_hashes == ("d1", "d2") and executed.executed_at == at(20)
        assert await repo.bans(10) == [executed]
        assert await repo.unexecuted_bans(at(30)) == []
        assert await repo.banned_devices(at(30)) == {"d1", "d2"}
        assert await repo.ban_ends("u1", at(30)) == [at(1000)]
        assert await repo.banned_devices(at(1000)) == set()


async def test_a_package_is_tracked_and_its_case_no_longer_waits(
    uow_factory: UnitOfWorkFactory,
) -> None:
    case = Case(
        "case1", CaseKind.REPORT, Severity.CRITICAL, CaseStatus.OPEN, TargetType.USER, "u1",
        ("threat",), at(0), threat_to_life=True,
    )  # fmt: skip
    async with uow_factory(write=True) as uow:
        await uow.cases.add(case)
        assert await legal(uow).threat_cases_without_package(10) == ["case1"]
        package = ThreatPackage("pkg1", "case1", '{"what": 1}', PackageStatus.PREPARED, at(1))
        await legal(uow).add_package(package)
        await uow.commit()
    async with uow_factory(write=True) as uow:
        repo = legal(uow)
        assert await repo.threat_cases_without_package(10) == []
        assert await repo.package_of_case("case1") == package
        sent = await repo.update_package(
            "pkg1", status=PackageStatus.SENT, sent_at=at(2), sent_to="PHAROS"
        )
        assert sent.status is PackageStatus.SENT and sent.sent_to == "PHAROS"
        assert await repo.get_package("pkg1") == sent
        assert await repo.packages(10) == [sent]


async def test_flaggers_and_standing(uow_factory: UnitOfWorkFactory) -> None:
    flagger = TrustedFlagger("f1", "e-Enfance", "hash1", at(0))
    async with uow_factory(write=True) as uow:
        repo = legal(uow)
        await repo.add_flagger(flagger)
        assert await repo.flagger_by_token("hash1") == flagger
        assert await repo.flagger_by_name("e-Enfance") == flagger
        revoked = await repo.update_flagger("f1", revoked_at=at(5))
        assert revoked.revoked_at == at(5) and await repo.flaggers() == [revoked]
        assert await repo.standing("email:a@x.test") is None
        warned = NotifierStanding("email:a@x.test", at(1), None, "2 unfounded")
        await repo.set_standing(warned)
        assert await repo.standing("email:a@x.test") == warned
        # Set whole: what the new standing leaves out is cleared.
        suspended = NotifierStanding("email:a@x.test", None, at(9), None)
        await repo.set_standing(suspended)
        assert await repo.standing("email:a@x.test") == suspended


async def test_decisions_carry_their_case_and_trusted_flagger(
    uow_factory: UnitOfWorkFactory,
) -> None:
    notice_case = Case(
        "case1", CaseKind.NOTICE, Severity.HIGH, CaseStatus.CLOSED, TargetType.URL,
        "https://x.test", ("hate", "spam"), at(0),
    )  # fmt: skip
    report_case = Case(
        "case2", CaseKind.AUTOMATIC, Severity.LOW, CaseStatus.CLOSED, TargetType.MESSAGE, "m1",
        ("risk_high",), at(1),
    )  # fmt: skip
    warn = CaseAction("act1", "case1", "mod1", Action.WARN, "Rule 3", "facts", at(10))
    mute = CaseAction("act2", "case2", "mod1", Action.MUTE, "Rule 1", "f", at(11), 24, "u1")
    dismiss = CaseAction("act3", "case2", "mod1", Action.DISMISS, "-", "-", at(12))
    async with uow_factory(write=True) as uow:
        for case in (notice_case, report_case):
            await uow.cases.add(case)
        for action in (warn, mute, dismiss):
            await uow.cases.add_action(action)
        await legal(uow).add_flagger(TrustedFlagger("f1", "Point de Contact", "h", at(0)))
        await legal(uow).add_notice(notice(1, "case1", flagger_id="f1"))
        await uow.commit()
    async with uow_factory() as uow:
        found = await legal(uow).decisions(
            at(0), at(20), [Action.WARN, Action.MUTE, Action.SUSPEND]
        )
    assert found == [
        Decision(
            warn, CaseKind.NOTICE, ("hate", "spam"), TargetType.URL, at(0), "Point de Contact"
        ),
        Decision(mute, CaseKind.AUTOMATIC, ("risk_high",), TargetType.MESSAGE, at(1), None),
    ]
    # [start, end): the action at ``end`` is left for the next period.
    async with uow_factory() as uow:
        window = await legal(uow).decisions(at(11), at(12), list(Action))
    assert [d.action.id for d in window] == ["act2"]
