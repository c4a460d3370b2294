"""/metrics speaks Prometheus and counts what happens."""

from __future__ import annotations

import re

from tests.harness import METRICS_TOKEN, Server, room_for_band, signup

OPERATOR = {"Authorization": f"Bearer {METRICS_TOKEN}"}


def value(text: str, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} ([0-9.e+]+)$", text, re.MULTILINE)
    assert match, f"{name} missing"
    return float(match.group(1))


async def test_metrics_count_connections_messages_and_deliveries(server: Server) -> None:
    alice, bob = await signup(server), await signup(server)
    room = await room_for_band(alice)
    a, b = await alice.ws(), await bob.ws()
    await a.join(room)
    await b.join(room)
    async with server.client() as http:
        before = (await http.get("/metrics", headers=OPERATOR)).text
    await a.send_text(room, "hello", "m1")
    await b.expect("message")
    await a.expect("ack")
    async with server.client() as http:
        response = await http.get("/metrics", headers=OPERATOR)
    assert response.headers["content-type"].startswith("text/plain")
    after = response.text
    assert value(after, "causerie_ws_connections") == 2
    assert value(after, "causerie_hub_connections") == 2
    assert (
        value(after, "causerie_deliveries_total") - value(before, "causerie_deliveries_total") == 2
    )
    assert value(after, "causerie_messages_sent_total") == 1
    assert value(after, "causerie_send_to_ack_seconds_count") == 1
    # One delivery-latency sample per message (not per recipient), and the
    # direct path's buffered bytes are exposed.
    assert value(after, "causerie_send_to_delivery_seconds_count") == 1
    # Everything was read by now: nothing is left waiting in the sockets.
    assert value(after, "causerie_outbox_bytes") == 0
    # The send path's own figures: a group commit ran, nothing waits, the
    # filter let the message through.
    assert value(after, "causerie_commit_batches_total") >= 1
    assert value(after, "causerie_commit_queue") == 0
    assert value(after, 'causerie_filter_verdicts_total{decision="allow"}') >= 1


async def test_transactions_are_timed_by_name(server: Server) -> None:
    member = await signup(server)
    assert (await member.http.get("/api/v1/notices")).status_code == 200
    async with server.client() as http:
        text = (await http.get("/metrics", headers=OPERATOR)).text
    labels = 'name="services.notices.list_notices",write="false"'
    assert value(text, f"causerie_db_transaction_seconds_count{{{labels}}}") >= 1
    assert 'name="services.accounts.authenticate",write="false"' in text
