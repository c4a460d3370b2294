"""Device and network signals (hashed) for ban-evasion checks, and the
single-use nonces of age attestations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, ScalarSelect, and_, func, or_, select, update

from causerie.domain.models import AccountStatus
from causerie.domain.moderation import Action, AttestationNonce, DeviceSignal
from causerie.storage.repos._base import Repo
from causerie.storage.tables import attestation_nonces, case_actions, device_signals, users


def _signal(row: Row[Any]) -> DeviceSignal:
    v = row._mapping
    return DeviceSignal(
        user_id=v["user_id"],
        device_hash=v["device_hash"],
        ip_hash=v["ip_hash"],
        seen_at=v["seen_at"],
    )


class SqlDeviceSignalRepo(Repo):
    async def record(self, signal: DeviceSignal) -> None:
        moved = await self._conn.execute(
            update(device_signals)
            .where(
                device_signals.c.user_id == signal.user_id,
                device_signals.c.device_hash == signal.device_hash,
            )
            .values(ip_hash=signal.ip_hash, seen_at=signal.seen_at)
            .returning(device_signals.c.user_id)
        )
        if moved.first() is None:
            values = {c.name: getattr(signal, c.name) for c in device_signals.c}
            await self._conn.execute(device_signals.insert().values(values))

    async def banned_matches(
        self, device_hash: str, ip_hash: str, exclude_user: str
    ) -> list[tuple[DeviceSignal, bool]]:
        statement = (
            select(device_signals)
            .join(users, users.c.id == device_signals.c.user_id)
            .where(
                or_(users.c.status == AccountStatus.BANNED, _erased_while_banned()),
                device_signals.c.user_id != exclude_user,
                or_(
                    device_signals.c.device_hash == device_hash,
                    device_signals.c.ip_hash == ip_hash,
                ),
            )
        )
        return [
            (signal, signal.device_hash == device_hash)
            for signal in (_signal(row) for row in await self._conn.execute(statement))
        ]


def _erased_while_banned() -> ColumnElement[bool]:
    """An account erased after a ban that was never lifted: erasing must not
    launder a ban (its connection data is kept a year anyway, docs/privacy.md)."""

    def last(*actions: Action) -> ScalarSelect[Any]:
        return (
            select(func.max(case_actions.c.created_at))
            .where(
                case_actions.c.subject_id == users.c.id,
                case_actions.c.action.in_([a.value for a in actions]),
            )
            .scalar_subquery()
        )

    # An appeal that reduced a ban to something lighter ended the ban too.
    last_ban, last_lift = last(Action.BAN), last(Action.LIFT, Action.REDUCE)
    return and_(
        users.c.status == AccountStatus.ERASED,
        last_ban.is_not(None),
        or_(last_lift.is_(None), last_lift < last_ban),
    )


class SqlAttestationNonceRepo(Repo):
    async def add(self, nonce: AttestationNonce) -> None:
        values = {c.name: getattr(nonce, c.name) for c in attestation_nonces.c}
        await self._conn.execute(attestation_nonces.insert().values(values))

    async def consume(self, nonce_hash: str, session_id: str, now: datetime) -> bool:
        statement = (
            update(attestation_nonces)
            .where(
                attestation_nonces.c.nonce_hash == nonce_hash,
                attestation_nonces.c.session_id == session_id,
                attestation_nonces.c.used_at.is_(None),
                attestation_nonces.c.expires_at > now,
            )
            .values(used_at=now)
            .returning(attestation_nonces.c.nonce_hash)
        )
        return (await self._conn.execute(statement)).first() is not None
