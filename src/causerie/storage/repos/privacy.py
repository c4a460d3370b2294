"""One person's data across the tables (GDPR export and erasure) and the
retention purge (LCEN). Evidence and the audit log are never touched here:
they outlive both on purpose (docs/privacy.md)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    delete,
    exists,
    func,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.exc import IntegrityError

from causerie.domain.models import (
    AccountStatus,
    Conversation,
    ConversationState,
    Message,
    Session,
    User,
)
from causerie.domain.moderation import (
    CaseAction,
    CaseStatus,
    DeviceSignal,
    HeldMessage,
    HeldState,
    Report,
)
from causerie.storage.repos._base import Repo
from causerie.storage.repos.cases import _report, action_of
from causerie.storage.repos.conversations import _conversation
from causerie.storage.repos.held import _held
from causerie.storage.repos.messages import _message
from causerie.storage.repos.sessions import _session
from causerie.storage.repos.signals import _signal
from causerie.storage.tables import (
    attestation_nonces,
    blocks,
    case_actions,
    cases,
    conversations,
    device_signals,
    entitlements,
    evidence,
    held_messages,
    identification_records,
    message_edits,
    messages,
    notices,
    payment_events,
    reports,
    sessions,
    users,
)

_ERASED = select(users.c.id).where(users.c.status == AccountStatus.ERASED)
_OPEN = cases.c.status == CaseStatus.OPEN.value


def _expired(
    cutoff: datetime, keep: Collection[str] = ()
) -> dict[str, tuple[Table, ColumnElement[bool]]]:
    """Rows the law no longer lets us keep, per kind: the table and the test.
    ``keep``: accounts under a preservation order (docs/legal.md), skipped."""
    found = {
        # A session's data dates from when it stopped working.
        "sessions": (
            sessions,
            or_(sessions.c.revoked_at < cutoff, sessions.c.expires_at < cutoff),
        ),
        "device_signals": (device_signals, device_signals.c.seen_at < cutoff),
        "attestation_nonces": (attestation_nonces, attestation_nonces.c.expires_at < cutoff),
        # Payment references (decree 2021-1362): kept as long as the sealed
        # identification record of the closed account, then deleted with it
        # (this entry comes first, while that record still names the account).
        "payment_references": (
            entitlements,
            entitlements.c.user_id.in_(
                select(identification_records.c.user_id).where(
                    identification_records.c.closed_at < cutoff
                )
            ),
        ),
        "payment_events": (payment_events, payment_events.c.received_at < cutoff),
        "identification_records": (
            identification_records,
            identification_records.c.closed_at < cutoff,
        ),
        # Notices sent to an account after it was erased (a report outcome,
        # an appeal decided late): nobody can read them any more.
        "notices_of_erased": (notices, notices.c.user_id.in_(_ERASED)),
        # The edit history an erasure kept because a case was open about it
        # (SqlPrivacyRepo.erase_messages): once no open case needs it, it
        # goes the way of the messages; the cases keep what they sealed.
        "edits_of_erased": (
            message_edits,
            and_(
                message_edits.c.author_id.in_(_ERASED),
                message_edits.c.author_id.not_in(
                    select(cases.c.subject_id).where(_OPEN, cases.c.subject_id.is_not(None))
                ),
                ~exists(
                    select(evidence.c.id)
                    .join(cases, cases.c.id == evidence.c.case_id)
                    .where(
                        _OPEN,
                        cases.c.target_type == "room",
                        cases.c.target_id == message_edits.c.room_id,
                        evidence.c.content.contains(message_edits.c.message_id),
                    )
                ),
            ),
        ),
    }
    if not keep:
        return found
    kept = list(keep)
    guarded = {}
    for kind, (table, test) in found.items():
        owner = _owner(table)
        guarded[kind] = (table, test if owner is None else and_(test, owner.not_in(kept)))
    return guarded


def _owner(table: Table) -> ColumnElement[Any] | None:
    """The account a row belongs to, for preservation orders: ``user_id``,
    or the author of an edit; None for rows that name no account."""
    for name in ("user_id", "author_id"):
        if name in table.c:
            return table.c[name]
    return None


def _key(table: Table) -> ColumnElement[Any]:
    columns = list(table.primary_key.columns)
    return columns[0] if len(columns) == 1 else tuple_(*columns)


class SqlPrivacyRepo(Repo):
    # --- export ---------------------------------------------------------------

    async def messages_by(
        self, author_id: str, after_client_id: str | None, limit: int
    ) -> list[Message]:
        # Walks the unique (author_id, client_id) index. Ordering by id (time)
        # would sort all of the author's rows again for every page: 17 times
        # slower at 100,000 messages on SQLite, and quadratic beyond.
        statement = select(messages).where(messages.c.author_id == author_id)
        if after_client_id is not None:
            statement = statement.where(messages.c.client_id > after_client_id)
        statement = statement.order_by(messages.c.client_id).limit(limit)
        return [_message(row) for row in await self._conn.execute(statement)]

    async def sessions_of(self, user_id: str) -> list[Session]:
        statement = (
            select(sessions)
            .where(sessions.c.user_id == user_id)
            .order_by(sessions.c.created_at, sessions.c.id)
        )
        return [_session(row) for row in await self._conn.execute(statement)]

    async def device_signals_of(self, user_id: str) -> list[DeviceSignal]:
        statement = (
            select(device_signals)
            .where(device_signals.c.user_id == user_id)
            .order_by(device_signals.c.seen_at, device_signals.c.device_hash)
        )
        return [_signal(row) for row in await self._conn.execute(statement)]

    async def reports_by(self, reporter_id: str) -> list[Report]:
        statement = (
            select(reports)
            .where(reports.c.reporter_id == reporter_id)
            .order_by(reports.c.created_at, reports.c.id)
        )
        return [_report(row) for row in await self._conn.execute(statement)]

    async def actions_about(self, subject_id: str) -> list[CaseAction]:
        statement = (
            select(case_actions)
            .where(case_actions.c.subject_id == subject_id)
            .order_by(case_actions.c.created_at, case_actions.c.id)
        )
        return [action_of(row) for row in await self._conn.execute(statement)]

    async def held_by(self, author_id: str) -> list[HeldMessage]:
        statement = (
            select(held_messages)
            .where(held_messages.c.author_id == author_id)
            .order_by(held_messages.c.created_at, held_messages.c.id)
        )
        return [_held(row) for row in await self._conn.execute(statement)]

    # --- erasure --------------------------------------------------------------

    async def keep_identification(self, user: User, closed_at: datetime) -> None:
        values = {
            "user_id": user.id,
            "pseudo": user.pseudo,
            "email": user.email,
            "created_at": user.created_at,
            "closed_at": closed_at,
        }
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(identification_records.insert().values(values))
        except IntegrityError:
            # Already sealed by an earlier, interrupted erasure: keep the first.
            found = select(identification_records.c.user_id).where(
                identification_records.c.user_id == user.id
            )
            if (await self._conn.execute(found)).first() is None:
                raise

    async def replace_pseudo_key(self, user_id: str, pseudo_key: str) -> None:
        await self._conn.execute(
            update(users).where(users.c.id == user_id).values(pseudo_key=pseudo_key)
        )

    async def claim_erasure(self, user_id: str) -> bool:
        erased = AccountStatus.ERASED
        statement = (
            update(users)
            .where(users.c.id == user_id, users.c.status != erased)
            .values(status=erased)
            .returning(users.c.id)
        )
        return (await self._conn.execute(statement)).first() is not None

    async def erase_messages(
        self, author_id: str, pseudo: str, after_client_id: str | None, limit: int
    ) -> list[Message]:
        # Walks the unique (author_id, client_id) index: no sort, and a chunk
        # never rescans what earlier chunks blanked. Message text is never
        # empty otherwise (1 to 2,000 characters), so '' marks "done".
        statement = select(messages).where(messages.c.author_id == author_id, messages.c.text != "")
        if after_client_id is not None:
            statement = statement.where(messages.c.client_id > after_client_id)
        statement = statement.order_by(messages.c.client_id).limit(limit)
        found = [_message(row) for row in await self._conn.execute(statement)]
        if found:
            await self._conn.execute(
                update(messages)
                .where(messages.c.id.in_([m.id for m in found]))
                .values(text="", deleted=True, author_pseudo=pseudo)
            )
            # Their earlier versions go with them, except those of messages
            # under an open case: evidence is preserved, and the moderators
            # deciding it still read the history (services/edits.py). What a
            # case sealed stays in its evidence either way.
            kept = await self._under_open_case(author_id, found)
            await self._conn.execute(
                update(message_edits)
                .where(message_edits.c.message_id.in_([m.id for m in found if m.id not in kept]))
                .values(previous_text="", text="")
            )
        return found

    async def _under_open_case(self, author_id: str, found: list[Message]) -> set[str]:
        """Which of the author's messages an open case is about: all of them
        when the author is its subject (a report on the message or on them,
        an alert, a held message); otherwise those a report on their room
        sealed in its context (chat.SqlEditRepo.cases_about)."""
        open_ = _OPEN
        about_author = select(cases.c.id).where(open_, cases.c.subject_id == author_id).limit(1)
        if (await self._conn.execute(about_author)).first() is not None:
            return {m.id for m in found}
        rooms = sorted({m.room_id for m in found})
        sealed = (
            select(evidence.c.content)
            .join(cases, cases.c.id == evidence.c.case_id)
            .where(open_, cases.c.target_type == "room", cases.c.target_id.in_(rooms))
        )
        texts = [str(t) for t in (await self._conn.execute(sealed)).scalars()]
        return {m.id for m in found if any(f'"{m.id}"' in t for t in texts)}

    async def erase_held(self, author_id: str, pseudo: str) -> int:
        where = held_messages.c.author_id == author_id
        await self._conn.execute(
            update(held_messages)
            .where(where, held_messages.c.state == HeldState.HELD.value)
            .values(state=HeldState.DELETED.value)
        )
        result = await self._conn.execute(
            update(held_messages).where(where).values(text="", author_pseudo=pseudo)
        )
        return int(result.rowcount)

    async def remove_blocks(self, user_id: str) -> list[str]:
        statement = (
            delete(blocks)
            .where(or_(blocks.c.blocker_id == user_id, blocks.c.blocked_id == user_id))
            .returning(blocks.c.blocker_id, blocks.c.blocked_id)
        )
        others = {
            blocked if blocker == user_id else blocker
            for blocker, blocked in await self._conn.execute(statement)
        }
        return sorted(others)

    async def remove_pending_requests(self, user_id: str) -> list[Conversation]:
        statement = (
            delete(conversations)
            .where(
                conversations.c.state == ConversationState.REQUESTED,
                or_(conversations.c.user_lo == user_id, conversations.c.user_hi == user_id),
            )
            .returning(*conversations.c)
        )
        return [_conversation(row) for row in await self._conn.execute(statement)]

    async def delete_notices(self, user_id: str) -> int:
        result = await self._conn.execute(delete(notices).where(notices.c.user_id == user_id))
        return int(result.rowcount)

    # --- retention ------------------------------------------------------------

    async def unfinished_erasures(self, limit: int, keep: Collection[str] = ()) -> list[str]:
        statement = (
            select(messages.c.author_id)
            .where(
                messages.c.author_id.in_(_ERASED),
                messages.c.text != "",
                messages.c.author_id.not_in(list(keep)),
            )
            .distinct()
            .limit(limit)
        )
        return sorted((await self._conn.execute(statement)).scalars())

    async def count_expired(self, cutoff: datetime, keep: Collection[str] = ()) -> dict[str, int]:
        counts: dict[str, int] = {}
        for kind, (table, test) in _expired(cutoff, keep).items():
            statement = select(func.count()).select_from(table).where(test)
            counts[kind] = int((await self._conn.execute(statement)).scalar_one())
        counts["last_seen"] = int(
            (
                await self._conn.execute(
                    select(func.count())
                    .select_from(users)
                    .where(users.c.last_seen_at < cutoff, users.c.id.not_in(list(keep)))
                )
            ).scalar_one()
        )
        unfinished = select(func.count()).where(
            messages.c.author_id.in_(_ERASED),
            messages.c.text != "",
            messages.c.author_id.not_in(list(keep)),
        )
        counts["erased_messages"] = int((await self._conn.execute(unfinished)).scalar_one())
        return counts

    async def purge_expired(
        self, cutoff: datetime, limit: int, keep: Collection[str] = ()
    ) -> dict[str, int]:
        counts: dict[str, int] = {}
        for kind, (table, test) in _expired(cutoff, keep).items():
            key = _key(table)
            chunk = select(*table.primary_key.columns).where(test).limit(limit)
            result = await self._conn.execute(delete(table).where(key.in_(chunk)))
            counts[kind] = int(result.rowcount)
        # The last connection time of an account is connection data too.
        stale = (
            select(users.c.id)
            .where(users.c.last_seen_at < cutoff, users.c.id.not_in(list(keep)))
            .limit(limit)
        )
        result = await self._conn.execute(
            update(users).where(users.c.id.in_(stale)).values(last_seen_at=None)
        )
        counts["last_seen"] = int(result.rowcount)
        return counts
