"""``causerie mail outbox|send``: the e-mail outbox (docs/legal.md). Without
SMTP settings the server sends nothing; operators read what waits here."""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict
from typing import Annotated

import typer

from causerie.cli.options import DatabaseUrl, DataDir

mail_app = typer.Typer(no_args_is_help=True, help="The e-mail outbox.")


@mail_app.command("outbox")
def outbox(
    all_mail: Annotated[bool, typer.Option("--all", help="Sent mail too.")] = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """One JSON line per message waiting (or every message with --all)."""
    from causerie.cli.database import operator_database, settings_for
    from causerie.domain.times import rfc3339
    from causerie.services import mail

    async def run() -> None:
        async with operator_database(settings_for(data_dir, database_url)) as uow:
            for item in await mail.outbox(uow, unsent_only=not all_mail):
                line = {
                    k: rfc3339(v) if hasattr(v, "isoformat") else v for k, v in asdict(item).items()
                }
                typer.echo(json.dumps(line, ensure_ascii=False, sort_keys=True))

    asyncio.run(run())


@mail_app.command("send")
def send(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Send what is due now through CAUSERIE_SMTP_* (exit 1 when unset)."""
    from causerie.adapters.clock import SystemClock
    from causerie.adapters.smtp import smtp_sender
    from causerie.cli.database import operator_database, settings_for
    from causerie.services import mail

    settings = settings_for(data_dir, database_url)
    sender = smtp_sender(settings)
    if sender is None:
        typer.echo("error: CAUSERIE_SMTP_HOST is not set", err=True)
        raise typer.Exit(1)

    async def run() -> mail.DeliveryReport:
        async with operator_database(settings) as uow:
            return await mail.deliver_due(uow, SystemClock(), sender)

    report = asyncio.run(run())
    typer.echo(json.dumps({"sent": report.sent, "failed": report.failed}))
