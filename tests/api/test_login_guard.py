"""Password guessing without locking the owner out (services/login_guard.py):
backoff per (pseudo, address) that doubles, a looser ceiling per pseudo that
spares the owner's known address, and a login that costs one argon2
verification whether or not the pseudo has a password."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from causerie.adapters.ratelimit_memory import MemoryRateLimiter
from causerie.adapters.ratelimit_redis import RedisRateLimiter
from causerie.config import Settings
from causerie.domain.errors import RateLimited
from causerie.services import login_guard
from tests.api.edge_helpers import edge_server
from tests.contract.conftest_redis import unique_prefix
from tests.harness import Server, signup
from tests.harness import test_settings as make_settings
from tests.support.clock import FakeClock

PASSWORD = "correct horse battery"


# --- the guard on both limiter engines, with a hand-driven clock ---------------


@pytest.fixture(params=["memory", "redis"])
async def guarded(request: pytest.FixtureRequest) -> AsyncIterator[tuple[Any, FakeClock]]:
    clock = FakeClock()
    if request.param == "memory":
        limiter: Any = MemoryRateLimiter(clock)
    else:
        limiter = RedisRateLimiter(
            request.getfixturevalue("redis_url"), clock, prefix=unique_prefix("login")
        )
    settings = Settings(
        login_free_failures=3,
        login_max_backoff_seconds=60.0,
        login_failure_decay_seconds=600.0,
        login_failures_per_pseudo=(20, 3600.0),
    )
    yield SimpleNamespace(limiter=limiter, settings=settings), clock
    if isinstance(limiter, RedisRateLimiter):
        await limiter.aclose()


async def _wait(deps: Any, key: str, address: str) -> float:
    try:
        await login_guard.check(deps, key, address)
    except RateLimited as refused:
        return float(refused.params["retry_after"])
    return 0.0


async def test_backoff_starts_after_the_free_failures_and_doubles(
    guarded: tuple[Any, FakeClock],
) -> None:
    deps, clock = guarded
    for _ in range(2):
        assert await _wait(deps, "owner", "1.1.1.1") == 0
        await login_guard.failed(deps, "owner", "1.1.1.1")
    assert await _wait(deps, "owner", "1.1.1.1") == 0
    waits = []
    for _ in range(5):
        await login_guard.failed(deps, "owner", "1.1.1.1")
        waits.append(await _wait(deps, "owner", "1.1.1.1"))
        clock.advance(waits[-1])  # the attacker waits exactly as long as told
        assert await _wait(deps, "owner", "1.1.1.1") == 0
    assert waits == [1, 2, 4, 8, 16]
    # Capped.
    for _ in range(4):
        await login_guard.failed(deps, "owner", "1.1.1.1")
        clock.advance(await _wait(deps, "owner", "1.1.1.1"))
    await login_guard.failed(deps, "owner", "1.1.1.1")
    assert await _wait(deps, "owner", "1.1.1.1") == 60
    # Another address, and another pseudo from the same address, are not held.
    assert await _wait(deps, "owner", "2.2.2.2") == 0
    assert await _wait(deps, "someone", "1.1.1.1") == 0


async def test_failures_are_forgotten_over_time(guarded: tuple[Any, FakeClock]) -> None:
    deps, clock = guarded
    for _ in range(3):
        await login_guard.failed(deps, "owner", "1.1.1.1")
    assert await _wait(deps, "owner", "1.1.1.1") == 1
    clock.advance(3 * 600)  # three decays: all forgotten
    await login_guard.failed(deps, "owner", "1.1.1.1")
    assert await _wait(deps, "owner", "1.1.1.1") == 0


async def test_the_pseudo_ceiling_spares_the_owners_known_address(
    guarded: tuple[Any, FakeClock],
) -> None:
    deps, _clock = guarded
    await login_guard.succeeded(deps, "owner", "10.0.0.1")  # the owner's usual address
    for n in range(21):  # a spread-out attack: 21 addresses, one failure each
        await login_guard.failed(deps, "owner", f"203.0.113.{n}")
    assert await _wait(deps, "owner", "203.0.113.200") > 0  # unknown: refused
    assert await _wait(deps, "owner", "10.0.0.1") == 0  # the owner gets in


# --- over HTTP, with addresses from a trusted proxy's X-Forwarded-For ----------


@pytest.fixture
async def behind_proxy(tmp_path: Path) -> AsyncIterator[Server]:
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'c.db'}")
    async with edge_server(settings, proxy_headers=True, forwarded_allow_ips="127.0.0.1") as live:
        yield live


async def _login(server: Server, pseudo: str, password: str, address: str) -> httpx.Response:
    async with server.client() as http:
        return await http.post(
            "/api/v1/session",
            json={"pseudo": pseudo, "password": password},
            headers={"X-Forwarded-For": address},
        )


async def test_an_attacker_cannot_lock_the_owner_out(behind_proxy: Server) -> None:
    owner = await signup(behind_proxy)
    assert (await owner.http.post("/api/v1/accounts", json={"password": PASSWORD})).is_success
    pseudo = owner.user["pseudo"]
    assert (await _login(behind_proxy, pseudo, PASSWORD, "198.51.100.7")).status_code == 201
    statuses = [
        (await _login(behind_proxy, pseudo, f"guess{n}", "203.0.113.9")).status_code
        for n in range(12)
    ]
    assert statuses[:5] == [401] * 5
    assert 429 in statuses  # the attacker is slowed down…
    refused = await _login(behind_proxy, pseudo, "guess", "203.0.113.9")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    # …the owner, from their own address, is not; nor erasure's password check.
    for _ in range(2):
        assert (await _login(behind_proxy, pseudo, PASSWORD, "198.51.100.7")).status_code == 201
    erased = await owner.http.request(
        "DELETE", "/api/v1/me", json={"confirm": pseudo, "password": PASSWORD}
    )
    assert erased.status_code == 204, erased.text


async def test_a_forged_forwarded_address_from_a_direct_client_changes_nothing(
    tmp_path: Path,
) -> None:
    # Default serve: forwarded headers are believed from nobody, so rotating
    # X-Forwarded-For does not escape the per-address backoff.
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'c.db'}")
    async with edge_server(settings, proxy_headers=False) as live:
        owner = await signup(live)
        assert (await owner.http.post("/api/v1/accounts", json={"password": PASSWORD})).is_success
        statuses = [
            (await _login(live, owner.user["pseudo"], "guess", f"192.0.2.{n}")).status_code
            for n in range(8)
        ]
    assert 429 in statuses


class _Counting:
    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.verified = 0

    async def hash(self, password: str) -> str:
        result: str = await self.inner.hash(password)
        return result

    async def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        result: bool = await self.inner.verify(password_hash, password)
        return result


async def test_a_login_verifies_one_hash_whether_or_not_the_pseudo_has_a_password(
    server: Server,
) -> None:
    with_password, guest_only = await signup(server), await signup(server)
    assert (
        await with_password.http.post("/api/v1/accounts", json={"password": PASSWORD})
    ).is_success
    deps = server.app.state.deps
    counting = _Counting(deps.passwords)
    deps.passwords = counting
    async with server.client() as http:
        for pseudo in (with_password.user["pseudo"], guest_only.user["pseudo"], "nobody_here"):
            before = counting.verified
            response = await http.post(
                "/api/v1/session", json={"pseudo": pseudo, "password": "wrong password"}
            )
            assert response.status_code == 401
            assert response.json()["code"] == "bad_credentials"
            assert counting.verified - before == 1, pseudo
