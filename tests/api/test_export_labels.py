"""``causerie safety export-labels``: moderators' decisions, taken through the
API, come out as pseudonymised labelled examples (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

from typer.testing import CliRunner

from causerie.cli.main import app
from causerie.services.labels import (
    AUDIT_ACTION,
    Pseudonyms,
    export_labels,
    mask_personal_data,
    verdict_for,
)
from tests.api.moderation_helpers import act, case_for, open_cases, post_message, report
from tests.api.test_privacy import erase
from tests.harness import Member, Server, room_for_band, signup, staff
from tests.support.clock import FakeClock

runner = CliRunner()


async def held(member: Member, text: str, client_id: str) -> None:
    room = await room_for_band(member)
    ws = await member.ws()
    await ws.join(room)
    await ws.send_text(room, text, client_id)
    assert (await ws.expect("error"))["code"] == "held_for_review"


async def held_case(moderator: Member, text: str) -> str:
    for case in await open_cases(moderator):
        if case["kind"] != "automatic":
            continue
        detail = (await moderator.http.get(f"/api/v1/moderation/cases/{case['id']}")).json()
        if detail["content"]["text"] == text:
            return str(case["id"])
    raise AssertionError(f"no held case for {text!r}")


def run_cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


async def test_decisions_become_pseudonymised_labels(
    server: Server, migrated_database_url: str, tmp_path: Path
) -> None:
    author, victim, reporter = await signup(server), await signup(server), await signup(server)
    gone = await signup(server)
    moderator = await staff(server)
    # Confirmed: a held threat deleted by a moderator.
    await held(author, "je vais te tuer", "h1")
    assert (
        await act(moderator, await held_case(moderator, "je vais te tuer"), "delete_message")
    ).status_code == 200
    # Dismissed: a held message released.
    await held(author, "I will kill you", "h2")
    assert (
        await act(moderator, await held_case(moderator, "I will kill you"), "release")
    ).status_code == 200
    # Confirmed: a reported message naming another member, deleted for harassment.
    insult = f"{victim.user['pseudo']} regarde ça, @{victim.user['pseudo']} réponds"
    posted = await post_message(author, insult)
    assert (await report(reporter, "message", posted["id"], "harassment")).status_code == 201
    case = await case_for(moderator, posted["id"])
    assert (await act(moderator, case["id"], "delete_message")).status_code == 200
    # An erased account's decided message is never exported.
    await held(gone, "je vais te crever", "h3")
    assert (
        await act(moderator, await held_case(moderator, "je vais te crever"), "delete_message")
    ).status_code == 200
    assert (await erase(gone)).status_code == 204
    # Still open: no decision yet, not exported.
    await held(author, "je vais te buter", "h4")

    output = tmp_path / "labels.jsonl"
    code, _, err = await asyncio.to_thread(
        run_cli, "safety", "export-labels", "--output", str(output), "--database-url",
        migrated_database_url, "--data-dir", str(tmp_path),
    )  # fmt: skip
    assert code == 0, err
    assert "3 labelled messages" in err and "author erased: 1" in err
    assert os.stat(output).st_mode & 0o077 == 0  # the operator's only
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    by_text = {line["text"]: line for line in lines}
    assert set(by_text) == {
        "je vais te tuer",
        "I will kill you",
        "membre1 regarde ça, membre1 réponds",
    }
    threat = by_text["je vais te tuer"]
    assert threat["decision"] == "confirmed" and threat["categories"] == ["threat"]
    assert threat["verdict"] == "hold"
    assert threat["context"] == "adult_public" and threat["new_account"] is True
    assert threat["lang"] in ("fr", "en")
    released = by_text["I will kill you"]
    assert released["decision"] == "dismissed"
    assert released["categories"] == [] and released["verdict"] == "allow"
    harassment = by_text["membre1 regarde ça, membre1 réponds"]
    assert harassment["categories"] == ["harassment"] and harassment["verdict"] == "block"
    # No ids, no pseudos anywhere.
    dump = output.read_text(encoding="utf-8")
    for member in (author, victim, reporter, gone, moderator):
        assert member.id not in dump and member.user["pseudo"] not in dump
    assert [line["id"] for line in lines] == [f"moderation-m{i:05d}" for i in range(1, 4)]
    # The lines are readable by the corpus reader the training script uses.
    from eval.corpus import parse_message

    assert {parse_message(line, "moderation").verdict for line in lines} == {
        "hold",
        "allow",
        "block",
    }

    # Audited, with counts only.
    deps = server.app.state.deps
    async with deps.uow() as uow:
        entry = await uow.audit.latest(AUDIT_ACTION)
    assert entry is not None
    assert entry.payload["exported"] == 3 and entry.payload["confirmed"] == 2
    assert author.user["pseudo"] not in json.dumps(entry.payload)


async def test_decisions_past_retention_are_not_exported(server: Server) -> None:
    author = await signup(server)
    moderator = await staff(server)
    await held(author, "je vais te tuer", "r1")
    assert (
        await act(moderator, await held_case(moderator, "je vais te tuer"), "delete_message")
    ).status_code == 200
    deps = server.app.state.deps
    now = await export_labels(deps.uow, FakeClock.shifted(), deps.settings)
    assert len(now.lines) == 1
    past = deps.settings.connection_data_days + 1
    later = await export_labels(deps.uow, FakeClock.shifted(days=past), deps.settings)
    assert later.lines == []


def test_pseudonyms_are_stable_and_whole_words() -> None:
    names = Pseudonyms()
    assert names.replace("salut Lea et lea_2009", {"lea_2009", "Lea"}) == "salut membre2 et membre1"
    assert names.replace("Leana dit bonjour à @LEA", {"Lea"}) == "Leana dit bonjour à membre2"


def test_personal_data_is_masked() -> None:
    masked = mask_personal_data("appelle moi au 06 12 34 56 78 ou lea@example.com")
    assert "06 12" not in masked and "lea@example.com" not in masked
    assert "•••" in masked


def test_verdicts_follow_the_guide() -> None:
    assert verdict_for({"threat"}, "adult_public") == "hold"
    assert verdict_for({"hate"}, "teen_public") == "block"
    assert verdict_for({"sexual_content"}, "dm_teen") == "block"
    assert verdict_for({"sexual_content"}, "adult_public") == "hold"
    assert verdict_for({"personal_data"}, "dm_teen") == "mask"
    assert verdict_for({"hate", "threat"}, "adult_public") == "hold"
    assert verdict_for(set(), "dm_adult") == "allow"
