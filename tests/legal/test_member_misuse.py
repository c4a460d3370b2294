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
