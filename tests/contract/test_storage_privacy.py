"""PrivacyRepo (export reads, erasure writes, retention purge) and
AuditRepo.latest, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.factories import (
    T0,
    Store,
    at,
    make_block,
    make_conversation,
    make_dm_room,
    make_message,
    make_room,
    make_session,
    make_user,
)

from causerie.domain.models import AccountStatus, ConversationState
from causerie.domain.moderation import (
    Action,
    AttestationNonce,
    Case,
    CaseAction,
    CaseKind,
    CaseStatus,
    DeviceSignal,
    Evidence,
    HeldMessage,
    HeldState,
    Notice,
    NoticeKind,
    Report,
    Severity,
    TargetType,
)
from causerie.ports import PrivacyRepo, PrivacyUnitOfWork, UnitOfWork, UnitOfWorkFactory
from causerie.services.audit import verify

DAY = 86400.0
CUTOFF = at(100 * DAY)


def privacy(uow: UnitOfWork) -> PrivacyRepo:
    assert isinstance(uow, PrivacyUnitOfWork)
    return uow.privacy


async def test_messages_by_pages_one_authors_messages_in_client_id_order(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    author, other = make_user(), make_user()
    room = make_room()
    client_ids = {1: "e", 3: "a", 4: "d", 6: "b", 7: "c"}
    mine = [make_message(room, author, seq, client_id=c) for seq, c in client_ids.items()]
    theirs = [make_message(room, other, 2, client_id="0"), make_message(room, other, 5)]
    await store(author, other, room, *mine, *theirs)
    pages = []
    after: str | None = None
    async with uow_factory() as uow:
        while True:
            page = await privacy(uow).messages_by(author.id, after, 2)
            pages.append([m.seq for m in page])
            if len(page) < 2:
                break
            after = page[-1].client_id
    assert pages == [[3, 6], [7, 4], [1]]


async def test_erase_messages_blanks_in_chunks_and_returns_them_as_they_were(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    author, other = make_user(), make_user()
    room = make_room()
    mine = [make_message(room, author, seq, deleted=seq == 2) for seq in (1, 2, 3)]
    theirs = make_message(room, other, 4)
    await store(author, other, room, *mine, theirs)
    seen = []
    after: str | None = None
    async with uow_factory(write=True) as uow:
        while True:
            chunk = await privacy(uow).erase_messages(author.id, "gone", after, 2)
            seen.extend(chunk)
            if len(chunk) < 2:
                break
            after = chunk[-1].client_id
        again = await privacy(uow).erase_messages(author.id, "gone", None, 10)
        await uow.commit()
    # Returned as they were before blanking (text, deleted flag), each once.
    assert sorted((m.seq, m.text, m.deleted) for m in seen) == [
        (1, "message 1", False),
        (2, "message 2", True),
        (3, "message 3", False),
    ]
    assert again == []  # nothing left to blank: an erasure can be run twice
    async with uow_factory() as uow:
        stored = await uow.messages.after(room.id, 0, 10, 10)
    assert [(m.seq, m.text, m.deleted, m.author_pseudo) for m in stored] == [
        (1, "", True, "gone"),
        (2, "", True, "gone"),
        (3, "", True, "gone"),
        (4, "message 4", False, other.pseudo),
    ]


async def test_identity_is_sealed_once_and_the_pseudo_key_set_free(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    user = make_user(email="a@example.org")
    await store(user)
    async with uow_factory(write=True) as uow:
        await privacy(uow).keep_identification(user, at(10))
        await privacy(uow).keep_identification(replace(user, pseudo="Later"), at(20))
        await privacy(uow).replace_pseudo_key(user.id, f"erased:{user.id}")
        await uow.commit()
    async with uow_factory(write=True) as uow:
        assert await uow.users.by_pseudo_key(user.pseudo_key) is None
        # Someone else may now take the pseudonym.
        await uow.users.add(make_user(pseudo=user.pseudo, pseudo_key=user.pseudo_key))
        await uow.commit()
    async with uow_factory() as uow:
        # The first sealed record stands; it is purged a year after closing.
        assert await privacy(uow).count_expired(at(10)) == _counts()
        assert (await privacy(uow).count_expired(at(11)))["identification_records"] == 1


def _counts(**nonzero: int) -> dict[str, int]:
    kinds = (
        "sessions",
        "device_signals",
        "attestation_nonces",
        "payment_references",
        "payment_events",
        "identification_records",
        "notices_of_erased",
        "edits_of_erased",
        "last_seen",
        "erased_messages",
    )
    return {kind: nonzero.get(kind, 0) for kind in kinds}


async def test_remove_blocks_both_ways_and_pending_requests_only(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    user, a, b, c, d = (make_user() for _ in range(5))
    rooms = [make_dm_room() for _ in range(4)]
    pending_out = make_conversation(rooms[0], user, a)
    pending_in = make_conversation(rooms[1], b, user)
    open_one = make_conversation(rooms[2], user, c, state=ConversationState.OPEN)
    unrelated = make_conversation(rooms[3], a, b)
    await store(user, a, b, c, d, *rooms, pending_out, pending_in, open_one, unrelated)
    await store(make_block(user, a), make_block(b, user), make_block(c, d))
    async with uow_factory(write=True) as uow:
        others = await privacy(uow).remove_blocks(user.id)
        removed = await privacy(uow).remove_pending_requests(user.id)
        await uow.commit()
    assert others == sorted([a.id, b.id])
    assert {r.room_id for r in removed} == {rooms[0].id, rooms[1].id}
    async with uow_factory() as uow:
        assert await uow.blocks.hidden_for(user.id) == frozenset()
        assert await uow.blocks.hidden_for(d.id) == {c.id}
        assert [x.room_id for x in await uow.conversations.for_user(user.id)] == [rooms[2].id]
        assert await uow.conversations.get(rooms[3].id) == unrelated


async def _moderation_rows(uow: UnitOfWork, user_id: str, other_id: str) -> None:
    case = Case(
        id="case1",
        kind=CaseKind.REPORT,
        severity=Severity.LOW,
        status=CaseStatus.CLOSED,
        target_type=TargetType.USER,
        target_id=user_id,
        reasons=("spam",),
        created_at=at(1),
        subject_id=user_id,
    )
    await uow.cases.add(case)
    await uow.cases.add_evidence(
        Evidence(id="ev1", case_id="case1", kind="snapshot", created_at=T0, content={"x": 1})
    )
    for n, reporter in enumerate((other_id, user_id, other_id)):
        report = Report(f"r{n}", "case1", reporter, TargetType.USER, user_id, "spam", "", at(n))
        await uow.cases.add_report(report)
    for n, (action, subject) in enumerate(
        ((Action.WARN, user_id), (Action.DISMISS, other_id), (Action.LIFT, user_id))
    ):
        await uow.cases.add_action(
            CaseAction(f"a{n}", "case1", "mod", action, "rule", "facts", at(n), None, subject)
        )
    for n, owner in enumerate((user_id, other_id)):
        await uow.notices.add(Notice(f"n{n}", owner, NoticeKind.SAFETY, at(n), "hello"))
    for n, state in enumerate((HeldState.HELD, HeldState.RELEASED)):
        held = HeldMessage(f"h{n}", "room", user_id, "Me", f"held {n}", f"c{n}", ("x",), at(n))
        await uow.held.add(replace(held, state=state))
    await uow.held.add(HeldMessage("h9", "room", other_id, "O", "theirs", "c9", ("x",), at(9)))


async def test_export_reads_and_erasure_of_moderation_rows(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    user, other = make_user(), make_user()
    await store(user, other)
    async with uow_factory(write=True) as uow:
        await _moderation_rows(uow, user.id, other.id)
        await uow.commit()
    async with uow_factory() as uow:
        reports = await privacy(uow).reports_by(user.id)
        actions = await privacy(uow).actions_about(user.id)
        held = await privacy(uow).held_by(user.id)
    assert [r.id for r in reports] == ["r1"]
    assert [a.action for a in actions] == [Action.WARN, Action.LIFT]
    assert [(h.id, h.text) for h in held] == [("h0", "held 0"), ("h1", "held 1")]
    async with uow_factory(write=True) as uow:
        assert await privacy(uow).erase_held(user.id, "gone") == 2
        assert await privacy(uow).delete_notices(user.id) == 1
        await uow.commit()
    async with uow_factory() as uow:
        held = await privacy(uow).held_by(user.id)
        theirs = await uow.held.get("h9")
        kept_notice = await uow.notices.get("n1")
        evidence = await uow.cases.evidence("case1")
    # Still held: discarded (a moderator can no longer release it); released: stays so.
    assert [(h.state, h.text, h.author_pseudo) for h in held] == [
        (HeldState.DELETED, "", "gone"),
        (HeldState.RELEASED, "", "gone"),
    ]
    assert theirs is not None and theirs.text == "theirs"
    assert kept_notice is not None and await _notice_gone(uow_factory, "n0")
    assert [e.content for e in evidence] == [{"x": 1}]


async def _notice_gone(uow_factory: UnitOfWorkFactory, notice_id: str) -> bool:
    async with uow_factory() as uow:
        return await uow.notices.get(notice_id) is None


async def test_purge_deletes_exactly_what_is_older_than_the_cutoff(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    old_seen = make_user(last_seen_at=CUTOFF - timedelta(seconds=1))
    fresh_seen = make_user(last_seen_at=CUTOFF + timedelta(seconds=1))
    erased = make_user(status=AccountStatus.ERASED)
    before, after = CUTOFF - timedelta(seconds=1), CUTOFF + timedelta(seconds=1)
    sessions = {
        "revoked_long_ago": make_session(old_seen, revoked_at=before, expires_at=after),
        "expired_long_ago": make_session(old_seen, expires_at=before),
        "revoked_lately": make_session(old_seen, revoked_at=after, expires_at=after),
        "live": make_session(old_seen, expires_at=after),
    }
    await store(old_seen, fresh_seen, erased, *sessions.values())
    async with uow_factory(write=True) as uow:
        for n, seen in enumerate((before, after)):
            await uow.devices.record(DeviceSignal(old_seen.id, f"d{n}", "ip", seen))
            await uow.nonces.add(AttestationNonce(f"nonce{n}", old_seen.id, "s", T0, seen))
        await privacy(uow).keep_identification(erased, before)
        await privacy(uow).keep_identification(old_seen, after)
        await uow.notices.add(Notice("late", erased.id, NoticeKind.REPORT_OUTCOME, at(1), "t"))
        await uow.notices.add(Notice("kept", old_seen.id, NoticeKind.REPORT_OUTCOME, at(1), "t"))
        await _moderation_rows(uow, erased.id, old_seen.id)
        await uow.audit.append(at="2026", actor="a", action="legal_hold", subject="s", payload={})
        await uow.commit()
    expected = _counts(
        sessions=2,
        device_signals=1,
        attestation_nonces=1,
        identification_records=1,
        notices_of_erased=2,  # "late" and the safety notice of _moderation_rows
        last_seen=1,
    )
    async with uow_factory() as uow:
        assert await privacy(uow).count_expired(CUTOFF) == expected
    async with uow_factory(write=True) as uow:
        # One row per kind and per call: the caller loops until nothing is left.
        first = await privacy(uow).purge_expired(CUTOFF, 1)
        second = await privacy(uow).purge_expired(CUTOFF, 1)
        third = await privacy(uow).purge_expired(CUTOFF, 1)
        await uow.commit()
    expected.pop("erased_messages")
    assert {k: first[k] + second[k] + third[k] for k in first} == expected
    assert max(third.values()) == 0
    async with uow_factory() as uow:
        left = await privacy(uow).sessions_of(old_seen.id)
        signals = await privacy(uow).device_signals_of(old_seen.id)
        remaining = await privacy(uow).count_expired(CUTOFF)
        users = await uow.users.get_many([old_seen.id, fresh_seen.id])
        evidence = await uow.cases.evidence("case1")
        assert await uow.notices.get("kept") is not None
    assert {s.id for s in left} == {sessions["revoked_lately"].id, sessions["live"].id}
    assert [s.device_hash for s in signals] == ["d1"]
    assert remaining == _counts()
    assert users[old_seen.id].last_seen_at is None
    assert users[fresh_seen.id].last_seen_at == fresh_seen.last_seen_at
    # Legal hold and the audit log are out of the purge's reach.
    assert [e.content for e in evidence] == [{"x": 1}]
    assert (await verify(uow_factory)).entries == 1


async def test_unfinished_erasures_lists_erased_authors_with_text_left(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    erased, done, alive = (
        make_user(status=AccountStatus.ERASED),
        make_user(status=AccountStatus.ERASED),
        make_user(),
    )
    room = make_room()
    await store(erased, done, alive, room)
    await store(
        make_message(room, erased, 1),
        make_message(room, done, 2, text="", deleted=True),
        make_message(room, alive, 3),
    )
    async with uow_factory() as uow:
        assert await privacy(uow).unfinished_erasures(10) == [erased.id]
        assert (await privacy(uow).count_expired(CUTOFF))["erased_messages"] == 1


async def test_sessions_and_signals_of_one_user(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    user, other = make_user(), make_user()
    mine = [make_session(user, created_at=at(2)), make_session(user, created_at=at(1))]
    await store(user, other, *mine, make_session(other))
    async with uow_factory(write=True) as uow:
        await uow.devices.record(DeviceSignal(user.id, "dev", "ip", at(3)))
        await uow.devices.record(DeviceSignal(other.id, "dev", "ip", at(3)))
        await uow.commit()
    async with uow_factory() as uow:
        sessions = await privacy(uow).sessions_of(user.id)
        signals = await privacy(uow).device_signals_of(user.id)
    assert [s.id for s in sessions] == [mine[1].id, mine[0].id]
    assert signals == [DeviceSignal(user.id, "dev", "ip", at(3))]


async def test_audit_latest_finds_the_newest_entry_of_an_action(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory(write=True) as uow:
        assert await uow.audit.latest("retention.purge") is None
        for n, action in enumerate(("retention.purge", "legal_hold", "retention.purge", "x")):
            await uow.audit.append(at=f"t{n}", actor="a", action=action, subject="s", payload={})
        await uow.commit()
    async with uow_factory() as uow:
        latest = await uow.audit.latest("retention.purge")
    assert latest is not None and (latest.seq, latest.at) == (3, "t2")
