"""The edit history of messages and members' reactions (migration 0013)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Row, and_, delete, or_, select, union, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from causerie.domain.chat import MessageEdit
from causerie.domain.models import Message
from causerie.storage.repos._base import Repo
from causerie.storage.tables import (
    cases,
    evidence,
    held_messages,
    message_edits,
    message_reactions,
    messages,
)


def _edit(row: Row[Any]) -> MessageEdit:
    return MessageEdit(**row._mapping)


class SqlEditRepo(Repo):
    async def apply(self, edit: MessageEdit) -> Message:
        await self._conn.execute(
            message_edits.insert().values({c.name: getattr(edit, c.name) for c in message_edits.c})
        )
        row = (
            await self._conn.execute(
                update(messages)
                .where(messages.c.id == edit.message_id)
                .values(text=edit.text, edited_at=edit.edited_at)
                .returning(*messages.c)
            )
        ).one()
        return Message(**row._mapping)

    async def for_message(self, message_id: str) -> list[MessageEdit]:
        statement = (
            select(message_edits)
            .where(message_edits.c.message_id == message_id)
            .order_by(message_edits.c.edited_at, message_edits.c.id)
        )
        return [_edit(row) for row in await self._conn.execute(statement)]

    async def by_author(self, author_id: str) -> list[MessageEdit]:
        statement = (
            select(message_edits)
            .where(message_edits.c.author_id == author_id)
            .order_by(message_edits.c.edited_at, message_edits.c.id)
        )
        return [_edit(row) for row in await self._conn.execute(statement)]

    async def cases_about(self, message: Message) -> list[str]:
        # A case names a message as its target, or among its sources when
        # the report or alert about it joined an incident opened on another
        # message of the same author (domain/incidents.py): ids are unique
        # and the author's cases are few, so a text match on those is exact
        # and cheap. A report on the author or on the room sealed the
        # message in its context: the same match, on those cases' evidence.
        message_id = message.id
        quoted = f'"{message_id}"'
        around = (
            select(evidence.c.case_id.label("id"))
            .join(cases, cases.c.id == evidence.c.case_id)
            .where(
                or_(
                    and_(cases.c.target_type == "user", cases.c.target_id == message.author_id),
                    and_(cases.c.target_type == "room", cases.c.target_id == message.room_id),
                ),
                evidence.c.content.contains(quoted),
            )
        )
        about = union(
            select(cases.c.id.label("id")).where(
                cases.c.target_type == "message", cases.c.target_id == message_id
            ),
            select(cases.c.id.label("id")).where(
                cases.c.subject_id == message.author_id, cases.c.signals.contains(quoted)
            ),
            select(held_messages.c.case_id.label("id")).where(
                held_messages.c.message_id == message_id, held_messages.c.case_id.is_not(None)
            ),
            around,
        )
        return sorted(str(v) for v in (await self._conn.execute(about)).scalars())


class SqlReactionRepo(Repo):
    async def add(self, message: Message, user_id: str, emoji: str, at: datetime) -> bool:
        insert = postgresql_insert if self._conn.dialect.name == "postgresql" else sqlite_insert
        statement = (
            insert(message_reactions)
            .values(
                message_id=message.id,
                user_id=user_id,
                emoji=emoji,
                room_id=message.room_id,
                seq=message.seq,
                created_at=at,
            )
            .on_conflict_do_nothing()
        )
        return int((await self._conn.execute(statement)).rowcount) > 0

    async def remove(self, message_id: str, user_id: str, emoji: str) -> bool:
        result = await self._conn.execute(
            delete(message_reactions).where(
                message_reactions.c.message_id == message_id,
                message_reactions.c.user_id == user_id,
                message_reactions.c.emoji == emoji,
            )
        )
        return int(result.rowcount) > 0

    async def for_message(self, message_id: str) -> list[tuple[str, str]]:
        statement = (
            select(message_reactions.c.emoji, message_reactions.c.user_id)
            .where(message_reactions.c.message_id == message_id)
            .order_by(message_reactions.c.created_at)
        )
        return [(str(r.emoji), str(r.user_id)) for r in await self._conn.execute(statement)]

    async def by_user(self, user_id: str) -> list[tuple[str, int, str, datetime]]:
        statement = (
            select(
                message_reactions.c.room_id,
                message_reactions.c.seq,
                message_reactions.c.emoji,
                message_reactions.c.created_at,
            )
            .where(message_reactions.c.user_id == user_id)
            .order_by(message_reactions.c.created_at)
        )
        return [
            (str(r.room_id), int(r.seq), str(r.emoji), r.created_at)
            for r in await self._conn.execute(statement)
        ]

    async def remove_all_by(self, user_id: str) -> int:
        result = await self._conn.execute(
            delete(message_reactions).where(message_reactions.c.user_id == user_id)
        )
        return int(result.rowcount)

    async def for_seqs(
        self, room_id: str, seqs: Collection[int]
    ) -> dict[int, list[tuple[str, str]]]:
        wanted = sorted(set(seqs))
        if not wanted:
            return {}
        statement = (
            select(message_reactions.c.seq, message_reactions.c.emoji, message_reactions.c.user_id)
            .where(
                message_reactions.c.room_id == room_id,
                message_reactions.c.seq >= wanted[0],
                message_reactions.c.seq <= wanted[-1],
            )
            .order_by(message_reactions.c.created_at)
        )
        found: dict[int, list[tuple[str, str]]] = {}
        keep = set(wanted)
        for row in await self._conn.execute(statement):
            if int(row.seq) in keep:
                found.setdefault(int(row.seq), []).append((str(row.emoji), str(row.user_id)))
        return found
