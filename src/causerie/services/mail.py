"""E-mail to people outside the service (notifiers, requesters): written to
the outbox in the same transaction as the decision it reports, then sent by
``MailJob`` over SMTP, retried with exponential backoff. Without SMTP
settings nothing is sent and operators read the outbox (``GET
/api/v1/dsa/outbox``, ``causerie mail outbox``) — nothing is lost either way."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from causerie.domain.ids import new_id
from causerie.domain.legal import Mail
from causerie.periodic import Periodic
from causerie.ports import (
    Clock,
    LegalRepo,
    MailPatch,
    MailSender,
    StorageUnitOfWork,
    UnitOfWorkFactory,
)

log = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
BATCH = 50


def legal_repo(uow: StorageUnitOfWork) -> LegalRepo:
    """The ``LegalRepo`` of an open unit of work from ``deps.uow``."""
    return uow.legal


async def enqueue(
    uow: StorageUnitOfWork, now: datetime, *, to: str, subject: str, body: str, ref: str
) -> str:
    """Queue one message in the caller's write unit of work; its id."""
    mail_id = new_id()
    await legal_repo(uow).add_mail(
        Mail(
            id=mail_id,
            to_addr=to,
            subject=subject,
            body=body,
            ref=ref,
            created_at=now,
            attempts=0,
            next_attempt_at=now,
        )
    )
    return mail_id


def backoff(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failure: 1, 2, 4 … minutes, at most 6 h."""
    wait: timedelta = FIRST_RETRY * (2 ** max(0, attempts - 1))
    return min(wait, LONGEST_RETRY)


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: int
    failed: int


async def deliver_due(
    uow_factory: UnitOfWorkFactory, clock: Clock, sender: MailSender, limit: int = BATCH
) -> DeliveryReport:
    """Send every message due now; a failure is retried later (``backoff``).
    Each message is marked in its own transaction, after the SMTP exchange,
    so a crash in between sends it again rather than never (at least once)."""
    async with uow_factory() as uow:
        due = await legal_repo(uow).due_mail(clock.now(), limit)
    sent = failed = 0
    for item in due:
        try:
            await sender.send(item.to_addr, item.subject, item.body, item.ref)
        except Exception as error:  # any refusal or network fault: retry later
            attempts = item.attempts + 1
            last_error = f"{type(error).__name__}: {error}"[:500]
            fields = MailPatch(
                attempts=attempts,
                next_attempt_at=clock.now() + backoff(attempts),
                last_error=last_error,
            )
            failed += 1
            log.warning("mail %s to be retried: %s", item.id, last_error)
        else:
            fields = MailPatch(attempts=item.attempts + 1, sent_at=clock.now(), last_error=None)
            sent += 1
        async with uow_factory(write=True) as uow:
            await legal_repo(uow).update_mail(item.id, **fields)
            await uow.commit()
    return DeliveryReport(sent, failed)


async def outbox(uow_factory: UnitOfWorkFactory, *, unsent_only: bool) -> list[Mail]:
    async with uow_factory() as uow:
        return await legal_repo(uow).mail(unsent_only=unsent_only, limit=500)


class MailJob:
    """The sender inside the server, every ``mail_every_seconds``."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, sender: MailSender, every: float
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._sender = sender
        self._job = Periodic("mail outbox", every, self.run_once)

    def start(self) -> None:
        self._job.start()

    async def stop(self) -> None:
        await self._job.stop()

    async def run_once(self) -> DeliveryReport:
        return await deliver_due(self._uow, self._clock, self._sender)
