"""The requisition desk end to end: intake, four-eyes approval, a signed and
encrypted export whose manifest ``causerie legal verify`` checks (and whose
tampering it names), every step in the audit chain; preservation orders stop
erasure and the purge for their term, then release."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from causerie.cli.main import app
from causerie.services import legal_archive, retention
from causerie.services.legal import held_accounts
from tests.api.moderation_helpers import post_message
from tests.harness import Member, Server, signup, staff
from tests.support.clock import FakeClock

runner = CliRunner()


async def _requisition(clerk: Member, accounts: list[str], **extra: Any) -> Any:
    body: dict[str, Any] = {
        "requester": "OPJ Dupont, BR de Lyon, dupont@gendarmerie.interieur.gouv.fr",
        "legal_basis": "cpp_77_1_1",
        "case_reference": "PV 2026/123456",
        "scope": {"accounts": accounts},
    }
    body.update(extra)
    return await clerk.http.post("/api/v1/legal/requisitions", json=body)


def _rezip(data: bytes, change: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, change.get(name, source.read(name)))
    return out.getvalue()


async def test_a_requisition_goes_from_intake_to_a_verified_export(
    server: Server, tmp_path: Path
) -> None:
    suspect = await signup(server, pseudo="Suspect42")
    posted = await post_message(suspect, "rendez-vous ce soir derrière la gare")
    first, second = await staff(server, role="legal"), await staff(server, role="legal")
    moderator, member = await staff(server), await signup(server)
    for outsider in (moderator, member):
        assert (await outsider.http.get("/api/v1/legal/requisitions")).status_code == 404
        assert (await _requisition(outsider, ["Suspect42"])).status_code == 404

    private, public = legal_archive.new_recipient_keypair()
    created = await _requisition(
        first,
        ["suspect42"],
        scope={"accounts": ["suspect42"], "conversations": [posted["room"]]},
        recipient_key=legal_archive.b64(public),
        emergency=True,
    )
    assert created.status_code == 201, created.text
    requisition = created.json()
    assert requisition["status"] == "received"
    assert requisition["scope"]["accounts"] == [suspect.id]
    deadline = datetime.fromisoformat(requisition["deadline"].replace("Z", "+00:00"))
    assert deadline - datetime.now(UTC) <= timedelta(hours=8)  # the emergency track
    path = f"/api/v1/legal/requisitions/{requisition['id']}"

    early = await first.http.post(f"{path}/export", json={})
    assert early.status_code == 403 and early.json()["reason"] == "not_approved"
    own = await first.http.post(f"{path}/approve")
    assert own.status_code == 403 and own.json()["reason"] == "four_eyes"
    approved = await second.http.post(f"{path}/approve")
    assert approved.status_code == 200 and approved.json()["approved_by"] == second.id
    again = await second.http.post(f"{path}/approve")
    assert again.status_code == 409

    exported = await second.http.post(f"{path}/export", json={})
    assert exported.status_code == 200, exported.text
    sealed = exported.content
    assert exported.headers["x-content-sha256"] == legal_archive.sha256(sealed)
    with pytest.raises(legal_archive.DecryptError):
        legal_archive.decrypt(sealed, private_key=legal_archive.new_recipient_keypair()[0])
    plain = legal_archive.decrypt(sealed, private_key=private)
    published = (await second.http.get("/api/v1/legal/signing-key")).json()["ed25519"]
    verdict = legal_archive.verify(plain, legal_archive.unb64(published))
    assert verdict.ok and verdict.manifest is not None
    assert verdict.manifest["case_reference"] == "PV 2026/123456"
    assert verdict.manifest["approved_by"] == second.id

    archive = zipfile.ZipFile(io.BytesIO(plain))
    messages = json.loads(archive.read(f"accounts/{suspect.id}/messages.json"))
    assert [m["text"] for m in messages] == ["rendez-vous ce soir derrière la gare"]
    identification = json.loads(archive.read(f"accounts/{suspect.id}/identification.json"))
    assert identification["account"]["pseudo"] == "Suspect42"
    connections = json.loads(archive.read(f"accounts/{suspect.id}/connections.json"))
    assert connections["sessions"] and connections["device_signals"]
    room = json.loads(archive.read(f"conversations/{posted['room']}.json"))
    assert posted["id"] in [m["id"] for m in room["messages"]]

    # The receiving side: the CLI verifies, and names what was altered.
    sealed_file, key_file = tmp_path / "export.cle", tmp_path / "recipient.key"
    sealed_file.write_bytes(sealed)
    key_file.write_text(legal_archive.b64(private))
    ok = runner.invoke(
        app,
        [
            "legal",
            "verify",
            str(sealed_file),
            "--private-key",
            str(key_file),
            "--public-key",
            published,
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert "OK" in ok.output
    name = f"accounts/{suspect.id}/messages.json"
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(_rezip(plain, {name: b"[]"}))
    bad = runner.invoke(app, ["legal", "verify", str(tampered)])
    assert bad.exit_code == 1 and name in bad.output
    forged = tmp_path / "forged.zip"
    manifest = json.loads(archive.read("manifest.json"))
    manifest["case_reference"] = "another case"
    forged.write_bytes(_rezip(plain, {"manifest.json": json.dumps(manifest).encode()}))
    bad_sig = runner.invoke(app, ["legal", "verify", str(forged)])
    assert bad_sig.exit_code == 1 and "signature" in bad_sig.output
    # Signed by another key than the operator's published one.
    other = legal_archive.b64(legal_archive.new_recipient_keypair()[1])
    plain_file = tmp_path / "plain.zip"
    plain_file.write_bytes(plain)
    wrong_key = runner.invoke(app, ["legal", "verify", str(plain_file), "--public-key", other])
    assert wrong_key.exit_code == 1 and "signature" in wrong_key.output
    # Checked only against the key inside the archive: not an OK for a script
    # (a forger puts their own key there), unless explicitly accepted.
    unchecked = runner.invoke(app, ["legal", "verify", str(plain_file)])
    assert unchecked.exit_code == 2 and "origin not checked" in unchecked.output
    accepted = runner.invoke(app, ["legal", "verify", str(plain_file), "--trust-embedded-key"])
    assert accepted.exit_code == 0 and "not its origin" in accepted.output

    # Chain of custody: every step, in order, in the audit log.
    deps = server.app.state.deps
    async with deps.uow() as uow:
        entries = await uow.audit.entries()
    steps = [e for e in entries if e.subject == f"requisition:{requisition['id']}"]
    # The refused attempts too (export before approval, self-approval).
    assert [e.action for e in steps] == [
        "legal.requisition_received",
        "legal.export_refused",
        "legal.requisition_approve_refused",
        "legal.requisition_approved",
        "legal.export",
    ]
    assert steps[1].payload["refused"] == "not_approved"
    assert steps[2].payload["refused"] == "four_eyes"
    assert steps[4].payload["sealed_sha256"] == legal_archive.sha256(sealed)
    assert (await moderator.http.get("/api/v1/moderation/audit/verify")).json()["intact"]


async def test_a_passphrase_export_and_bad_intakes(server: Server) -> None:
    await signup(server, pseudo="Target7")
    first, admin = await staff(server, role="legal"), await staff(server, role="admin")
    for body, field in [
        ({"legal_basis": "cpp_999"}, "legal_basis"),
        ({"scope": {"accounts": []}}, "scope"),
        ({"scope": {"accounts": ["nobody-here"]}}, "accounts"),
        ({"recipient_key": "short"}, "recipient_key"),
        (
            {
                "scope": {
                    "accounts": ["Target7"],
                    "from": "2026-01-02T00:00:00Z",
                    "to": "2026-01-01T00:00:00Z",
                }
            },
            "to",
        ),
    ]:
        response = await _requisition(first, ["Target7"], **body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["field"] == field
    created = (await _requisition(first, ["Target7"])).json()
    path = f"/api/v1/legal/requisitions/{created['id']}"
    assert (await admin.http.post(f"{path}/approve")).status_code == 200
    missing = await admin.http.post(f"{path}/export", json={})
    assert missing.status_code == 422 and missing.json()["field"] == "passphrase"
    passphrase = "given by phone to the OPJ"
    sealed = (await admin.http.post(f"{path}/export", json={"passphrase": passphrase})).content
    with pytest.raises(legal_archive.DecryptError):
        legal_archive.decrypt(sealed, passphrase="a wrong passphrase")
    assert legal_archive.verify(legal_archive.decrypt(sealed, passphrase=passphrase)).ok
    listed = (await first.http.get("/api/v1/legal/requisitions")).json()
    assert [r["status"] for r in listed] == ["exported"]


async def _erase(member: Member) -> None:
    response = await member.http.request(
        "DELETE", "/api/v1/me", json={"confirm": member.user["pseudo"]}
    )
    assert response.status_code == 204, response.text


async def test_a_preservation_order_stops_erasure_and_purge_until_its_term(
    server: Server,
) -> None:
    deps = server.app.state.deps
    frozen, free = await signup(server), await signup(server)
    clerk = await staff(server, role="legal")
    kept = await post_message(frozen, "message sous scellé")
    await post_message(free, "message libre")
    order = await clerk.http.post(
        "/api/v1/legal/holds",
        json={
            "reference": "Parquet de Lyon 26/001",
            "scope": {"accounts": [frozen.id]},
            "days": 30,
        },
    )
    assert order.status_code == 201, order.text
    order_id = order.json()["order_id"]
    await _erase(frozen)
    await _erase(free)

    async def texts(user_id: str) -> list[str]:
        async with deps.uow() as uow:
            found = await uow.privacy.messages_by(user_id, None, 100)
        return [m.text for m in found]

    assert await texts(frozen.id) == ["message sous scellé"]  # erasure kept it
    assert await texts(free.id) == [""]
    # A year and a day later, the order still in force (renewed): the purge
    # keeps the frozen account's identification and connection data.
    renewed = await clerk.http.post(f"/api/v1/legal/holds/{order_id}/renew", json={"days": 365})
    assert renewed.status_code == 200
    report = await retention.purge(deps.uow, FakeClock.shifted(days=366), deps.settings)
    assert report.counts["identification_records"] == 1  # the free one only
    async with deps.uow() as uow:
        assert await uow.legal.identification_record(frozen.id) is not None
        assert await uow.legal.identification_record(free.id) is None
        assert await uow.privacy.device_signals_of(frozen.id)
    assert await texts(frozen.id) == ["message sous scellé"]
    assert kept["id"]
    # After the term: the same purge releases and deletes it.
    async with deps.uow() as uow:
        assert frozen.id not in await held_accounts(uow, FakeClock.shifted(days=400 + 30).now())
    released = await retention.purge(deps.uow, FakeClock.shifted(days=400 + 30), deps.settings)
    assert released.counts["identification_records"] == 1
    assert released.counts["erased_messages"] == 1
    assert await texts(frozen.id) == [""]
    async with deps.uow() as uow:
        assert await uow.legal.identification_record(frozen.id) is None
        actions = [e.action for e in await uow.audit.entries()]
    assert "legal.hold_placed" in actions and "legal.hold_renewed" in actions
