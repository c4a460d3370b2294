"""Moderation repositories on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

from tests.factories import Store, at, make_user

from causerie.domain.models import AccountStatus
from causerie.domain.moderation import (
    AttestationNonce,
    Case,
    CaseKind,
    CaseStatus,
    DeviceSignal,
    Evidence,
    HeldMessage,
    Notice,
    NoticeKind,
    Severity,
    TargetType,
)
from causerie.ports import UnitOfWorkFactory


def _case(n: int, severity: Severity, **overrides: object) -> Case:
    values: dict[str, object] = {
        "id": f"case{n}",
        "kind": CaseKind.REPORT,
        "severity": severity,
        "status": CaseStatus.OPEN,
        "target_type": TargetType.USER,
        "target_id": f"user{n}",
        "reasons": ("spam",),
        "created_at": at(n),
    }
    values.update(overrides)
    return Case(**values)  # type: ignore[arg-type]


async def test_queue_orders_by_severity_then_age(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory(write=True) as uow:
        for case in (
            _case(1, Severity.LOW),
            _case(2, Severity.CRITICAL),
            _case(3, Severity.HIGH),
            _case(4, Severity.CRITICAL),
            _case(5, Severity.MEDIUM, status=CaseStatus.CLOSED),
            _case(6, Severity.HIGH, kind=CaseKind.APPEAL),
        ):
            await uow.cases.add(case)
        await uow.commit()
    async with uow_factory() as uow:
        queue = await uow.cases.queue(CaseStatus.OPEN, None, 100)
        appeals = await uow.cases.queue(CaseStatus.OPEN, CaseKind.APPEAL, 100)
        closed = await uow.cases.queue(CaseStatus.CLOSED, None, 100)
        joinable = await uow.cases.open_for_target(CaseKind.REPORT, "user", "user3")
    assert [c.id for c in queue] == ["case2", "case4", "case3", "case6", "case1"]
    assert [c.id for c in appeals] == ["case6"] and [c.id for c in closed] == ["case5"]
    assert joinable is not None and joinable.reasons == ("spam",)


async def test_case_update_and_evidence_round_trip(uow_factory: UnitOfWorkFactory) -> None:
    content = {"content": {"text": "é"}, "context": [{"seq": 1}], "users": []}
    async with uow_factory(write=True) as uow:
        await uow.cases.add(_case(1, Severity.LOW))
        await uow.cases.add_evidence(
            Evidence(id="e1", case_id="case1", kind="snapshot", created_at=at(1), content=content)
        )
        updated = await uow.cases.update(
            "case1", severity=Severity.CRITICAL, reasons=("spam", "threat"), signals=({"a": 1},)
        )
        await uow.commit()
    assert updated.severity is Severity.CRITICAL and updated.signals == ({"a": 1},)
    async with uow_factory() as uow:
        [item] = await uow.cases.evidence("case1")
        queue = await uow.cases.queue(CaseStatus.OPEN, None, 10)
    assert item.content == content and item.legal_hold
    assert queue[0].reasons == ("spam", "threat")


async def test_notices_newest_first(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory(write=True) as uow:
        for n in range(3):
            await uow.notices.add(
                Notice(id=f"n{n}", user_id="u", kind=NoticeKind.SAFETY, created_at=at(n), text="t")
            )
        await uow.commit()
    async with uow_factory() as uow:
        assert [n.id for n in await uow.notices.for_user("u", 10)] == ["n2", "n1", "n0"]
        assert await uow.notices.get("n1") is not None


async def test_held_message_is_idempotent_per_client_id(uow_factory: UnitOfWorkFactory) -> None:
    held = HeldMessage(
        id="h1",
        room_id="r",
        author_id="a",
        author_pseudo="A",
        text="x",
        client_id="c",
        reasons=("threat",),
        created_at=at(),
    )
    async with uow_factory(write=True) as uow:
        first = await uow.held.add(held)
        again = await uow.held.add(replace(held, id="h2"))
        await uow.commit()
    assert first.id == again.id == "h1" and again.reasons == ("threat",)


async def test_nonce_is_consumed_once_by_its_session(uow_factory: UnitOfWorkFactory) -> None:
    nonce = AttestationNonce(
        nonce_hash="h", user_id="u", session_id="s", created_at=at(), expires_at=at(600)
    )
    async with uow_factory(write=True) as uow:
        await uow.nonces.add(nonce)
        assert not await uow.nonces.consume("h", "other-session", at(1))
        assert not await uow.nonces.consume("h", "s", at(601))  # expired
        assert await uow.nonces.consume("h", "s", at(1))
        assert not await uow.nonces.consume("h", "s", at(2))  # single use
        await uow.commit()


async def test_banned_matches_by_device_or_network(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    banned = make_user(status=AccountStatus.BANNED)
    active = make_user()
    await store(banned, active)
    async with uow_factory(write=True) as uow:
        await uow.devices.record(DeviceSignal(banned.id, "dev1", "net1", at()))
        await uow.devices.record(DeviceSignal(active.id, "dev1", "net1", at()))
        await uow.devices.record(DeviceSignal(banned.id, "dev1", "net1", at(5)))  # refresh
        await uow.commit()
    async with uow_factory() as uow:
        by_device = await uow.devices.banned_matches("dev1", "other", "newcomer")
        by_network = await uow.devices.banned_matches("dev9", "net1", "newcomer")
        none = await uow.devices.banned_matches("dev9", "net9", "newcomer")
    assert [(s.user_id, same) for s, same in by_device] == [(banned.id, True)]
    assert [(s.user_id, same) for s, same in by_network] == [(banned.id, False)]
    assert by_device[0][0].seen_at == at(5) and none == []
