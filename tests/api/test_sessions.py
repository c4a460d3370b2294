"""Quick start, accounts and sessions through the real HTTP API."""

from __future__ import annotations

import pytest

from tests.harness import Server, signup

GUEST = "/api/v1/session/guest"


def body(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {"pseudo": "Camille", "gender": "female", "age": 22, "city": "Lyon"}
    base.update(overrides)
    return base


async def test_guest_signup_returns_token_and_user(server: Server) -> None:
    async with server.client() as http:
        response = await http.post(GUEST, json=body())
    assert response.status_code == 201
    data = response.json()
    assert len(data["token"]) >= 32
    user = data["user"]
    assert user["pseudo"] == "Camille"
    assert user["band"] == "adult"
    assert user["city"]["name"] == "Lyon"
    assert "lat" not in str(user) and "lon" not in user["city"]
    assert user["nearby_visible"] is False
    assert "causerie_session" in response.cookies
    set_cookie = response.headers.get_list("set-cookie")
    assert any(
        "causerie_session" in c and "HttpOnly" in c and "SameSite=lax" in c for c in set_cookie
    )


@pytest.mark.parametrize(
    ("overrides", "status", "code"),
    [
        ({"age": 14}, 422, "too_young"),
        ({"age": 100}, 422, "invalid"),
        ({"age": "22"}, 422, "invalid"),
        ({"age": True}, 422, "invalid"),
        ({"gender": "robot"}, 422, "invalid"),
        ({"pseudo": "ab"}, 422, "invalid"),
        ({"pseudo": "a" * 25}, 422, "invalid"),
        ({"pseudo": "bad name"}, 422, "invalid"),
        ({"pseudo": "<script>"}, 422, "invalid"),
        ({"city": "Nowhereville-sur-Rien"}, 422, "unknown_city"),
    ],
)
async def test_signup_refusals_are_problem_json(
    server: Server, overrides: dict[str, object], status: int, code: str
) -> None:
    async with server.client(language="fr") as http:
        response = await http.post(GUEST, json=body(**overrides))
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == code
    assert problem["status"] == status
    assert {"type", "title", "detail"} <= problem.keys()


async def test_too_young_detail_is_translated(server: Server) -> None:
    async with server.client(language="fr") as http:
        fr = (await http.post(GUEST, json=body(age=13))).json()["detail"]
    async with server.client(language="en") as http:
        en = (await http.post(GUEST, json=body(age=13))).json()["detail"]
    assert "15" in fr and "15" in en
    assert fr != en
    assert "ans" in fr and "aged" in en


async def test_malformed_json_is_invalid(server: Server) -> None:
    async with server.client() as http:
        response = await http.post(
            GUEST, content=b"{not json", headers={"content-type": "application/json"}
        )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("variant", ["camille", "CAMILLE", "Cämille", "CamiIle", "Carnille"])
async def test_pseudo_unique_case_accent_confusable(server: Server, variant: str) -> None:
    # "CamiIle" has a capital i for an l, "Carnille" rn for m: confusables of
    # "Camille" (UTS #39 skeleton). Cyrillic letters in a Latin pseudonym are
    # refused before, as mixed scripts (tests/api/test_names_skeleton_api.py).
    await signup(server, pseudo="Camille")
    async with server.client() as http:
        response = await http.post(GUEST, json=body(pseudo=variant))
    assert response.status_code == 409
    assert response.json()["code"] == "pseudo_taken"


async def test_city_lookup_is_insensitive_and_never_gives_coordinates(server: Server) -> None:
    member = await signup(server, city="saint etienne")
    assert member.user["city"]["name"] == "Saint-Étienne"
    response = await member.http.get("/api/v1/cities", params={"q": "lyo"})
    assert response.status_code == 200
    cities = response.json()
    assert cities[0]["name"] == "Lyon"
    assert set(cities[0]) == {"id", "name", "region", "country"}


async def test_cities_needs_no_auth_and_caps_limit(server: Server) -> None:
    async with server.client() as http:
        ok = await http.get("/api/v1/cities", params={"q": "sa", "limit": 50})
        too_many = await http.get("/api/v1/cities", params={"q": "sa", "limit": 51})
    assert ok.status_code == 200 and len(ok.json()) == 50
    assert too_many.status_code == 422 and too_many.json()["code"] == "invalid"


async def test_me_requires_authentication(server: Server) -> None:
    async with server.client() as http:
        missing = await http.get("/api/v1/me")
        wrong = await http.get("/api/v1/me", headers={"Authorization": "Bearer nope"})
    assert missing.status_code == 401 and missing.json()["code"] == "unauthenticated"
    assert wrong.status_code == 401 and wrong.json()["code"] == "unauthenticated"


async def test_patch_me_settings(server: Server) -> None:
    member = await signup(server)
    response = await member.http.patch(
        "/api/v1/me",
        json={"nearby_visible": True, "dm_requests": "nobody", "bio": "Hello", "language": "en"},
    )
    assert response.status_code == 200
    me = (await member.http.get("/api/v1/me")).json()
    assert me["nearby_visible"] is True
    assert me["dm_requests"] == "nobody"
    assert me["bio"] == "Hello"
    assert me["language"] == "en"
    bad = await member.http.patch("/api/v1/me", json={"dm_requests": "friends"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"


async def test_upgrade_login_logout(server: Server) -> None:
    member = await signup(server, pseudo="Dominique")
    short = await member.http.post("/api/v1/accounts", json={"password": "short"})
    assert short.status_code == 422
    upgraded = await member.http.post(
        "/api/v1/accounts", json={"password": "correct horse battery", "email": "d@example.org"}
    )
    assert upgraded.status_code == 200
    assert upgraded.json()["pseudo"] == "Dominique"
    again = await member.http.post("/api/v1/accounts", json={"password": "another password"})
    assert again.status_code == 409 and again.json()["code"] == "already_registered"

    async with server.client() as http:
        bad = await http.post(
            "/api/v1/session", json={"pseudo": "dominique", "password": "wrong password"}
        )
        assert bad.status_code == 401 and bad.json()["code"] == "bad_credentials"
        good = await http.post(
            "/api/v1/session", json={"pseudo": "DOMINIQUE", "password": "correct horse battery"}
        )
        assert good.status_code == 201
        token = good.json()["token"]
        assert good.json()["user"]["id"] == member.id
        headers = {"Authorization": f"Bearer {token}"}
        assert (await http.get("/api/v1/me", headers=headers)).status_code == 200
        assert (await http.delete("/api/v1/session", headers=headers)).status_code == 204
        assert (await http.get("/api/v1/me", headers=headers)).status_code == 401
    # The other session is untouched.
    assert (await member.http.get("/api/v1/me")).status_code == 200


async def test_cookie_requests_that_change_state_need_the_csrf_header(server: Server) -> None:
    async with server.client() as http:
        created = await http.post(GUEST, json=body(pseudo="Cookie"))
        csrf = created.json()["csrf_token"]
        assert created.cookies.get("causerie_csrf") == csrf
        # The client now holds the cookies and no Authorization header.
        assert (await http.get("/api/v1/me")).status_code == 200
        forged = await http.patch("/api/v1/me", json={"bio": "pwned"})
        assert forged.status_code == 403 and forged.json()["code"] == "csrf_failed"
        wrong = await http.patch(
            "/api/v1/me", json={"bio": "pwned"}, headers={"X-CSRF-Token": "0" * 32}
        )
        assert wrong.status_code == 403
        ok = await http.patch("/api/v1/me", json={"bio": "fine"}, headers={"X-CSRF-Token": csrf})
        assert ok.status_code == 200 and ok.json()["bio"] == "fine"


async def test_tokens_are_stored_hashed(server: Server) -> None:
    member = await signup(server)
    deps = server.app.state.deps
    from causerie.services.accounts import hash_token

    async with deps.uow() as uow:
        assert await uow.sessions.by_token_hash(member.token) is None
        assert await uow.sessions.by_token_hash(hash_token(member.token)) is not None


async def test_healthz_and_openapi(server: Server) -> None:
    async with server.client() as http:
        health = await http.get("/healthz")
        spec = await http.get("/api/v1/openapi.json")
        unknown = await http.get("/api/v1/nothing-here")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert health.json()["filter"] in ("ready", "warming")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    for path in ("/api/v1/session/guest", "/api/v1/rooms", "/api/v1/conversations"):
        assert path in paths
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"


async def test_the_filter_says_when_it_is_ready() -> None:
    """``/healthz`` reports ``filter``: sends wait for it until it is ready."""
    from causerie.services.filtering import WarmingFilter

    warming = WarmingFilter(link_min_trust=1)
    await warming.ready()
    assert warming.is_ready()
