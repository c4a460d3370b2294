"""Accounts for a run: guest sign-ups on Causerie (HTTP API v1), or made-up
tokens for the bench relays, which check nothing."""

from __future__ import annotations

import asyncio
import secrets
import string
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import httpx

RELAY_ROOM = "bench"


@dataclass(frozen=True)
class Account:
    token: str
    ws_url: str


def ws_url(base: str, token: str) -> str:
    """``http://host:port`` → the API v1 WebSocket URL with the token as query."""
    parts = urlsplit(base)
    if parts.hostname != "127.0.0.1":
        raise ValueError("the bench only talks to 127.0.0.1")
    return f"ws://{parts.netloc}/api/v1/ws?token={quote(token)}"


def run_tag() -> str:
    """A short random prefix so pseudonyms never collide with an earlier run.

    Digits only: random letters sometimes spell a word the name filter
    refuses, and the whole run failed at sign-up."""
    return "".join(secrets.choice(string.digits) for _ in range(6))


async def sign_up(
    bases: list[str], count: int, *, concurrency: int = 16, within: float = 120.0
) -> list[Account]:
    """``count`` guests, member i on node ``bases[i % len(bases)]``."""
    tag = run_tag()
    limit = asyncio.Semaphore(concurrency)
    clients = [httpx.AsyncClient(base_url=b, timeout=30) for b in bases]

    async def one(i: int) -> Account:
        base = bases[i % len(bases)]
        async with limit:
            response = await clients[i % len(bases)].post(
                "/api/v1/session/guest",
                json={"pseudo": f"b{tag}{i}", "gender": "undisclosed", "age": 30, "city": "Lyon"},
            )
        if response.status_code != 201:
            raise RuntimeError(f"sign-up {i} refused: {response.status_code} {response.text}")
        return Account(
            token=response.json()["token"], ws_url=ws_url(base, response.json()["token"])
        )

    try:
        return list(await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(count))), within))
    finally:
        for client in clients:
            await client.aclose()


async def pick_room(base: str, token: str) -> str:
    """The first public room open to everyone (no attestation required)."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        response = await client.get("/api/v1/rooms", headers={"Authorization": f"Bearer {token}"})
        response.raise_for_status()
        for room in response.json():
            if room.get("requires") is None:
                return str(room["id"])
    raise RuntimeError("no room without requirements")


def relay_accounts(bases: list[str], count: int) -> list[Account]:
    """The relays take any token: it only names the author."""
    return [
        Account(token=f"r{i}", ws_url=ws_url(bases[i % len(bases)], f"r{i}")) for i in range(count)
    ]
