"""DSA art. 23(1): a member whose messages are repeatedly removed as illegal
is warned, then suspended, each time with a statement of reasons; removals
for reasons that are not illegal (spam) do not count."""

from __future__ import annotations

from pathlib import Path

from tests import harness
from tests.api.moderation_helpers import act, case_for, notices, post_message, report
from tests.harness import live_server, signup, staff


async def test_repeated_illegal_content_warns_then_suspends(
    tmp_path: Path, migrated_database_url: str
) -> None:
    settings = harness.test_settings(
        tmp_path, migrated_database_url, member_warn_after=2, member_suspend_after=3
    )
    async with live_server(settings) as server:
        offender, witness = await signup(server), await signup(server)
        moderator = await staff(server)

        async def remove(text: str, reason: str) -> None:
            posted = await post_message(offender, text)
            assert (await report(witness, "message", posted["id"], reason)).status_code == 201
            case = await case_for(moderator, posted["id"])
            assert (await act(moderator, case["id"], "delete_message")).status_code == 200

        await remove("achète mes followers pas chers", "spam")
        await remove("premier message haineux", "hate")
        assert (await offender.http.get("/api/v1/me")).json()["status"] == "active"
        await remove("deuxième message haineux", "hate")  # 2 illegal: a warning
        warned = [n for n in await notices(offender) if n.get("rule", "").startswith("Contenus")]
        assert len(warned) == 1 and "2 de tes messages" in warned[0]["facts"]
        assert (await offender.http.get("/api/v1/me")).json()["status"] == "active"
        await remove("troisième menace", "threat")  # 3 after a warning: suspended
        me = await offender.http.get("/api/v1/me")
        assert me.json()["status"] == "suspended"
        rules = [n for n in await notices(offender) if n.get("rule", "").startswith("Contenus")]
        assert len(rules) == 2 and rules[0]["appealable"] is True


async def test_lifting_another_cases_suspension_keeps_the_dsa_suspension(
    tmp_path: Path, migrated_database_url: str
) -> None:
    """The art. 23 suspension is recorded on its case (by ``system``): a
    moderator who lifts a longer, unrelated suspension gives back that one
    only; an appeal of the art. 23 decision can still end it."""
    settings = harness.test_settings(
        tmp_path, migrated_database_url, member_warn_after=1, member_suspend_after=2
    )
    async with live_server(settings) as server:
        offender, witness = await signup(server), await signup(server)
        moderator, other = await staff(server), await staff(server)
        spam = await post_message(offender, "achète mes followers pas chers")
        cases = []
        for text, reason in (("un message haineux", "hate"), ("une menace", "threat")):
            posted = await post_message(offender, text)
            assert (await report(witness, "message", posted["id"], reason)).status_code == 201
            case = await case_for(moderator, posted["id"])
            assert (await act(moderator, case["id"], "delete_message")).status_code == 200
            cases.append(case["id"])
        me = (await offender.http.get("/api/v1/me")).json()
        assert me["status"] == "suspended"
        detail = (await moderator.http.get(f"/api/v1/moderation/cases/{cases[-1]}")).json()
        recorded = [(a["action"], a["moderator_id"]) for a in detail["actions"]]
        assert ("suspend", "system") in recorded

        assert (await report(witness, "message", spam["id"], "spam")).status_code == 201
        spam_case = await case_for(other, spam["id"])
        longer = await act(other, spam_case["id"], "suspend", duration_hours=8760)
        assert longer.status_code == 200, longer.text
        assert (await act(other, spam_case["id"], "lift")).status_code == 200
        assert (await offender.http.get("/api/v1/me")).json()["status"] == "suspended"

        [dsa] = [
            n
            for n in await notices(offender)
            if n.get("action") == "suspend" and n.get("rule", "").startswith("Contenus")
        ]
        filed = await offender.http.post(
            "/api/v1/appeals", json={"notice_id": dsa["id"], "text": "Ce n'était pas moi."}
        )
        assert filed.status_code == 201, filed.text
        admin = await staff(server, role="admin")
        granted = await admin.http.post(
            f"/api/v1/moderation/cases/{filed.json()['id']}/actions",
            json={"action": "lift", "rule": "Règle 3", "facts": "Réexaminé."},
        )
        assert granted.status_code == 200, granted.text
        assert (await offender.http.get("/api/v1/me")).json()["status"] == "active"
