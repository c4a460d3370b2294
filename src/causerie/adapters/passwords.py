"""argon2id password hashing, off the event loop (a hash costs ~100+ ms)."""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher as _Argon2
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Hasher:
    def __init__(self, time_cost: int = 3, memory_kib: int = 65536) -> None:
        self._hasher = _Argon2(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=1, type=Type.ID
        )

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        def check() -> bool:
            try:
                return self._hasher.verify(password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False

        return await asyncio.to_thread(check)
