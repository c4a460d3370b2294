"""``causerie premium grant|revoke|list|reconcile``: the operator's side of
Causerie+ (docs/premium.md). Grants and revocations are audited. A change
made here reaches running servers' caches within their time limit (five
minutes); the member's own screens see it at their next /me."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Awaitable, Callable
from typing import Annotated

import typer

from causerie.cli.options import DatabaseUrl, DataDir
from causerie.domain.errors import CauserieError
from causerie.domain.models import User
from causerie.domain.times import rfc3339
from causerie.services.deps import Deps

premium_app = typer.Typer(no_args_is_help=True, help="Causerie+ entitlements.")


def _run(
    data_dir: DataDir, database_url: DatabaseUrl, action: Callable[[Deps], Awaitable[None]]
) -> None:
    from causerie.adapters.stripe_gateway import payment_provider
    from causerie.cli.context import operator_deps
    from causerie.cli.database import settings_for

    async def run() -> None:
        settings = settings_for(data_dir, database_url)
        async with operator_deps(settings) as base:
            deps = dataclasses.replace(base, payments=payment_provider(settings))
            try:
                await action(deps)
            finally:
                if deps.payments is not None:
                    await deps.payments.aclose()

    try:
        asyncio.run(run())
    except CauserieError as exc:
        typer.echo(f"error: {exc.code} {exc.params or ''}".rstrip(), err=True)
        raise typer.Exit(1) from exc


async def _member(deps: Deps, pseudo: str) -> User:
    from causerie.safety.names import pseudo_key

    async with deps.uow() as uow:
        user = await uow.users.by_pseudo_key(pseudo_key(pseudo))
    if user is None:
        raise CauserieError("not_found")
    return user


@premium_app.command("grant")
def grant(
    pseudo: str,
    days: Annotated[int, typer.Option("--days", min=1, max=3660)],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Give PSEUDO Causerie+ for N days (never to a 15-17 account)."""
    from causerie.services import premium

    async def action(deps: Deps) -> None:
        entitlement = await premium.grant(deps, await _member(deps, pseudo), days, "operator:cli")
        typer.echo(f"{pseudo}: Causerie+ until {rfc3339(entitlement.ends_at)}")

    _run(data_dir, database_url, action)


@premium_app.command("revoke")
def revoke(pseudo: str, data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """End every Causerie+ entitlement of PSEUDO now (the provider is not
    told: cancel the subscription in its dashboard too)."""
    from causerie.services import premium

    async def action(deps: Deps) -> None:
        count = await premium.revoke(deps, await _member(deps, pseudo), "operator:cli")
        typer.echo(f"{pseudo}: {count} entitlement(s) revoked")

    _run(data_dir, database_url, action)


@premium_app.command("list")
def list_active(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Entitlements in force, one JSON line each."""
    from causerie.services import premium

    async def action(deps: Deps) -> None:
        for e in await premium.active(deps):
            line = {
                "user_id": e.user_id,
                "source": e.source.value,
                "plan": e.plan,
                "until": rfc3339(e.ends_at),
                "cancel_at_period_end": e.cancel_at_period_end,
                "provider_status": e.provider_status,
            }
            typer.echo(json.dumps(line))

    _run(data_dir, database_url, action)


@premium_app.command("reconcile")
def reconcile(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Compare entitlements with the provider's subscriptions and correct
    ours (run it daily from cron or a systemd timer)."""
    from causerie.services import premium

    async def action(deps: Deps) -> None:
        result = await premium.reconcile(deps)
        typer.echo(json.dumps({"checked": result.checked, "corrected": result.corrected}))

    _run(data_dir, database_url, action)
