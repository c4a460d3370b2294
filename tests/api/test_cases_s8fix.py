"""Issue 12, s8fix: a private request whose first message is refused with a
case says on its case whether a teen is involved, as a refused bio's case
does (the request's case said nothing of it)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.moderation_helpers import open_cases
from tests.harness import Member, Server, signup, staff

MINOR = "t'as 14 ans ? tu dois être trop belle en maillot"
CONV = "/api/v1/conversations"


async def refused_case(moderator: Member) -> dict[str, Any]:
    [case] = [c for c in await open_cases(moderator) if c["kind"] == "automatic"]
    response = await moderator.http.get(f"/api/v1/moderation/cases/{case['id']}")
    assert response.status_code == 200, response.text
    seen: dict[str, Any] = response.json()
    return seen


@pytest.mark.parametrize(
    ("ages", "involves_teen"), [((15, 16), True), ((34, 41), False)], ids=["teens", "adults"]
)
async def test_a_refused_request_says_whether_a_teen_is_involved(
    server: Server, ages: tuple[int, int], involves_teen: bool
) -> None:
    alice, bob = await signup(server, age=ages[0], trust=1), await signup(server, age=ages[1])
    moderator = await staff(server)
    response = await alice.http.post(CONV, json={"user_id": bob.id, "text": MINOR})
    assert response.status_code == 422, response.text
    seen = await refused_case(moderator)
    assert seen["content"]["type"] == "dm_request"
    assert seen["content"]["involves_teen"] is involves_teen


async def test_a_teen_refused_bio_says_so_like_a_request(server: Server) -> None:
    author = await signup(server, age=15, trust=1)
    moderator = await staff(server)
    response = await author.http.patch("/api/v1/me", json={"bio": MINOR})
    assert response.status_code == 422, response.text
    seen = await refused_case(moderator)
    assert seen["content"]["type"] == "bio"
    assert seen["content"]["involves_teen"] is True
