"""The SMTP engine behind ``services.mail.MailSender``: aiosmtplib, with
STARTTLS and login when the operator sets them (CAUSERIE_SMTP_*)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import aiosmtplib

from causerie.config import Settings


class SmtpSender:
    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_host:
            raise ValueError("no SMTP host configured")
        self._s = settings

    async def send(self, to: str, subject: str, body: str, ref: str) -> None:
        s = self._s
        message = EmailMessage()
        message["From"] = s.smtp_from
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = format_datetime(datetime.now(UTC))
        domain = s.smtp_from.rpartition("@")[2] or "localhost"
        message["Message-ID"] = make_msgid(idstring=ref, domain=domain)
        # Replies and bounces can be matched to the notice or requisition.
        message["X-Causerie-Reference"] = ref
        message.set_content(body)
        await aiosmtplib.send(
            message,
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_user,
            password=s.smtp_password,
            start_tls=s.smtp_starttls,
            timeout=s.smtp_timeout_seconds,
        )


def smtp_sender(settings: Settings) -> SmtpSender | None:
    """The sender when an SMTP host is set; None leaves mail in the outbox."""
    return SmtpSender(settings) if settings.smtp_host else None
