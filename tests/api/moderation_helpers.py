"""Shared steps of the moderation API tests."""

from __future__ import annotations

from typing import Any

from tests.harness import Member, Server, room_for_band


async def post_message(member: Member, text: str, room: str | None = None) -> dict[str, Any]:
    """Join a room of the member's band, send ``text``, return its message frame."""
    room = room or await room_for_band(member)
    ws = await member.ws()
    await ws.join(room)
    await ws.send_text(room, text, f"c-{abs(hash(text))}")
    ack = await ws.expect("ack")
    return {"room": room, "id": ack["id"], "seq": ack["seq"]}


async def report(
    member: Member, target_type: str, target_id: str, reason: str, **extra: Any
) -> Any:
    return await member.http.post(
        "/api/v1/reports",
        json={"target_type": target_type, "target_id": target_id, "reason": reason, **extra},
    )


async def open_cases(moderator: Member, **params: str) -> list[dict[str, Any]]:
    response = await moderator.http.get("/api/v1/moderation/cases", params=params)
    assert response.status_code == 200, response.text
    cases: list[dict[str, Any]] = response.json()
    return cases


async def case_for(moderator: Member, target_id: str) -> dict[str, Any]:
    for case in await open_cases(moderator):
        if case["target"]["id"] == target_id:
            return case
    raise AssertionError(f"no open case on {target_id}")


async def act(
    moderator: Member, case_id: str, action: str, *, duration_hours: int | None = None
) -> Any:
    body: dict[str, Any] = {
        "action": action,
        "rule": "Rule 3: no harassment",
        "facts": f"Test facts for {action}.",
    }
    if duration_hours is not None:
        body["duration_hours"] = duration_hours
    return await moderator.http.post(f"/api/v1/moderation/cases/{case_id}/actions", json=body)


async def notices(member: Member) -> list[dict[str, Any]]:
    response = await member.http.get("/api/v1/notices")
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def rules_only(server: Server) -> None:
    """The server's filter without its learned layer (issue 12), for tests of
    what the conversation scorer does with delivered messages: the model
    holds one-message set-ups before they reach the scorer, as the labelling
    guide wants. (Since session 12 the rules hold "viens seule, ne dis rien
    à personne" too: two covert details in one message; the tests of the
    scorer send them as two messages.)"""
    import concurrent.futures

    from causerie.safety.checks.model import ModelCheck
    from causerie.safety.pipeline import MessageFilter, default_filter

    checks = [c for c in default_filter().checks if not isinstance(c, ModelCheck)]
    built: concurrent.futures.Future[MessageFilter] = concurrent.futures.Future()
    built.set_result(MessageFilter(checks))
    server.app.state.deps.message_filter._future = built
