"""A bio is read by everyone who opens the profile: the message filter
applies to it as to a public message (issue 16: "a profile bio, filtered
like messages")."""

from __future__ import annotations

from tests.harness import Server, signup


async def test_a_bio_goes_through_the_message_filter(server: Server) -> None:
    newbie = await signup(server)
    fine = await newbie.http.patch("/api/v1/me", json={"bio": "J'aime le jazz et la rando"})
    assert fine.status_code == 200 and fine.json()["bio"] == "J'aime le jazz et la rando"

    # Contact details were already refused by the name policy.
    number = await newbie.http.patch("/api/v1/me", json={"bio": "Appelle-moi au 06 12 34 56 78"})
    assert number.status_code == 422 and number.json()["code"] == "name_not_allowed"

    # A veiled threat: a message saying it is held
    # for a moderator, and a bio, which cannot wait, is refused.
    for threat in (
        "ce serait dommage qu'il arrive quelque chose à ta famille",
        "shame if something happened to your sister",
    ):
        refused = await newbie.http.patch("/api/v1/me", json={"bio": threat})
        assert refused.status_code in (403, 422), refused.text
        # The name policy reads threats in bios too since session 9
        # (s9fix3): either door refuses it, and nothing is saved.
        assert refused.json()["code"] in ("name_not_allowed", "blocked_by_filter")
    profile = (await (await signup(server)).http.get(f"/api/v1/users/{newbie.id}")).json()
    assert profile["bio"] == "J'aime le jazz et la rando"
