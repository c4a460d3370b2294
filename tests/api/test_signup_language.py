"""The account speaks the language it signed up in (notices, refusals and
e-mails are written long after the request that could have said so): the
body's ``language``, else the language cookie, else Accept-Language with
its weights."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from causerie.transport.i18n import pick_language
from tests.harness import Server

_n = itertools.count(1)


async def _signup(server: Server, accept: str, **extra: Any) -> dict[str, Any]:
    async with server.client(language=accept) as client:
        for name, value in extra.pop("cookies", {}).items():
            client.cookies.set(name, value)
        body = {"pseudo": f"Langue{next(_n)}", "gender": "female", "age": 30, "city": "Lyon"}
        response = await client.post("/api/v1/session/guest", json={**body, **extra})
        assert response.status_code == 201, response.text
        token = response.json()["token"]
        me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        user: dict[str, Any] = me.json()
        return user


async def test_an_english_browser_makes_an_english_account(server: Server) -> None:
    assert (await _signup(server, "en-GB,en;q=0.9"))["language"] == "en"
    assert (await _signup(server, "fr-FR,fr;q=0.9,en;q=0.8"))["language"] == "fr"


async def test_the_body_then_the_cookie_come_before_the_header(server: Server) -> None:
    assert (await _signup(server, "en", language="fr"))["language"] == "fr"
    assert (await _signup(server, "en", cookies={"causerie_lang": "fr"}))["language"] == "fr"
    async with server.client() as client:
        body = {"pseudo": "Langue0", "gender": "male", "age": 30, "city": "Lyon"}
        refused = await client.post("/api/v1/session/guest", json={**body, "language": "de"})
    assert refused.status_code == 422 and refused.json()["field"] == "language"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr;q=0, en", "en"),  # q=0: "not this one"
        ("fr;q=0.5, en;q=0.8", "en"),
        ("en;q=0.8, fr;q=0.8", "en"),  # the first among equals
        ("frr, en", "en"),  # another language, not French
        ("fr-CA", "fr"),
        ("de, es", "fr"),
        ("en;q=abc, fr;q=0.1", "fr"),
        ("", "fr"),
    ],
)
def test_accept_language_weights(header: str, expected: str) -> None:
    assert pick_language(header) == expected


@pytest.mark.parametrize(
    ("pseudo", "accept", "expected"),
    [
        ("ab", "fr", "Un pseudo fait de 3 à 24 caractères"),
        ("a b c", "en", "A pseudo is 3 to 24 characters"),
        ("moi😀", "en", "no spaces or emoji"),
    ],
)
async def test_a_refused_pseudo_says_what_is_wrong(
    server: Server, pseudo: str, accept: str, expected: str
) -> None:
    async with server.client(language=accept) as client:
        body = {"pseudo": pseudo, "gender": "female", "age": 30, "city": "Lyon"}
        response = await client.post("/api/v1/session/guest", json=body)
    assert response.status_code == 422
    problem = response.json()
    assert (problem["code"], problem["field"]) == ("invalid", "pseudo")
    assert expected in problem["detail"]
