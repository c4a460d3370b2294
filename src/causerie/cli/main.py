"""``causerie`` entry point."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from causerie.cli.attest import attest_app
from causerie.cli.audit import audit_app
from causerie.cli.context import operator_deps
from causerie.cli.database import settings_for
from causerie.cli.legal import legal_app
from causerie.cli.mail import mail_app
from causerie.cli.media import media_app
from causerie.cli.options import DatabaseUrl, DataDir
from causerie.cli.premium import premium_app
from causerie.cli.retention import retention_app
from causerie.cli.safety import safety_app
from causerie.cli.transparency import transparency_app
from causerie.config import Settings
from causerie.domain.bands import Band
from causerie.domain.errors import CauserieError
from causerie.services.deps import Deps

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Causerie chat server.",
)
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
rooms_app = typer.Typer(no_args_is_help=True, help="The curated room catalogue.")
users_app = typer.Typer(no_args_is_help=True, help="Operator overrides on accounts.")
app.add_typer(db_app, name="db")
app.add_typer(rooms_app, name="rooms")
app.add_typer(users_app, name="users")


def _fail(exc: CauserieError) -> None:
    typer.echo(f"error: {exc.code} {exc.params or ''}".rstrip(), err=True)
    raise typer.Exit(1)


def _operate(
    data_dir: Path | None, database_url: str | None, action: Callable[[Deps], Awaitable[None]]
) -> None:
    """Run ``action`` against the operator's database; refusals exit 1."""

    async def run() -> None:
        async with operator_deps(settings_for(data_dir, database_url)) as deps:
            await action(deps)

    try:
        asyncio.run(run())
    except CauserieError as exc:
        _fail(exc)


@app.command()
def serve(
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
    host: Annotated[str, typer.Option(envvar="CAUSERIE_HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="CAUSERIE_PORT")] = 8000,
    redis_url: Annotated[str | None, typer.Option(envvar="CAUSERIE_REDIS_URL")] = None,
    no_rate_limits: Annotated[
        bool, typer.Option("--no-rate-limits", envvar="CAUSERIE_NO_RATE_LIMITS")
    ] = False,
    log_level: Annotated[str, typer.Option()] = "info",
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            envvar="CAUSERIE_WORKERS",
            help="Worker processes on this port (one per core); more than one needs --redis-url.",
        ),
    ] = 1,
    metrics_host: Annotated[
        str, typer.Option(envvar="CAUSERIE_METRICS_HOST", help="Operator listener's address.")
    ] = "127.0.0.1",
    metrics_port: Annotated[
        int | None,
        typer.Option(
            envvar="CAUSERIE_METRICS_PORT",
            help="Operator listener: /metrics without a token on this port (one worker only).",
        ),
    ] = None,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            envvar="CAUSERIE_FORWARDED_ALLOW_IPS",
            help="Addresses of the reverse proxy whose X-Forwarded-For/-Proto are believed "
            "(docs/deploy.md); unset: forwarded headers are ignored.",
        ),
    ] = None,
) -> None:
    """Run the server (SQLite under --data-dir and an in-process hub by default)."""

    from causerie.app import create_app
    from causerie.transport.limits import edge_uvicorn_options
    from causerie.transport.ws.direct import uvicorn_options

    settings = settings_for(data_dir, database_url).model_copy(
        update={
            "host": host,
            "port": port,
            "redis_url": redis_url,
            "no_rate_limits": no_rate_limits,
            "metrics_host": metrics_host if metrics_port is not None else None,
            "metrics_port": metrics_port,
            "freeze_startup_heap": True,
        }
    )
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": log_level,
        # Forwarded headers only from the proxy named: from anyone else a
        # forged X-Forwarded-For would choose the address rate limits see.
        "proxy_headers": forwarded_allow_ips is not None,
        "forwarded_allow_ips": forwarded_allow_ips or "",
        "server_header": False,
        **uvicorn_options(),
        **edge_uvicorn_options(
            settings.header_timeout_seconds,
            settings.body_idle_timeout_seconds,
            settings.keep_alive_timeout_seconds,
        ),
    }
    if workers == 1:
        _serve_one(create_app(settings), options, metrics_host, metrics_port)
        return
    if metrics_port is not None:
        raise typer.BadParameter(
            "each worker keeps its own figures: with several workers read /metrics "
            "with CAUSERIE_METRICS_TOKEN instead",
            param_hint="--metrics-port",
        )
    if redis_url is None:
        raise typer.BadParameter(
            "several workers are several nodes: they share rooms through Redis (--redis-url)",
            param_hint="--workers",
        )
    _serve_workers(settings, workers, options)


def _serve_one(
    app: Any, options: dict[str, Any], metrics_host: str, metrics_port: int | None
) -> None:
    """One process; with ``--metrics-port`` a second listening socket on the
    same server, which the app recognises by the port a request came in on."""
    import socket

    import uvicorn

    config = uvicorn.Config(app, **options)
    if metrics_port is None:
        uvicorn.Server(config).run()
        return
    operator = socket.socket(socket.AF_INET6 if ":" in metrics_host else socket.AF_INET)
    operator.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    operator.bind((metrics_host, metrics_port))
    operator.set_inheritable(True)
    uvicorn.Server(config).run(sockets=[config.bind_socket(), operator])


