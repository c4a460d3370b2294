"""Names through the real edges: a look-alike copy of a member's pseudonym is
``pseudo_taken`` at sign-up and the owner signs in with any look-alike
spelling's key; mixed scripts and authority look-alikes are refused; the
operator CLI refuses room names the message rules refuse (SQLite and
PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from causerie.cli.main import app
from tests.harness import Server, signup


async def _guest(server: Server, pseudo: str) -> tuple[int, dict[str, object]]:
    async with server.client() as http:
        response = await http.post(
            "/api/v1/session/guest",
            json={"pseudo": pseudo, "gender": "undisclosed", "age": 30, "city": "Lyon"},
        )
    return response.status_code, response.json()


async def test_look_alike_copies_are_taken(server: Server) -> None:
    await signup(server, pseudo="Emilie_Lyon")
    for copy in ("EmiIie_Lyon", "emilie.lyon", "Ernilie_Lyon"):  # capital i, dot, rn for m
        status, body = await _guest(server, copy)
        assert status == 409 and body["code"] == "pseudo_taken", (copy, body)


async def test_mixed_scripts_and_authority_look_alikes_are_refused(server: Server) -> None:
    for pseudo, reason in [
        ("Lеа_Lyon", "mixed_script"),  # Cyrillic e and a
        ("PoIice_Nationale", "staff_impersonation"),
        ("Ꮇoderateur", "staff_impersonation"),
        ("daddy4teen", "minor_sexualisation"),
    ]:
        status, body = await _guest(server, pseudo)
        assert status == 422 and body["code"] == "name_not_allowed", (pseudo, body)
        assert reason in str(body), (pseudo, body)


def test_cli_refuses_room_names_the_rules_refuse(
    tmp_path: Path, migrated_database_url: str
) -> None:
    runner = CliRunner()
    db = ["--database-url", migrated_database_url, "--data-dir", str(tmp_path)]
    for name in ("Les migrants c des rats", "PoIice Nationale", "Gendarrnerie"):
        result = runner.invoke(
            app,
            ["rooms", "add", "--slug", "r", "--name", name, "--theme", "general",
             "--band", "adult", *db],
        )  # fmt: skip
        assert result.exit_code == 1 and "name_not_allowed" in result.output, name
    ok = runner.invoke(
        app,
        ["rooms", "add", "--slug", "m", "--name", "Musique & concerts", "--theme", "general",
         "--band", "adult", *db],
    )  # fmt: skip
    assert ok.exit_code == 0, ok.output
