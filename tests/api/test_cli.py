"""Operator commands against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from causerie.cli.main import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_rooms_and_users_commands(tmp_path: Path, migrated_database_url: str) -> None:
    # --data-dir too: the signal key lives there (never in the checkout).
    db = ["--database-url", migrated_database_url, "--data-dir", str(tmp_path)]
    code, out = run("rooms", "add", "--slug", "jardin", "--name", "Jardinage", "--theme",
                    "lifestyle", "--band", "adult", *db)  # fmt: skip
    assert code == 0, out
    code, out = run("rooms", "add", "--slug", "bad", "--name", "Pédo club", "--theme",
                    "general", "--band", "adult", *db)  # fmt: skip
    assert code == 1 and "name_not_allowed" in out
    code, out = run(
        "rooms", "add", "--slug", "x", "--name", "X", "--theme", "t", "--band", "kid", *db
    )
    assert code == 1 and "teen or adult" in out
    code, out = run("rooms", "archive", "jardin", *db)
    assert code == 0, out
    code, out = run("rooms", "list", *db)
    listed = [json.loads(line) for line in out.splitlines()]
    assert [(r["slug"], r["archived"], r["bands"]) for r in listed] == [("jardin", True, ["adult"])]
    code, out = run("users", "trust", "nobody", "1", *db)
    assert code == 1 and "not_found" in out
    code, out = run("users", "role", "nobody", "emperor", *db)
    assert code == 2
