"""``causerie audit verify``: re-hash the audit chain."""

from __future__ import annotations

import asyncio

import typer

from causerie.cli.options import DatabaseUrl, DataDir

audit_app = typer.Typer(no_args_is_help=True, help="The tamper-evident audit log.")


@audit_app.command("verify")
def verify(
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Exit 0 when the chain is intact, 1 naming the first bad entry."""
    # Light: no gazetteer or filter to load, just the schema and the chain.
    from causerie.cli.database import operator_database, settings_for
    from causerie.services.audit import Verification
    from causerie.services.audit import verify as verify_chain

    async def run() -> Verification:
        # An empty or older database has an empty, intact log.
        async with operator_database(settings_for(data_dir, database_url)) as uow:
            return await verify_chain(uow)

    result = asyncio.run(run())
    if result.fault is not None:
        typer.echo(f"audit log BROKEN at {result.fault} ({result.entries} entries intact before)")
        raise typer.Exit(1)
    typer.echo(f"audit log intact: {result.entries} entries")
