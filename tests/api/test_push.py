"""Web Push (docs/web-client.md, "Notifications"), against a stand-in push
service that checks the VAPID signature and decrypts each payload as a
browser would (tests/support/push_standin.py)."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from causerie.services.push import PushNotifier
from tests import harness
from tests.api.moderation_helpers import act, case_for, report
from tests.harness import Member, Server, live_server, signup, staff
from tests.support.clock import FakeClock
from tests.support.push_standin import Device, PushStandIn, push_standin

CONV = "/api/v1/conversations"
SUBSCRIBE = "/api/v1/push/subscriptions"
# 23:30 in Paris (UTC+1 in January), and 14:00.
NIGHT = datetime(2030, 1, 15, 22, 30, tzinfo=UTC)
DAY = datetime(2030, 1, 15, 13, 0, tzinfo=UTC)


@dataclass
class Setup:
    server: Server
    push: PushStandIn
    clock: FakeClock

    async def settled(self) -> None:
        """Every notification started so far has reached the stand-in (or not)."""
        notifier = self.server.app.state.deps.push
        assert isinstance(notifier, PushNotifier)
        await notifier.drain()


@pytest.fixture
async def setup(tmp_path: Path, migrated_database_url: str) -> AsyncIterator[Setup]:
    clock = FakeClock(DAY)
    async with push_standin() as push:
        settings = harness.test_settings(
            tmp_path, migrated_database_url, push_services=(push.origin,), no_rate_limits=True
        )
        async with live_server(settings, clock) as server:
            member = await signup(server)
            push.server_key = (await member.http.get("/api/v1/push")).json()["public_key"]
            yield Setup(server, push, clock)


async def opt_in(member: Member, device: Device, **choices: object) -> None:
    response = await member.http.post(SUBSCRIBE, json=device.subscription(**choices))
    assert response.status_code == 201, response.text


async def request(alice: Member, bob: Member, text: str = "Salut, ça va ?") -> str:
    response = await alice.http.post(CONV, json={"user_id": bob.id, "text": text})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_a_request_to_an_offline_member_is_pushed_once_without_its_text(
    setup: Setup,
) -> None:
    alice = await signup(setup.server, trust=1)
    bob = await signup(setup.server)
    device = setup.push.device()
    await opt_in(bob, device, lang="fr")

    room = await request(alice, bob, "mon numéro secret")
    await setup.settled()
    assert setup.push.refused == []
    [got] = setup.push.received
    assert got.endpoint == device.endpoint
    assert got.payload == {
        "kind": "private_request",
        "title": "Nouvelle demande",
        "body": f"{alice.user['pseudo']} veut discuter avec toi.",
        "url": f"/#/room/{room}",
    }
    assert "secret" not in str(got.payload)  # a lock screen shows it to anyone
    assert got.headers["ttl"] and len(got.headers["topic"]) <= 32


async def test_a_member_with_an_open_socket_gets_no_push(setup: Setup) -> None:
    alice, carol = await signup(setup.server, trust=1), await signup(setup.server, trust=1)
    bob = await signup(setup.server)
    await opt_in(bob, setup.push.device(), lang="en")
    ws = await bob.ws()
    await ws.send({"type": "ping"})
    await ws.expect("pong")  # the socket is registered

    await request(alice, bob)
    await setup.settled()
    assert setup.push.received == []

    await ws.conn.close()
    await bob.http.get("/api/v1/me")  # the server has seen the close by now
    await request(carol, bob)
    await setup.settled()
    assert [r.payload["body"] for r in setup.push.received] == [
        f"{carol.user['pseudo']} would like to talk with you."
    ]


async def test_a_teen_gets_none_at_night_unless_chosen_on_that_device(setup: Setup) -> None:
    setup.clock.set(NIGHT)
    alice = await signup(setup.server, age=16, trust=1)
    bob = await signup(setup.server, age=16)
    quiet, chosen = setup.push.device(), setup.push.device()
    await opt_in(bob, quiet)
    await opt_in(bob, chosen, at_night=True)

    await request(alice, bob)
    await setup.settled()
    assert [r.endpoint for r in setup.push.received] == [chosen.endpoint]

    # An adult is not held back at night; by day the teen's devices both ring.
    dave, erin = await signup(setup.server, trust=1), await signup(setup.server)
    adult_device = setup.push.device()
    await opt_in(erin, adult_device)
    await request(dave, erin)
    setup.clock.set(DAY)
    zoe = await signup(setup.server, age=17, trust=1)
    await request(zoe, bob)
    await setup.settled()
    assert [r.endpoint for r in setup.push.received[1:]] == [
        adult_device.endpoint,
        quiet.endpoint,
        chosen.endpoint,
    ]


async def test_gone_endpoints_are_deleted(setup: Setup) -> None:
    alice = await signup(setup.server, trust=1)
    bob = await signup(setup.server)
    gone = setup.push.device(status=410)
    await opt_in(bob, gone)
    lookup = await bob.http.post(f"{SUBSCRIBE}/lookup", json={"endpoint": gone.endpoint})
    assert lookup.status_code == 200

    await request(alice, bob)
    await setup.settled()
    assert setup.push.received == [] and setup.push.refused == []
    lookup = await bob.http.post(f"{SUBSCRIBE}/lookup", json={"endpoint": gone.endpoint})
    assert lookup.status_code == 404


async def test_unsubscribe_and_unknown_push_services(setup: Setup) -> None:
    alice = await signup(setup.server, trust=1)
    bob = await signup(setup.server)
    device = setup.push.device()
    # The server posts only to push services it knows (no request forgery).
    for endpoint in ("http://169.254.169.254/latest", "https://example.org/push/1"):
        body = device.subscription()
        body["endpoint"] = endpoint
        refused = await bob.http.post(SUBSCRIBE, json=body)
        assert refused.status_code == 422 and refused.json()["field"] == "endpoint"
    bad_keys = device.subscription()
    bad_keys["keys"]["p256dh"] = "AAAA"
    assert (await bob.http.post(SUBSCRIBE, json=bad_keys)).status_code == 422

    await opt_in(bob, device)
    # Another member cannot turn Bob's device off.
    await alice.http.post(f"{SUBSCRIBE}/delete", json={"endpoint": device.endpoint})
    lookup = await bob.http.post(f"{SUBSCRIBE}/lookup", json={"endpoint": device.endpoint})
    assert lookup.status_code == 200
    off = await bob.http.post(f"{SUBSCRIBE}/delete", json={"endpoint": device.endpoint})
    assert off.status_code == 204
    await request(alice, bob)
    await setup.settled()
    assert setup.push.received == []


async def test_the_answer_to_a_report_is_pushed(setup: Setup) -> None:
    author = await signup(setup.server)
    reporter = await signup(setup.server)
    moderator = await staff(setup.server)
    device = setup.push.device()
    await opt_in(reporter, device, lang="en")
    assert (await report(reporter, "user", author.id, "spam")).status_code == 201
    await setup.settled()
    assert setup.push.received == []  # filing a report is not an answer

    case = await case_for(moderator, author.id)
    assert (await act(moderator, case["id"], "dismiss")).status_code == 200
    await setup.settled()
    [got] = setup.push.received
    assert got.payload["kind"] == "notice" and got.payload["url"] == "/#/notices"
    assert "spam" not in str(got.payload)


async def test_the_data_export_lists_each_device_without_its_keys(setup: Setup) -> None:
    """GDPR art. 15: the export names where notifications go (the push
    service, a hash of the endpoint, the choices made on that device), never
    the keys that decrypt them; a device turned off is gone from it."""
    bob = await signup(setup.server)
    phone, laptop = setup.push.device(), setup.push.device()
    await opt_in(bob, phone, lang="en", at_night=True)
    await opt_in(bob, laptop, lang="fr")

    data = (await bob.http.get("/api/v1/me/export")).json()
    devices = data["notification_devices"]
    assert sorted((d["language"], d["at_night"]) for d in devices) == [("en", True), ("fr", False)]
    host = phone.endpoint.split("/")[2].split(":")[0]
    assert {d["push_service"] for d in devices} == {host}
    hashes = {d["endpoint_sha256"] for d in devices}
    assert hashes == {hashlib.sha256(x.endpoint.encode()).hexdigest() for x in (phone, laptop)}
    text = orjson.dumps(data).decode()
    for device in (phone, laptop):
        keys = device.subscription()["keys"]
        assert keys["auth"] not in text and keys["p256dh"] not in text
        assert device.endpoint not in text

    gone = await bob.http.post(f"{SUBSCRIBE}/delete", json={"endpoint": laptop.endpoint})
    assert gone.status_code == 204, gone.text
    data = (await bob.http.get("/api/v1/me/export")).json()
    assert [d["language"] for d in data["notification_devices"]] == ["en"]
