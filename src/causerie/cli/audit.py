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
    from causerie.cli.context import settings_for
    from causerie.services.audit import Verification
    from causerie.services.audit import verify as verify_chain
    from causerie.storage.engine import make_engine
    from causerie.storage.migrate import upgrade
    from causerie.storage.uow import make_uow_factory

    async def run() -> Verification:
        settings = settings_for(data_dir, database_url)
        url = settings.effective_database_url
        await upgrade(url)  # an empty or older database has an empty, intact log
        engine = make_engine(url)
        try:
            return await verify_chain(make_uow_factory(engine))
        finally:
            await engine.dispose()

    result = asyncio.run(run())
    if result.fault is not None:
        typer.echo(f"audit log BROKEN at {result.fault} ({result.entries} entries intact before)")
        raise typer.Exit(1)
    typer.echo(f"audit log intact: {result.entries} entries")
