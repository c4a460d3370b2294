"""Password guessing is slowed down without locking the owner out.

A flat limit per pseudo let anyone keep the real owner out of their account
with a couple of wrong passwords a minute. Here (docs/security.md, "Login"):

- per (pseudo, address): ``login_free_failures`` wrong passwords cost
  nothing; after that each failure locks that pair for a wait that doubles
  (1 s, 2 s, 4 s … at most ``login_max_backoff_seconds``). One failure is
  forgotten every ``login_failure_decay_seconds``.
- per pseudo, across all addresses, a looser ceiling
  (``login_failures_per_pseudo``) against a spread-out attack; once reached
  it refuses only addresses the owner never logged in from, so the owner on
  their usual connection still gets in.

Everything goes through the ``RateLimiter`` port (in memory, or Redis shared by
every node). The port only counts hits, so two idioms are used on top of it:
a *peek* — a hit with limit 1 and a one-microsecond window, refused with the
exact remaining wait when the key's bucket is still full, otherwise a no-op
for a microsecond — and a *counter* — hits that each add ``decay`` seconds to
a bucket, so that the remaining time divided by ``decay`` is the number of
failures not yet forgotten."""

from __future__ import annotations

import math
import secrets
import weakref

from causerie.domain.errors import RateLimited
from causerie.ports import PasswordHasher
from causerie.services.deps import Deps

_PEEK_WINDOW = 1e-6
_PEEK_NOISE = 1e-3
_COUNTER_CAPACITY = 1000  # failures a counter can hold before it saturates
KNOWN_ADDRESS_DAYS = 90


async def _peek(deps: Deps, key: str) -> float:
    wait = await deps.limiter.hit(key, 1, _PEEK_WINDOW)
    # A peek that passed leaves a one-microsecond footprint, which a second
    # peek within that microsecond would see; every real wait is far longer.
    return wait if wait >= _PEEK_NOISE else 0.0


async def _hold(deps: Deps, key: str, seconds: float) -> None:
    """Make ``key`` peek as held for ``seconds`` from now (or longer). A
    bucket of two hits, each worth ``seconds``: the hit passes even over a
    peek's footprint or a hold still running (then extending it)."""
    await deps.limiter.hit(key, 2, 2 * seconds)


def _pair(key: str, address: str) -> str:
    return f"{key}:{address}"


async def check(deps: Deps, pseudo_key: str, address: str) -> None:
    """Before a password is verified: ``RateLimited`` while this (pseudo,
    address) is in its backoff, or while the pseudo's global ceiling holds
    and this address is not one the owner used."""
    if deps.settings.no_rate_limits:
        return
    wait = await _peek(deps, "login:lock:" + _pair(pseudo_key, address))
    if wait > 0:
        raise RateLimited(wait)
    wait = await _peek(deps, f"login:lock:{pseudo_key}")
    if wait > 0 and not await _known(deps, pseudo_key, address):
        raise RateLimited(wait)


async def failed(deps: Deps, pseudo_key: str, address: str) -> None:
    """A wrong password (or an unknown pseudo: the same to the caller)."""
    if deps.settings.no_rate_limits:
        return
    s = deps.settings
    decay = s.login_failure_decay_seconds
    counter = "login:fails:" + _pair(pseudo_key, address)
    await deps.limiter.hit(counter, _COUNTER_CAPACITY, decay * _COUNTER_CAPACITY)
    failures = math.ceil(await _peek(deps, counter) / decay - 1e-9)
    if failures >= s.login_free_failures:
        backoff = min(2.0 ** (failures - s.login_free_failures), s.login_max_backoff_seconds)
        await _hold(deps, "login:lock:" + _pair(pseudo_key, address), backoff)
    count, window = s.login_failures_per_pseudo
    over = await deps.limiter.hit(f"login:fails:{pseudo_key}", count, window)
    if over > 0:
        # The ceiling is reached: close the pseudo to unknown addresses until
        # its bucket has room again.
        await _hold(deps, f"login:lock:{pseudo_key}", over)


async def succeeded(deps: Deps, pseudo_key: str, address: str) -> None:
    """Remember the address the owner logged in from: the global ceiling
    never applies to it."""
    await _hold(deps, "login:known:" + _pair(pseudo_key, address), KNOWN_ADDRESS_DAYS * 86400.0)


async def _known(deps: Deps, pseudo_key: str, address: str) -> bool:
    return await _peek(deps, "login:known:" + _pair(pseudo_key, address)) > 0


_DUMMIES: weakref.WeakKeyDictionary[PasswordHasher, str] = weakref.WeakKeyDictionary()


async def dummy_hash(hasher: PasswordHasher) -> str:
    """A hash made with this hasher's own cost, of a password nobody knows:
    verified when the pseudo does not exist or has no password, so a login
    takes as long whether or not the pseudo has a password."""
    found = _DUMMIES.get(hasher)
    if found is None:
        found = await hasher.hash(secrets.token_urlsafe(24))
        _DUMMIES[hasher] = found
    return found


__all__ = ["RateLimited", "check", "dummy_hash", "failed", "succeeded"]
