"""``causerie media import-hashes``: add an operator's list of known images
(PDQ hashes) to the bank every upload is compared with (docs/media.md)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from causerie.cli.options import DatabaseUrl, DataDir

media_app = typer.Typer(no_args_is_help=True, help="Photos: the bank of known images.")


@media_app.command("import-hashes")
def import_hashes(
    input_file: Annotated[
        Path, typer.Option("--input", help="One PDQ hash (64 hex digits) a line.")
    ],
    source: Annotated[str, typer.Option(help="Where the list comes from (kept per hash).")] = (
        "import"
    ),
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Exit 0 with the count added; 2 naming the first bad line (nothing imported)."""
    from causerie.adapters.clock import SystemClock
    from causerie.cli.database import operator_database, settings_for
    from causerie.domain.media import HashListError, parse_hash_list
    from causerie.services.media import import_hashes as import_to_bank

    try:
        with input_file.open(encoding="utf-8") as lines:
            hashes = parse_hash_list(lines)
    except HashListError as exc:
        typer.echo(f"error: {input_file}: {exc}", err=True)
        raise typer.Exit(2) from None
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: {input_file}: {exc}", err=True)
        raise typer.Exit(2) from None

    async def run() -> int:
        async with operator_database(settings_for(data_dir, database_url)) as uow:
            return await import_to_bank(uow, SystemClock().now(), hashes, source)

    added = asyncio.run(run())
    typer.echo(f"{added} new hashes added to the bank ({len(hashes) - added} already there)")
