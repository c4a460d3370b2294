"""Private conversations: the request/answer state of a ``dm`` room."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, or_, select, update

from causerie.domain.errors import CauserieError, Conflict, NotFound
from causerie.domain.models import Conversation, ConversationState
from causerie.storage.repos._base import Repo, insert_or_explain
from causerie.storage.tables import conversations

_DOMAIN_COLUMNS = [c for c in conversations.c if c.name not in ("user_lo", "user_hi")]


def _pair(user_a: str, user_b: str) -> tuple[str, str]:
    return (user_a, user_b) if user_a < user_b else (user_b, user_a)


def _conversation(row: Row[Any]) -> Conversation:
    values = row._mapping
    return Conversation(**{c.name: values[c.name] for c in _DOMAIN_COLUMNS})


class SqlConversationRepo(Repo):
    async def add(self, conversation: Conversation) -> None:
        """Insert; raises ``Conflict('conversation_exists', room_id=...)`` if the
        unordered pair already has one."""
        values = {c.name: getattr(conversation, c.name) for c in _DOMAIN_COLUMNS}
        values["user_lo"], values["user_hi"] = _pair(
            conversation.requester_id, conversation.recipient_id
        )

        async def explain() -> CauserieError | None:
            existing = await self.between(conversation.requester_id, conversation.recipient_id)
            if existing is None:
                return None
            return Conflict("conversation_exists", room_id=existing.room_id)

        await insert_or_explain(self._conn, conversations.insert().values(values), explain)

    async def get(self, room_id: str) -> Conversation | None:
        statement = select(conversations).where(conversations.c.room_id == room_id)
        row = (await self._conn.execute(statement)).first()
        return _conversation(row) if row is not None else None

    async def between(self, user_a: str, user_b: str) -> Conversation | None:
        """The conversation of the unordered pair, whoever asked."""
        lo, hi = _pair(user_a, user_b)
        statement = select(conversations).where(
            conversations.c.user_lo == lo, conversations.c.user_hi == hi
        )
        row = (await self._conn.execute(statement)).first()
        return _conversation(row) if row is not None else None

    async def for_user(self, user_id: str) -> list[Conversation]:
        """Every conversation of a user, newest first."""
        statement = (
            select(conversations)
            .where(or_(conversations.c.user_lo == user_id, conversations.c.user_hi == user_id))
            .order_by(conversations.c.created_at.desc(), conversations.c.room_id.desc())
        )
        return [_conversation(row) for row in await self._conn.execute(statement)]

    async def update(
        self,
        room_id: str,
        *,
        state: ConversationState,
        decided_at: datetime | None,
        requester_id: str | None = None,
        recipient_id: str | None = None,
    ) -> Conversation:
        """Set the state; ``requester_id``/``recipient_id`` may swap roles
        within the same pair (a new request from the other side), never
        change who the pair is."""
        values: dict[str, Any] = {"state": state, "decided_at": decided_at}
        if requester_id is not None or recipient_id is not None:
            current = await self.get(room_id)
            if current is None:
                raise NotFound(room_id=room_id)
            new_requester = requester_id or current.requester_id
            new_recipient = recipient_id or current.recipient_id
            if {new_requester, new_recipient} != set(current.members()):
                raise ValueError("a conversation's pair of users cannot change")
            values["requester_id"] = new_requester
            values["recipient_id"] = new_recipient
        statement = (
            update(conversations)
            .where(conversations.c.room_id == room_id)
            .values(values)
            .returning(*conversations.c)
        )
        row = (await self._conn.execute(statement)).first()
        if row is None:
            raise NotFound(room_id=room_id)
        return _conversation(row)
