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
    from causerie.cli.context import settings_for
    from causerie.services.retention import PurgeReport
    from causerie.services.retention import purge as run_purge
    from causerie.storage.engine import make_engine
    from causerie.storage.migrate import upgrade
    from causerie.storage.uow import make_uow_factory

    async def run() -> PurgeReport:
        settings = settings_for(data_dir, database_url)
        url = settings.effective_database_url
        await upgrade(url)
        engine = make_engine(url)
        try:
            return await run_purge(
                make_uow_factory(engine), SystemClock(), settings, dry_run=dry_run
            )
        finally:
            await engine.dispose()

    report = asyncio.run(run())
    line = {
        "dry_run": report.dry_run,
        "cutoff": report.cutoff.isoformat(),
        "counts": report.counts,
        "total": report.total,
    }
    typer.echo(json.dumps(line, sort_keys=True))
