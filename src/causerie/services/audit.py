"""Appending to and verifying the hash-chained audit log (domain/audit.py).
Every moderation action, role change and legal hold goes through ``record``
inside the same write transaction as the change it describes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from causerie.domain.audit import AuditPayload, ChainFault, verify_chain
from causerie.ports import UnitOfWork, UnitOfWorkFactory


def audit_time(moment: datetime) -> str:
    """Microsecond RFC 3339: the text that is hashed, never re-parsed."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


async def record(
    uow: UnitOfWork,
    now: datetime,
    *,
    actor: str,
    action: str,
    subject: str,
    payload: AuditPayload | None = None,
) -> None:
    """Append one entry, in the caller's write unit of work."""
    await uow.audit.append(
        at=audit_time(now), actor=actor, action=action, subject=subject, payload=payload or {}
    )


@dataclass(frozen=True, slots=True)
class Verification:
    entries: int
    fault: ChainFault | None

    @property
    def intact(self) -> bool:
        return self.fault is None


async def verify(uow_factory: UnitOfWorkFactory) -> Verification:
    """Re-hash the whole chain (``causerie audit verify``)."""
    async with uow_factory() as uow:
        entries = await uow.audit.entries()
        head = await uow.audit.head()
    count, fault = verify_chain(entries, head)
    return Verification(count, fault)
