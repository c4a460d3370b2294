"""Causerie+ through the real API and the real ``stripe`` library, on SQLite
and PostgreSQL, with the provider's HTTP API stood in by a local server and
webhooks signed by the library's own helper (docs/premium.md)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from causerie.services import premium
from tests import harness
from tests.api.stripe_standin import (
    PRICES,
    SECRETS,
    StandIn,
    event,
    running_standin,
    signed,
)
from tests.harness import Member, Server, live_server, signup

WEBHOOK = "/api/v1/premium/stripe/webhook"


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    async with running_standin() as running:
        yield running


@pytest.fixture
async def shop(
    tmp_path: Path, migrated_database_url: str, standin: StandIn
) -> AsyncIterator[Server]:
    settings = harness.test_settings(
        tmp_path,
        migrated_database_url,
        stripe_secret_key="sk_test_standin",
        stripe_webhook_secret=",".join(SECRETS),
        stripe_prices=",".join(f"{k}={v}" for k, v in PRICES.items()),
        stripe_api_base=standin.base_url,
        premium_grace_days=3,
    )
    async with live_server(settings) as live:
        yield live


async def deliver(server: Server, payload: bytes, **sign: Any) -> Any:
    async with server.client() as http:
        return await http.post(WEBHOOK, content=payload, headers=signed(payload, **sign))


async def me_premium(member: Member) -> Any:
    response = await member.http.get("/api/v1/me")
    assert response.status_code == 200, response.text
    return response.json()["premium"]


def until(status: Any) -> float:
    return datetime.fromisoformat(status["until"].replace("Z", "+00:00")).timestamp()


async def subscribed(shop: Server, standin: StandIn, member: Member, **kw: Any) -> dict[str, Any]:
    sub = standin.subscribe(member.id, **kw)
    checkout = {"id": "cs_x", "client_reference_id": member.id, "subscription": sub["id"]}
    response = await deliver(shop, event("checkout.session.completed", checkout))
    assert response.status_code == 200, response.text
    return sub


async def test_without_keys_the_shop_says_so_and_fakes_nothing(server: Server) -> None:
    member = await signup(server)
    offer = (await member.http.get("/api/v1/premium")).json()
    assert offer["configured"] is False
    assert [p["interval"] for p in offer["plans"]] == ["month", "quarter", "year"]
    assert offer["never_for_sale"]
    response = await member.http.post("/api/v1/premium/checkout", json={"plan": "plus-month"})
    assert response.status_code == 503
    assert response.json()["code"] == "not_configured"
    payload = event("checkout.session.completed", {"id": "cs_1"})
    assert (await deliver(server, payload)).status_code == 503
    assert await me_premium(member) is None


async def register(member: Member) -> None:
    response = await member.http.post("/api/v1/accounts", json={"password": "a long passphrase"})
    assert response.status_code == 200, response.text


async def test_checkout_names_the_member_and_a_teen_cannot_buy(
    shop: Server, standin: StandIn
) -> None:
    adult = await signup(shop)
    # A guest could never sign in again to cancel: a password first.
    guest = await adult.http.post("/api/v1/premium/checkout", json={"plan": "plus-year"})
    assert guest.status_code == 403
    assert guest.json()["reason"] == "password_required"
    await register(adult)
    response = await adult.http.post("/api/v1/premium/checkout", json={"plan": "plus-year"})
    assert response.status_code == 200, response.text
    assert response.json()["url"].startswith("https://pay.test/")
    sent = standin.checkouts[-1]
    assert sent["client_reference_id"] == adult.id
    assert sent["line_items[0][price]"] == "price_year"
    assert sent["mode"] == "subscription"
    teen = await signup(shop, age=16)
    await register(teen)
    refused = await teen.http.post("/api/v1/premium/checkout", json={"plan": "plus-month"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_allowed"
    assert refused.json()["reason"] == "minor"
    unknown = await adult.http.post("/api/v1/premium/checkout", json={"plan": "gold"})
    assert unknown.status_code == 422


async def test_no_second_subscription_while_one_runs(shop: Server, standin: StandIn) -> None:
    member = await signup(shop)
    await register(member)
    await subscribed(shop, standin, member)
    again = await member.http.post("/api/v1/premium/checkout", json={"plan": "plus-year"})
    assert again.status_code == 409
    assert again.json()["code"] == "already_subscribed"


async def test_subscribe_see_the_perks_cancel_and_lose_them(shop: Server, standin: StandIn) -> None:
    member = await signup(shop)
    other = await signup(shop)
    sub = await subscribed(shop, standin, member)
    status = await me_premium(member)
    assert status["plan"] == "plus-month"
    assert status["cancel_at_period_end"] is False
    assert abs(until(status) - sub["items"]["data"][0]["current_period_end"]) < 2
    profile = (await other.http.get(f"/api/v1/users/{member.id}")).json()
    assert profile["badge"] == "plus"
    # The member cancels in the provider's portal: perks stay to the period's end.
    portal = await member.http.post("/api/v1/premium/portal")
    assert portal.status_code == 200
    assert portal.json()["url"].endswith(sub["customer"])
    sub["cancel_at_period_end"] = True
    await deliver(shop, event("customer.subscription.updated", sub))
    assert (await me_premium(member))["cancel_at_period_end"] is True
    # The period ends; the provider deletes the subscription.
    sub["status"] = "canceled"
    sub["items"]["data"][0]["current_period_end"] = int(time.time()) - 1
    await deliver(shop, event("customer.subscription.deleted", sub))
    assert await me_premium(member) is None
    profile = (await other.http.get(f"/api/v1/users/{member.id}")).json()
    assert profile["badge"] is None


async def test_signatures_bad_stale_and_rotated(shop: Server, standin: StandIn) -> None:
    member = await signup(shop)
    sub = standin.subscribe(member.id)
    payload = event("customer.subscription.created", sub)
    wrong = await deliver(shop, payload, secret="whsec_attacker")
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "bad_signature"
    stale = await deliver(shop, payload, at=int(time.time()) - 301)
    assert stale.status_code == 400
    async with shop.client() as http:
        unsigned = await http.post(WEBHOOK, content=payload)
        assert unsigned.status_code == 400
        # A valid signature over other bytes does not carry over.
        tampered = payload.replace(b"active", b"trialing")
        forged = await http.post(WEBHOOK, content=tampered, headers=signed(payload))
        assert forged.status_code == 400
    assert await me_premium(member) is None
    rotated = await deliver(shop, payload, secret=SECRETS[1])
    assert rotated.status_code == 200
    assert await me_premium(member) is not None


async def test_a_replayed_event_does_nothing(shop: Server, standin: StandIn) -> None:
    member = await signup(shop)
    sub = standin.subscribe(member.id)
    payload = event("customer.subscription.created", sub, event_id="evt_replayed")
    assert (await deliver(shop, payload)).status_code == 200
    first = await me_premium(member)
    # The operator revokes; a replay of the old event must not bring it back.
    deps = shop.app.state.deps
    async with deps.uow() as uow:
        user = await uow.users.get(member.id)
    assert user is not None
    await premium.revoke(deps, user, "operator:test")
    assert await me_premium(member) is None
    again = await deliver(shop, payload)
    assert again.status_code == 202
    assert await me_premium(member) is None
    assert first is not None


async def test_events_out_of_order_read_the_subscription(shop: Server, standin: StandIn) -> None:
    member = await signup(shop)
    sub = standin.subscribe(member.id, price="price_quarter")
    stale_copy = {**sub, "status": "incomplete"}
    sub["cancel_at_period_end"] = True
    # The later update arrives first, the creation (with an old state) after:
    # both make us read the provider, so the end state is the provider's.
    await deliver(shop, event("customer.subscription.updated", sub))
    await deliver(shop, event("customer.subscription.created", stale_copy))
    status = await me_premium(member)
    assert status is not None
    assert status["plan"] == "plus-quarter"
    assert status["cancel_at_period_end"] is True


async def test_a_failed_payment_keeps_the_perks_for_the_grace_period(
    shop: Server, standin: StandIn
) -> None:
    member = await signup(shop)
    sub = await subscribed(shop, standin, member, days=0)
    end = sub["items"]["data"][0]["current_period_end"]
    sub["status"] = "past_due"
    invoice = {"id": "in_1", "subscription": sub["id"], "customer": sub["customer"]}
    await deliver(shop, event("invoice.payment_failed", invoice))
    status = await me_premium(member)
    assert status is not None
    assert abs(until(status) - (end + 3 * 86400)) < 2
    # Still unpaid after the retries: the provider marks it unpaid, perks end.
    sub["status"] = "unpaid"
    await deliver(shop, event("customer.subscription.updated", sub))
    assert await me_premium(member) is None


async def test_a_refund_mid_period_ends_the_perks_now(shop: Server, standin: StandIn) -> None:
    member = await signup(shop)
    sub = await subscribed(shop, standin, member, days=20)
    assert await me_premium(member) is not None
    # A partial refund (a goodwill gesture) changes nothing.
    partial = {"id": "ch_0", "object": "charge", "customer": sub["customer"], "refunded": False}
    await deliver(shop, event("charge.refunded", partial))
    assert await me_premium(member) is not None
    assert standin.cancelled == []
    charge = {"id": "ch_1", "object": "charge", "customer": sub["customer"], "refunded": True}
    await deliver(shop, event("charge.refunded", charge))
    assert await me_premium(member) is None
    # Nothing more is billed for perks that were taken back.
    assert standin.cancelled == [sub["id"]]
    # A later renewal event for the same subscription does not undo a refund.
    await deliver(shop, event("customer.subscription.updated", sub))
    assert await me_premium(member) is None
    deps = shop.app.state.deps
    async with deps.uow() as uow:
        entries = [e for e in await uow.audit.entries() if e.action == "premium_refund"]
    assert [e.subject for e in entries] == [member.id]


async def test_a_dispute_ends_the_perks(shop: Server, standin: StandIn) -> None:
    member = await signup(shop)
    sub = await subscribed(shop, standin, member)
    # Stripe's Dispute names the charge, not the customer.
    standin.charges["ch_9"] = {"id": "ch_9", "object": "charge", "customer": sub["customer"]}
    dispute = {"id": "dp_1", "object": "dispute", "charge": "ch_9", "amount": 499}
    await deliver(shop, event("charge.dispute.created", dispute))
    assert await me_premium(member) is None
    assert standin.cancelled == [sub["id"]]


async def test_erasing_the_account_stops_the_billing(shop: Server, standin: StandIn) -> None:
    member = await signup(shop)
    await register(member)
    sub = await subscribed(shop, standin, member)
    erased = await member.http.request(
        "DELETE",
        "/api/v1/me",
        json={"confirm": member.user["pseudo"], "password": "a long passphrase"},
    )
    assert erased.status_code == 204, erased.text
    assert standin.cancelled == [sub["id"]]


async def test_a_grant_beside_a_subscription_keeps_the_subscription_manageable(
    shop: Server, standin: StandIn
) -> None:
    member = await signup(shop)
    sub = await subscribed(shop, standin, member, days=30)
    deps = shop.app.state.deps
    async with deps.uow() as uow:
        user = await uow.users.get(member.id)
    assert user is not None
    await premium.grant(deps, user, 366, "operator:test")
    status = await me_premium(member)
    assert status["plan"] == "plus-month"  # the member still sees what they pay for
    assert until(status) > sub["items"]["data"][0]["current_period_end"] + 300 * 86400


async def test_a_body_that_is_not_utf8_is_a_bad_signature(shop: Server) -> None:
    async with shop.client() as http:
        answer = await http.post(
            WEBHOOK, content=b"\xff\xfe not json", headers={"Stripe-Signature": "t=1,v1=00"}
        )
    assert answer.status_code == 400
    assert answer.json()["code"] == "bad_signature"


async def test_reconciliation_corrects_what_a_lost_webhook_left(
    shop: Server, standin: StandIn
) -> None:
    kept = await signup(shop)
    lost = await signup(shop)
    await subscribed(shop, standin, kept)
    sub = await subscribed(shop, standin, lost)
    # Cancelled in the provider's dashboard; the webhook never arrived.
    sub["status"] = "canceled"
    sub["items"]["data"][0]["current_period_end"] = int(time.time()) - 5
    assert await me_premium(lost) is not None
    result = await premium.reconcile(shop.app.state.deps)
    assert result.checked == 2
    assert result.corrected == [lost.id]
    assert await me_premium(lost) is None
    assert await me_premium(kept) is not None
    # Paid, but the checkout webhook never came: reconciliation provisions it.
    unseen = await signup(shop)
    standin.subscribe(unseen.id)
    assert await me_premium(unseen) is None
    again = await premium.reconcile(shop.app.state.deps)
    assert again.corrected == [unseen.id]
    assert await me_premium(unseen) is not None


async def test_a_change_reaches_the_members_screens(shop: Server, standin: StandIn) -> None:
    member = await signup(shop)
    ws = await member.ws()
    await subscribed(shop, standin, member)
    frame = await ws.expect("premium")
    assert frame["user"] == member.id


async def test_paying_buys_no_safety_exemption(shop: Server, standin: StandIn) -> None:
    """The same filter and trust rules apply to payers: a new account's link
    is refused whatever it paid."""
    member = await signup(shop)
    await subscribed(shop, standin, member)
    rooms = (await member.http.get("/api/v1/rooms")).json()
    room = next(r["id"] for r in rooms if r["requires"] is None)
    ws = await member.ws()
    await ws.join(room)
    await ws.send(
        {
            "type": "send",
            "room": room,
            "client_id": "c1",
            "text": "go to https://evil-shop.com/deal",
        }
    )
    error = await ws.expect("error")
    assert error["code"] == "blocked_by_filter"


def test_operator_cli_grants_lists_and_revokes(tmp_path: Path) -> None:
    """``causerie premium`` on a real database file, as an operator runs it."""
    from typer.testing import CliRunner

    from causerie.cli.main import app

    runner = CliRunner()
    base = ["--data-dir", str(tmp_path)]
    assert runner.invoke(app, ["db", "upgrade", *base]).exit_code == 0

    async def make_members() -> None:
        async with live_server(harness.test_settings(tmp_path, None)) as live:
            await signup(live, pseudo="payingadult")
            await signup(live, pseudo="ateenager", age=16)

    import asyncio

    asyncio.run(make_members())
    granted = runner.invoke(app, ["premium", "grant", "payingadult", "--days", "30", *base])
    assert granted.exit_code == 0, granted.output
    assert "Causerie+ until" in granted.output
    teen = runner.invoke(app, ["premium", "grant", "ateenager", "--days", "30", *base])
    assert teen.exit_code == 1
    assert "not_allowed" in teen.output
    listed = runner.invoke(app, ["premium", "list", *base])
    assert listed.exit_code == 0
    assert len(listed.output.strip().splitlines()) == 1
    assert '"source": "operator"' in listed.output
    revoked = runner.invoke(app, ["premium", "revoke", "payingadult", *base])
    assert "1 entitlement(s) revoked" in revoked.output
    assert runner.invoke(app, ["premium", "list", *base]).output.strip() == ""
    audit = runner.invoke(app, ["audit", "verify", *base])
    assert audit.exit_code == 0, audit.output
