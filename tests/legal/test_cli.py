"""The desk from the command line: roles, flaggers, a requisition through
four eyes to an export the receiving side verifies, a hold, a pending ban."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from causerie.cli.main import app
from causerie.domain.audit import AuditEntry
from causerie.domain.models import Role
from causerie.safety.names import pseudo_key
from causerie.storage import make_engine, make_uow_factory
from tests.conftest import run_isolated
from tests.factories import make_user

runner = CliRunner()


def test_the_desk_from_the_command_line(migrated_database_url: str, tmp_path: Path) -> None:
    first, second, suspect = (
        make_user(pseudo=p, pseudo_key=pseudo_key(p)) for p in ("Greffe1", "Greffe2", "Suspect9")
    )

    async def seed() -> None:
        engine = make_engine(migrated_database_url)
        try:
            async with make_uow_factory(engine)(write=True) as uow:
                for user in (first, second, suspect):
                    await uow.users.add(user)
                await uow.commit()
        finally:
            await engine.dispose()

    run_isolated(seed)

    async def audit_entries() -> list[AuditEntry]:
        engine = make_engine(migrated_database_url)
        try:
            async with make_uow_factory(engine)() as uow:
                return await uow.audit.entries()
        finally:
            await engine.dispose()

    db = ["--database-url", migrated_database_url, "--data-dir", str(tmp_path)]

    def run(*args: str, code: int = 0, os_user: str = "alice") -> str:
        # getpass.getuser() reads LOGNAME first: who sits at the keyboard.
        result = runner.invoke(app, [*args, *db], env={"LOGNAME": os_user})
        assert result.exit_code == code, (args, result.output)
        return result.output

    for pseudo in ("Greffe1", "Greffe2"):
        assert "role legal" in run("users", "role", pseudo, "legal")
    assert Role("legal") is Role.LEGAL

    added = run("legal", "flagger", "add", "Association e-Enfance")
    assert "token (shown once): tf_" in added
    listed = json.loads(run("legal", "flagger", "list"))
    assert [f["name"] for f in listed] == ["Association e-Enfance"]
    assert "token_hash" not in listed[0]

    created = json.loads(
        run(
            "legal", "requisition", "add", "--as", "Greffe1",
            "--requester", "OPJ Martin", "--legal-basis", "cpp_60_1",
            "--case-reference", "PV 26/77", "--account", "Suspect9",
        )
    )  # fmt: skip
    assert created["status"] == "received" and created["scope"]["accounts"] == [suspect.id]
    refused = run("legal", "requisition", "approve", created["id"], "--as", "Greffe1", code=1)
    assert "four_eyes" in refused
    # The same person at the keyboard cannot approve under a colleague's name.
    alone = run("legal", "requisition", "approve", created["id"], "--as", "Greffe2", code=1)
    assert "four_eyes" in alone
    run("legal", "requisition", "approve", created["id"], "--as", "Greffe2", os_user="bob")
    # The audit log says the command line acted, by whom at the keyboard, and
    # whose name it gave: not a real approval by Greffe2.
    entries = {e.action: e for e in run_isolated(audit_entries)}
    approved = entries["legal.requisition_approved"]
    assert approved.actor == "operator:cli:bob"
    assert entries["legal.requisition_received"].actor == "operator:cli:alice"
    assert approved.payload["as"] == "Greffe2" and approved.payload["cli_approval"] is True
    assert entries["legal.requisition_received"].payload["as"] == "Greffe1"
    assert entries["legal.requisition_approve_refused"].payload["refused"] == "four_eyes"
    secret = tmp_path / "pass.txt"
    secret.write_text("donnée par téléphone\n")
    out = tmp_path / "export.cle"
    run(
        "legal", "requisition", "export", created["id"], "--as", "Greffe2",
        "--out", str(out), "--passphrase-file", str(secret),
    )  # fmt: skip
    shown = runner.invoke(app, ["legal", "public-key", "--data-dir", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    public = shown.output.strip()
    verified = runner.invoke(
        app,
        ["legal", "verify", str(out), "--passphrase-file", str(secret), "--public-key", public],
    )
    assert verified.exit_code == 0 and "OK" in verified.output, verified.output
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("pas la bonne phrase")
    bad = runner.invoke(app, ["legal", "verify", str(out), "--passphrase-file", str(wrong)])
    assert bad.exit_code == 1 and "cannot decrypt" in bad.output

    hold = json.loads(
        run("legal", "hold", "add", "--reference", "Parquet 26/1", "--days", "30",
            "--account", "Suspect9")
    )  # fmt: skip
    renewed = json.loads(run("legal", "hold", "renew", hold["order_id"], "--days", "30"))
    assert renewed["until"] > hold["until"]
    pending = json.loads(
        run("legal", "ban", "add", "Suspect9", "--court", "TJ Lyon", "--court-reference",
            "26/5", "--term-days", "30", "--as", "Greffe1")
    )  # fmt: skip
    assert pending["executed_at"] is None
    assert json.loads(run("legal", "ban", "check")) == []  # not 24 h old yet
    own = run("legal", "ban", "execute", pending["id"], "--as", "Greffe1", code=1, os_user="bob")
    assert "four_eyes" in own
    same_hands = run("legal", "ban", "execute", pending["id"], "--as", "Greffe2", code=1)
    assert "four_eyes" in same_hands
    executed = json.loads(
        run("legal", "ban", "execute", pending["id"], "--as", "Greffe2", os_user="bob")
    )
    assert executed["executed_at"] is not None
    assert run("mail", "outbox") == ""
