"""DSA art. 18: a case marked a threat to life — by a moderator's escalate
with the mark, or by the safety layer — yields a package for the
authorities (what, who, city only, evidence, timeline, contact points),
tracked from prepared to sent to acknowledged."""

from __future__ import annotations

from causerie.domain.legal import PackageStatus
from causerie.domain.moderation import CaseKind, TargetType
from causerie.services import legal_threats
from causerie.services.cases import open_case
from tests.api.moderation_helpers import case_for, post_message, report
from tests.harness import Server, signup, staff

# Veiled: delivered by the filter (the model holds the plainer "tu connais son
# adresse ? elle rentre seule ce soir" as doxxing, since session 10 the rules
# hold "ce soir tu vas comprendre": an ominous line with a meeting, and since
# session 15 the model holds "attends un peu, tu vas comprendre"), then
# reported by a witness.
THREAT = "tu perds rien pour attendre"


async def test_a_moderators_mark_yields_a_package_tracked_to_acknowledgement(
    server: Server,
) -> None:
    author, witness = await signup(server, city="Lyon"), await signup(server, city="Marseille")
    moderator, clerk = await staff(server), await staff(server, role="legal")
    posted = await post_message(author, THREAT)
    assert (await report(witness, "message", posted["id"], "threat")).status_code == 201
    case = await case_for(moderator, posted["id"])
    acted = await moderator.http.post(
        f"/api/v1/moderation/cases/{case['id']}/actions",
        json={
            "action": "escalate",
            "rule": "Menace de mort",
            "facts": "Menace précise contre une personne identifiable.",
            "threat_to_life": True,
        },
    )
    assert acted.status_code == 200, acted.text
    assert acted.json()["threat_to_life"] is True
    assert (await moderator.http.get("/api/v1/legal/threats")).status_code == 404
    (package,) = (await clerk.http.get("/api/v1/legal/threats")).json()
    content = package["content"]
    assert package["status"] == "prepared" and package["case_id"] == case["id"]
    assert content["what"]["reasons"] == ["threat"]
    (subject,) = [p for p in content["who"] if p["role"] == "subject"]
    assert subject["account_id"] == author.id and subject["city"] == "Lyon"
    assert "lat" not in str(content["where"]) and "Lyon" in content["where"]["cities"]
    assert any(e["content"].get("content", {}).get("text") == THREAT for e in content["evidence"])
    events = [t["event"] for t in content["timeline"]]
    assert events[0] == "case_opened" and "moderator_escalate" in events
    assert content["contacts"] == server.app.state.deps.settings.authority_contacts

    path = f"/api/v1/legal/threats/{package['id']}"
    early = await clerk.http.post(f"{path}/acknowledged", json={"reference": "PHAROS-1"})
    assert early.status_code == 409
    sent = await clerk.http.post(f"{path}/sent", json={"sent_to": "PHAROS"})
    assert sent.status_code == 200 and sent.json()["sent_to"] == "PHAROS"
    done = await clerk.http.post(f"{path}/acknowledged", json={"reference": "PHAROS-2026-77"})
    assert done.status_code == 200
    assert (
        done.json()["status"] == "acknowledged" and done.json()["ack_reference"] == "PHAROS-2026-77"
    )
    deps = server.app.state.deps
    async with deps.uow() as uow:
        actions = [e.action for e in await uow.audit.entries() if e.subject == f"case:{case['id']}"]
    for step in ("prepared", "sent", "acknowledged"):
        assert f"legal.threat_package_{step}" in actions


async def test_a_case_the_safety_layer_marked_is_packaged_by_the_sweep(server: Server) -> None:
    victim = await signup(server, city="Lille")
    deps = server.app.state.deps
    async with deps.uow(write=True) as uow:
        case = await open_case(
            deps,
            uow,
            kind=CaseKind.AUTOMATIC,
            target_type=TargetType.USER,
            target_id=victim.id,
            subject_id=victim.id,
            reason="risk_high",
        )
        await uow.cases.update(case.id, threat_to_life=True)
        await uow.commit()
    assert await legal_threats.sweep(deps) == 1
    assert await legal_threats.sweep(deps) == 0  # one package per case
    async with deps.uow() as uow:
        package = await uow.legal.package_of_case(case.id)
    assert package is not None and package.status is PackageStatus.PREPARED
