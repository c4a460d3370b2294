"""A write unit of work for one group-commit batch of sends.

Every send reads its author, its room and whether its ``client_id`` was
already used, then writes a message, a seq counter and a message count. Done
send by send that is about ten statements each; here the reads are made once
for the whole batch (``prefetch``) and the writes are kept and made once at
``commit`` (one multi-row insert, one counter update per room and per
author). The send code itself is unchanged: it talks to the ``UnitOfWork``
port and reads its own writes — a later send in the batch sees the seq, the
message and the count of an earlier one.

What it does not do: savepoints (kept writes could not be undone by one), so
a send must be refused *before* it writes — which is how ``services.messages``
orders its checks. Rows read through the other repositories (``by_slug``,
``nearby_listed`` …) do not include the kept, not yet written, counters."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from types import TracebackType
from typing import Self, Unpack

from causerie.domain.errors import Conflict, NotFound
from causerie.domain.events import Event
from causerie.domain.models import Message, Room, User
from causerie.ports import (
    AttestationNonceRepo,
    AuditRepo,
    BlockRepo,
    CaseRepo,
    ConversationRepo,
    DeviceSignalRepo,
    HeldMessageRepo,
    MessageRepo,
    NoticeRepo,
    RoomPatch,
    RoomRepo,
    SessionRepo,
    StorageUnitOfWork,
    UserPatch,
    UserRepo,
)


class _BatchUsers:
    def __init__(self, inner: UserRepo) -> None:
        self._inner = inner
        self._cache: dict[str, User | None] = {}
        self._added: dict[str, int] = {}

    async def prefetch(self, user_ids: Collection[str]) -> None:
        missing = [u for u in user_ids if u not in self._cache]
        found = await self._inner.get_many(missing)
        for user_id in missing:
            self._cache[user_id] = found.get(user_id)

    async def get(self, user_id: str) -> User | None:
        if user_id not in self._cache:
            self._cache[user_id] = await self._inner.get(user_id)
        return self._cache[user_id]

    async def get_many(self, user_ids: Collection[str]) -> dict[str, User]:
        await self.prefetch(user_ids)
        return {u: user for u in user_ids if (user := self._cache[u]) is not None}

    async def update(self, user_id: str, **fields: Unpack[UserPatch]) -> User:
        stored = await self._inner.update(user_id, **fields)
        user = dataclasses.replace(
            stored, message_count=stored.message_count + self._added.get(user_id, 0)
        )
        self._cache[user_id] = user
        return user

    async def count_message(self, user_id: str) -> None:
        await self.count_messages({user_id: 1})

    async def count_messages(self, counts: Mapping[str, int]) -> None:
        for user_id, added in counts.items():
            user = await self.get(user_id)
            if user is None:
                raise NotFound(user_id=user_id)
            self._cache[user_id] = dataclasses.replace(
                user, message_count=user.message_count + added
            )
            self._added[user_id] = self._added.get(user_id, 0) + added

    async def flush(self) -> None:
        # Sorted: two nodes' batches lock author rows in the same order.
        added, self._added = dict(sorted(self._added.items())), {}
        await self._inner.count_messages(added)

    async def add(self, user: User, password_hash: str | None = None) -> None:
        await self._inner.add(user, password_hash)

    async def by_pseudo_key(self, key: str) -> User | None:
        return await self._inner.by_pseudo_key(key)

    async def password_hash(self, user_id: str) -> str | None:
        return await self._inner.password_hash(user_id)

    async def set_password(self, user_id: str, password_hash: str, email: str | None) -> None:
        await self._inner.set_password(user_id, password_hash, email)

    async def nearby_listed(self, seen_since: datetime) -> list[User]:
        return await self._inner.nearby_listed(seen_since)


class _BatchRooms:
    def __init__(self, inner: RoomRepo) -> None:
        self._inner = inner
        self._cache: dict[str, Room | None] = {}
        self._advanced: dict[str, int] = {}

    async def lock_many(self, room_ids: Collection[str]) -> dict[str, Room]:
        missing = [r for r in room_ids if r not in self._cache]
        if missing:
            found = await self._inner.lock_many(missing)
            for room_id in missing:
                self._cache[room_id] = found.get(room_id)
        return {r: room for r in room_ids if (room := self._cache[r]) is not None}

    async def get(self, room_id: str) -> Room | None:
        await self.lock_many((room_id,))
        return self._cache[room_id]

    async def get_many(self, room_ids: Collection[str]) -> dict[str, Room]:
        return await self.lock_many(room_ids)

    async def heads(self, room_ids: Collection[str]) -> dict[str, int]:
        return await self._inner.heads(room_ids)

    async def next_seq(self, room_id: str) -> int:
        room = await self.get(room_id)
        if room is None:
            raise NotFound(room_id=room_id)
        seq = room.last_seq + 1
        self._cache[room_id] = dataclasses.replace(room, last_seq=seq)
        self._advanced[room_id] = seq
        return seq

    async def set_last_seqs(self, last_seqs: Mapping[str, int]) -> None:
        for room_id, seq in last_seqs.items():
            room = await self.get(room_id)
            if room is None:
                raise NotFound(room_id=room_id)
            self._cache[room_id] = dataclasses.replace(room, last_seq=seq)
            self._advanced[room_id] = seq

    async def update(self, room_id: str, **fields: Unpack[RoomPatch]) -> Room:
        stored = await self._inner.update(room_id, **fields)
        room = dataclasses.replace(stored, last_seq=self._advanced.get(room_id, stored.last_seq))
        self._cache[room_id] = room
        return room

    async def flush(self) -> None:
        advanced, self._advanced = self._advanced, {}
        await self._inner.set_last_seqs(advanced)

    async def add(self, room: Room) -> None:
        await self._inner.add(room)

    async def by_slug(self, slug: str) -> Room | None:
        return await self._inner.by_slug(slug)

    async def list_public(self, include_archived: bool = False) -> list[Room]:
        return await self._inner.list_public(include_archived)


class _BatchMessages:
    def __init__(self, inner: MessageRepo) -> None:
        self._inner = inner
        self._by_key: dict[tuple[str, str], Message | None] = {}
        self._kept: list[Message] = []

    async def by_client_ids(
        self, keys: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], Message]:
        missing = [k for k in keys if k not in self._by_key]
        if missing:
            found = await self._inner.by_client_ids(missing)
            for key in missing:
                self._by_key[key] = found.get(key)
        return {k: message for k in keys if (message := self._by_key[k]) is not None}

    async def by_client_id(self, author_id: str, client_id: str) -> Message | None:
        key = (author_id, client_id)
        return (await self.by_client_ids((key,))).get(key)

    async def add(self, message: Message) -> None:
        if await self.by_client_id(message.author_id, message.client_id) is not None:
            raise Conflict("duplicate_client_id")
        self._by_key[(message.author_id, message.client_id)] = message
        self._kept.append(message)

    async def add_many(self, messages: Sequence[Message]) -> None:
        for message in messages:
            await self.add(message)

    async def flush(self) -> None:
        kept, self._kept = self._kept, []
        await self._inner.add_many(kept)

    # Reads by room or id must see the kept messages: write them first.
    async def get(self, message_id: str) -> Message | None:
        await self.flush()
        return await self._inner.get(message_id)

    async def after(self, room_id: str, after_seq: int, upto_seq: int, limit: int) -> list[Message]:
        await self.flush()
        return await self._inner.after(room_id, after_seq, upto_seq, limit)

    async def before(self, room_id: str, before_seq: int | None, limit: int) -> list[Message]:
        await self.flush()
        return await self._inner.before(room_id, before_seq, limit)

    async def activity(
        self, room_ids: Collection[str], since: datetime
    ) -> dict[str, tuple[int, datetime]]:
        await self.flush()
        return await self._inner.activity(room_ids, since)

    async def search(
        self, room_ids: Collection[str], needle: str, limit: int, hidden: Collection[str]
    ) -> list[Message]:
        await self.flush()
        return await self._inner.search(room_ids, needle, limit, hidden)

    async def latest(self, room_ids: Collection[str]) -> dict[str, Message]:
        await self.flush()
        return await self._inner.latest(room_ids)


class BatchUnitOfWork:
    """``async with BatchUnitOfWork(deps.uow(write=True)) as uow``: the
    ``UnitOfWork`` port over a write transaction, for a batch of sends."""

    # Typed as the ports (Protocol attributes are invariant); the batch
    # repositories are also kept under their own type for prefetch/flush.
    users: UserRepo
    rooms: RoomRepo
    messages: MessageRepo
    sessions: SessionRepo
    conversations: ConversationRepo
    blocks: BlockRepo
    cases: CaseRepo
    notices: NoticeRepo
    audit: AuditRepo
    held: HeldMessageRepo
    devices: DeviceSignalRepo
    nonces: AttestationNonceRepo

    def __init__(self, inner: StorageUnitOfWork) -> None:
        self._inner = inner

    async def __aenter__(self) -> Self:
        inner = await self._inner.__aenter__()
        self.users = self._users = _BatchUsers(inner.users)
        self.rooms = self._rooms = _BatchRooms(inner.rooms)
        self.messages = self._messages = _BatchMessages(inner.messages)
        self.sessions = inner.sessions
        self.conversations = inner.conversations
        self.blocks = inner.blocks
        self.cases = inner.cases
        self.notices = inner.notices
        self.audit = inner.audit
        self.held = inner.held
        self.devices = inner.devices
        self.nonces = inner.nonces
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._inner.__aexit__(exc_type, exc, tb)

    async def prefetch(
        self,
        author_ids: Collection[str],
        room_ids: Collection[str],
        keys: Collection[tuple[str, str]],
    ) -> None:
        """Read what the batch's sends will ask for, three statements in all."""
        await self._users.prefetch(set(author_ids))
        await self._rooms.lock_many(set(room_ids))
        await self._messages.by_client_ids(set(keys))

    async def commit(self) -> None:
        """Write what was kept, then commit (after-commit callbacks follow)."""
        await self.commit_quietly()
        await self.announce()

    async def commit_quietly(self) -> None:
        """Write what was kept and commit; events and callbacks wait for
        ``announce``."""
        await self._messages.flush()
        await self._rooms.flush()
        await self._users.flush()
        await self._inner.commit_quietly()

    async def announce(self) -> None:
        await self._inner.announce()

    def savepoint(self) -> AbstractAsyncContextManager[None]:
        raise RuntimeError("a batch unit of work keeps writes: it has no savepoints")

    def after_commit(self, callback: Callable[[], Awaitable[None]]) -> None:
        self._inner.after_commit(callback)

    def publish(self, event: Event) -> None:
        self._inner.publish(event)
