"""Additive fields the web client reads (issue 16): a profile says whether
its owner takes private requests, so the card can say it before anyone types."""

from __future__ import annotations

from tests.harness import Server, signup


async def test_profile_says_whether_requests_are_accepted(server: Server) -> None:
    viewer = await signup(server, age=30)
    shy = await signup(server, age=31)
    before = (await viewer.http.get(f"/api/v1/users/{shy.id}")).json()
    assert before["accepts_requests"] is True
    changed = await shy.http.patch("/api/v1/me", json={"dm_requests": "nobody"})
    assert changed.status_code == 200
    after = (await viewer.http.get(f"/api/v1/users/{shy.id}")).json()
    assert after["accepts_requests"] is False
