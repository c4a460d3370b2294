"""Two ``DELETE /me`` at once (two tabs, a double click) erase the account
once: one audit entry, one sealed record; the other request is a no-op."""

from __future__ import annotations

import asyncio

from tests.harness import Server, signup


async def test_two_concurrent_erasures_complete_once(server: Server) -> None:
    member = await signup(server)
    deps = server.app.state.deps
    body = {"confirm": member.user["pseudo"]}
    # Hold the account's row so that both requests are inside their erasure
    # before either can commit (PostgreSQL: a row lock; SQLite: the write lock).
    async with deps.uow(write=True) as lock:
        await lock.users.update(member.id, bio="verrou")
        first = asyncio.create_task(member.http.request("DELETE", "/api/v1/me", json=body))
        second = asyncio.create_task(member.http.request("DELETE", "/api/v1/me", json=body))
        await asyncio.sleep(1.0)
        await lock.commit()
    responses = await asyncio.gather(first, second)
    statuses = sorted(r.status_code for r in responses)
    # Both land on an erased account: 204 (or 401 when the second one is
    # authenticated only after the first revoked the session).
    assert statuses[0] == 204 and statuses[1] in (204, 401), [r.text for r in responses]
    async with deps.uow() as uow:
        entries = [
            e
            for e in await uow.audit.entries()
            if e.action == "account_erased" and e.subject == f"user:{member.id}"
        ]
        user = await uow.users.get(member.id)
    assert len(entries) == 1, entries
    assert user is not None and user.status.value == "erased"