def _serve_workers(settings: Settings, workers: int, options: dict[str, Any]) -> None:
    """uvicorn's process manager: each worker builds its app from the
    environment (``app_from_environment``), so the settings travel there."""
    import uvicorn

    from causerie.storage.migrate import upgrade
    from causerie.transport.limits import EDGE_PROTOCOL_PATH

    url = settings.prepared_database_url()
    # Migrate once, here, rather than in N workers racing on a fresh database.
    asyncio.run(upgrade(url))
    os.environ.update(
        {
            "CAUSERIE_DATABASE_URL": url,
            "CAUSERIE_DATA_DIR": str(settings.data_dir),
            "CAUSERIE_REDIS_URL": str(settings.redis_url),
            "CAUSERIE_NO_RATE_LIMITS": "true" if settings.no_rate_limits else "false",
            "CAUSERIE_FREEZE_STARTUP_HEAP": "true",
            "CAUSERIE_HOST": settings.host,
            "CAUSERIE_PORT": str(settings.port),
            "CAUSERIE_HEADER_TIMEOUT_SECONDS": str(settings.header_timeout_seconds),
            "CAUSERIE_BODY_IDLE_TIMEOUT_SECONDS": str(settings.body_idle_timeout_seconds),
        }
    )
    # The workers are other processes: they get the edge protocol by its
    # import path, its timeouts through the environment just set.
    options = {**options, "http": EDGE_PROTOCOL_PATH}
    uvicorn.run("causerie.app:app_from_environment", factory=True, workers=workers, **options)


@db_app.command("upgrade")
def db_upgrade(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Create or migrate the schema to the latest version."""
    from causerie.storage.migrate import upgrade

    asyncio.run(upgrade(settings_for(data_dir, database_url).prepared_database_url()))
    typer.echo("schema up to date")


@rooms_app.command("list")
def rooms_list(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Every public room, archived ones included, as JSON lines."""

    async def action(deps: Deps) -> None:
        async with deps.uow() as uow:
            rooms = await uow.rooms.list_public(include_archived=True)
        for r in rooms:
            typer.echo(
                json.dumps(
                    {
                        "id": r.id,
                        "slug": r.slug,
                        "name": r.name,
                        "theme": r.theme,
                        "bands": sorted(b.value for b in r.bands),
                        "requires": r.requires,
                        "archived": r.archived,
                    },
                    ensure_ascii=False,
                )
            )

    _operate(data_dir, database_url, action)


@rooms_app.command("add")
def rooms_add(
    slug: Annotated[str, typer.Option()],
    name: Annotated[str, typer.Option()],
    theme: Annotated[str, typer.Option()],
    band: Annotated[str, typer.Option(help="teen or adult")],
    description: Annotated[str, typer.Option()] = "",
    requires: Annotated[str | None, typer.Option(help="age_attestation")] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Add a curated room (its name passes the name policy)."""
    from causerie.services.catalogue import RoomSpec, add_room

    if band not in ("teen", "adult"):
        typer.echo("error: band must be teen or adult", err=True)
        raise typer.Exit(1)

    async def action(deps: Deps) -> None:
        spec = RoomSpec(slug, name, theme, Band(band), description, requires)
        typer.echo((await add_room(deps, spec)).id)

    _operate(data_dir, database_url, action)


@rooms_app.command("import")
def rooms_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Add the rooms of a catalogue file (same format as the shipped one) not yet present."""
    from causerie.services.catalogue import seed_rooms, specs_from_file

    async def action(deps: Deps) -> None:
        typer.echo(f"{await seed_rooms(deps, specs_from_file(file))} rooms added")

    _operate(data_dir, database_url, action)


@rooms_app.command("archive")
def rooms_archive(
    slug: str,
    restore: Annotated[bool, typer.Option("--restore")] = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Hide a room from the catalogue (``--restore`` brings it back); history is kept."""
    from causerie.services.catalogue import archive_room

    async def action(deps: Deps) -> None:
        await archive_room(deps, slug, archived=not restore)

    _operate(data_dir, database_url, action)


@users_app.command("trust")
def users_trust(
    pseudo: str, level: int, data_dir: DataDir = None, database_url: DatabaseUrl = None
) -> None:
    """Set an account's trust level (0-4)."""
    from causerie.services.accounts import set_trust

    async def action(deps: Deps) -> None:
        user = await set_trust(deps, pseudo, level)
        typer.echo(f"{user.pseudo}: trust level {user.trust_level}")

    _operate(data_dir, database_url, action)


@users_app.command("role")
def users_role(
    pseudo: str, role: str, data_dir: DataDir = None, database_url: DatabaseUrl = None
) -> None:
    """Grant ``moderator``, ``admin`` or ``legal`` (the requisition desk), or
    ``none`` to revoke."""
    from causerie.services.roles import set_role  # audited

    if role not in ("moderator", "admin", "legal", "none"):
        typer.echo("error: role must be moderator, admin, legal or none", err=True)
        raise typer.Exit(2)

    async def action(deps: Deps) -> None:
        user = await set_role(deps, pseudo, role)
        typer.echo(f"{user.pseudo}: role {user.role.value}")

    _operate(data_dir, database_url, action)


app.add_typer(safety_app, name="safety", help="Safety filter and risk scorer, offline.")
app.add_typer(audit_app, name="audit")
app.add_typer(media_app, name="media")
app.add_typer(attest_app, name="attest")
app.add_typer(retention_app, name="retention")
app.add_typer(premium_app, name="premium")
app.add_typer(transparency_app, name="transparency")
app.add_typer(legal_app, name="legal")
app.add_typer(mail_app, name="mail")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
