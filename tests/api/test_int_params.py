"""Out-of-range integers in query and path parameters are 422 ``invalid``,
never a 500 from the database driver: every integer parameter of every route
is bounded (transport/params.py), and each one is tried with 2^63."""

from __future__ import annotations

import re
from typing import Any

from causerie.transport.params import INT32_MAX
from tests.harness import Server, signup


def _integer_params(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for param in operation.get("parameters", []):
                if param["in"] not in ("query", "path"):
                    continue
                variants = param["schema"].get("anyOf", [param["schema"]])
                ints = [v for v in variants if v.get("type") == "integer"]
                if ints:
                    found.append((method.upper(), path, {**param, "int": ints[0]}))
    return found


async def test_every_integer_parameter_is_bounded_and_refuses_2_to_the_63(
    server: Server,
) -> None:
    member = await signup(server)
    schema = (await member.http.get("/api/v1/openapi.json")).json()
    params = _integer_params(schema)
    # The history's `before` is among them (the review's example).
    assert ("GET", "/api/v1/rooms/{room_id}/messages") in {(m, p) for m, p, _ in params}
    for method, path, param in params:
        bounds = param["int"]
        assert bounds.get("maximum", INT32_MAX + 1) <= INT32_MAX, (method, path, param["name"])
        assert bounds.get("minimum", -INT32_MAX - 2) >= -INT32_MAX - 1, (method, path)
        for value in (2**31, 2**63, -(2**63) - 1, 10**30):
            url = re.sub(r"\{[^}]+\}", "x", path)
            query: dict[str, Any] = {}
            if param["in"] == "path":
                url = path.replace("{" + param["name"] + "}", str(value))
                url = re.sub(r"\{[^}]+\}", "x", url)
            else:
                query[param["name"]] = str(value)
            response = await member.http.request(method, url, params=query)
            assert response.status_code == 422, (method, url, query, response.text)
            assert response.json()["code"] == "invalid"


async def test_the_history_before_2_to_the_63_is_422_and_a_real_value_works(
    server: Server,
) -> None:
    member = await signup(server)
    room = (await member.http.get("/api/v1/rooms")).json()[0]["id"]
    ok = await member.http.get(f"/api/v1/rooms/{room}/messages", params={"before": INT32_MAX})
    assert ok.status_code == 200
    too_big = await member.http.get(f"/api/v1/rooms/{room}/messages", params={"before": 2**63})
    assert too_big.status_code == 422
    assert too_big.json()["field"] == "query.before"
