"""Users, with the password hash kept out of the ``User`` object."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any, Unpack

from sqlalchemy import Row, bindparam, select, update

from causerie.domain.errors import CauserieError, Conflict, NotFound
from causerie.domain.models import User
from causerie.ports import UserPatch
from causerie.storage.repos._base import Repo, check_fields, insert_or_explain
from causerie.storage.tables import users

# SQLite allows 32,766 bound parameters; stay far below for big IN lists.
_IN_CHUNK = 500

# The statements of a group-commit batch, built once: building a statement
# and its cache key costs about 150 µs of Python each time, a prebuilt one's
# key is memoised (docs/benchmarks.md, session 7). ``expanding`` takes a list.
_GET_MANY = select(users).where(users.c.id.in_(bindparam("ids", expanding=True)))
_COUNT_MESSAGES = (
    update(users)
    .where(users.c.id == bindparam("user_id"))
    .values(message_count=users.c.message_count + bindparam("added"))
)

_USER_COLUMNS = [c for c in users.c if c.name != "password_hash"]


def _user(row: Row[Any]) -> User:
    values = row._mapping
    kwargs = {c.name: values[c.name] for c in _USER_COLUMNS}
    return User(**kwargs, has_password=values["password_hash"] is not None)


class SqlUserRepo(Repo):
    async def add(self, user: User, password_hash: str | None = None) -> None:
        """Insert; raises ``Conflict('pseudo_taken')`` when ``pseudo_key`` is used.

        ``has_password`` is derived from the stored hash, so a user claiming
        one must come with it."""
        if user.has_password and password_hash is None:
            raise ValueError("User.has_password is True but no password_hash was given")
        values = {c.name: getattr(user, c.name) for c in _USER_COLUMNS}
        values["password_hash"] = password_hash

        async def explain() -> CauserieError | None:
            taken = await self.by_pseudo_key(user.pseudo_key)
            return Conflict("pseudo_taken") if taken is not None else None

        await insert_or_explain(self._conn, users.insert().values(values), explain)

    async def get(self, user_id: str) -> User | None:
        row = (await self._conn.execute(select(users).where(users.c.id == user_id))).first()
        return _user(row) if row is not None else None

    async def get_many(self, user_ids: Collection[str]) -> dict[str, User]:
        wanted = list(dict.fromkeys(user_ids))
        found: dict[str, User] = {}
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            result = await self._conn.execute(_GET_MANY, {"ids": chunk})
            for row in result:
                user = _user(row)
                found[user.id] = user
        return found

    async def nearby_listed(self, seen_since: datetime) -> list[User]:
        statement = select(users).where(
            users.c.nearby_visible.is_(True), users.c.last_seen_at > seen_since
        )
        return [_user(row) for row in await self._conn.execute(statement)]

    async def by_pseudo_key(self, key: str) -> User | None:
        statement = select(users).where(users.c.pseudo_key == key)
        row = (await self._conn.execute(statement)).first()
        return _user(row) if row is not None else None

    async def password_hash(self, user_id: str) -> str | None:
        statement = select(users.c.password_hash).where(users.c.id == user_id)
        value: str | None = (await self._conn.execute(statement)).scalar_one_or_none()
        return value

    async def set_password(self, user_id: str, password_hash: str, email: str | None) -> None:
        """Store the hash and the (optional) email, as given."""
        statement = (
            update(users)
            .where(users.c.id == user_id)
            .values(password_hash=password_hash, email=email)
            .returning(users.c.id)
        )
        if (await self._conn.execute(statement)).first() is None:
            raise NotFound(user_id=user_id)

    async def update(self, user_id: str, **fields: Unpack[UserPatch]) -> User:
        """Set any ``User`` field except ``id``/``pseudo_key``; returns the new row.

        ``has_password=False`` forgets the password hash (erasure);
        ``has_password=True`` is refused: use ``set_password``."""
        check_fields(User, fields, {"id", "pseudo_key"})
        values = dict(fields)
        if "has_password" in values:
            if values.pop("has_password"):
                raise ValueError("set a password with set_password(), not update()")
            values["password_hash"] = None
        statement = update(users).where(users.c.id == user_id).returning(*users.c)
        # With nothing to change, a no-op assignment still returns the row.
        statement = statement.values(values) if values else statement.values(id=users.c.id)
        row = (await self._conn.execute(statement)).first()
        if row is None:
            raise NotFound(user_id=user_id)
        return _user(row)

    async def count_message(self, user_id: str) -> None:
        """``message_count += 1`` (feeds trust levels)."""
        statement = (
            update(users)
            .where(users.c.id == user_id)
            .values(message_count=users.c.message_count + 1)
            .returning(users.c.id)
        )
        if (await self._conn.execute(statement)).first() is None:
            raise NotFound(user_id=user_id)

    async def count_messages(self, counts: Mapping[str, int]) -> None:
        """``message_count += n`` per user, one executemany for a whole batch."""
        if not counts:
            return
        rows = [{"user_id": k, "added": v} for k, v in counts.items()]
        await self._conn.execute(_COUNT_MESSAGES, rows)
