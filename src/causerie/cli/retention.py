"""``causerie retention purge [--dry-run]``: the LCEN retention purge on
demand (the server also runs it daily; docs/privacy.md)."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

import typer

from causerie.cli.options import DatabaseUrl, DataDir

retention_app = typer.Typer(no_args_is_help=True, help="Data retention (LCEN, GDPR).")


@retention_app.command("purge")
def purge(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count what would be deleted; change nothing.")
    ] = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Delete connection and identification data older than
    CAUSERIE_CONNECTION_DATA_DAYS (365); prints the counts as one JSON line."""
    # Light: no gazetteer or filter to load, just the schema and the purge.
    from causerie.adapters.clock import SystemClock
    from causerie.cli.database import operator_database, settings_for
    from causerie.services.retention import PurgeReport
    from causerie.services.retention import purge as run_purge

    async def run() -> PurgeReport:
        settings = settings_for(data_dir, database_url)
        async with operator_database(settings) as uow:
            return await run_purge(uow, SystemClock(), settings, dry_run=dry_run)

    report = asyncio.run(run())
    line = {
        "dry_run": report.dry_run,
        "cutoff": report.cutoff.isoformat(),
        "counts": report.counts,
        "total": report.total,
    }
    typer.echo(json.dumps(line, sort_keys=True))
