"""Operator commands publish too: a role change or a judicial ban made with
``causerie`` — another process, without the server's realtime node — reaches
the member's open screens. The command commits its events into the event
outbox with the change; the running server takes and publishes them
(storage/outbox.py). On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from typer.testing import CliRunner

from causerie.cli.main import app
from tests.harness import Server, WsClient, signup

runner = CliRunner()


async def causerie(*args: str, db: list[str], os_user: str = "alice") -> str:
    # On a thread: the command runs its own event loop, its own engine and
    # unit-of-work factory, and no realtime node, like a separate process.
    result = await asyncio.to_thread(runner.invoke, app, [*args, *db], env={"LOGNAME": os_user})
    assert result.exit_code == 0, (args, result.output)
    return result.output


async def next_account_frame(ws: WsClient) -> None:
    await ws.expect("account", timeout=15.0)


async def test_a_role_change_and_a_ban_from_the_command_line_reach_open_screens(
    server: Server, migrated_database_url: str, tmp_path: Path
) -> None:
    db = ["--database-url", migrated_database_url, "--data-dir", str(tmp_path)]
    target = await signup(server, pseudo="Cible7")
    for pseudo in ("Greffe1", "Greffe2"):
        await signup(server, pseudo=pseudo)
    screen = await target.ws()

    await causerie("users", "role", "Cible7", "moderator", db=db)
    await next_account_frame(screen)  # the screen is told: it fetches /me again
    assert (await target.http.get("/api/v1/me")).json()["role"] == "moderator"
    await causerie("users", "role", "Cible7", "none", db=db)
    await next_account_frame(screen)

    for pseudo in ("Greffe1", "Greffe2"):
        await causerie("users", "role", pseudo, "legal", db=db)
    pending = json.loads(
        await causerie("legal", "ban", "add", "Cible7", "--court", "TJ Lyon",
                       "--court-reference", "26/7", "--term-days", "30", "--as", "Greffe1",
                       db=db)
    )  # fmt: skip
    await causerie("legal", "ban", "execute", pending["id"], "--as", "Greffe2", db=db,
                   os_user="bob")  # fmt: skip
    # The member's live socket is closed by the ban made in another process.
    await asyncio.wait_for(screen.conn.wait_closed(), timeout=15.0)
    assert screen.conn.close_code == 4003
