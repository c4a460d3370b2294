"""Average monthly active recipients (DSA art. 24(2)): a month's distinct
active accounts from ``last_seen_at``, kept as one number a month, averaged
over the six months before the report's end, in the transparency report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from causerie.services import legal_amar
from tests.harness import Server, signup, staff
from tests.support.clock import FakeClock


async def test_monthly_active_accounts_are_counted_and_published(server: Server) -> None:
    deps = server.app.state.deps
    members = [await signup(server) for _ in range(3)]
    # A month well ahead, so that nobody else's activity is in it.
    month = date(2031, 3, 1)
    during = datetime(2031, 3, 10, 12, tzinfo=UTC)
    async with deps.uow(write=True) as uow:
        for member in members[:2]:
            await uow.users.update(member.id, last_seen_at=during)
        await uow.commit()
    assert await legal_amar.record(deps.uow, FakeClock(during + timedelta(days=1))) == 2
    # Seen again later in the month: still one account each; the maximum is kept
    # even when an account drops out (erased: last_seen_at cleared).
    async with deps.uow(write=True) as uow:
        await uow.users.update(members[0].id, last_seen_at=during + timedelta(days=5))
        await uow.users.update(members[1].id, last_seen_at=None)
        await uow.commit()
    assert await legal_amar.record(deps.uow, FakeClock(during + timedelta(days=6))) == 2
    async with deps.uow() as uow:
        figures = await legal_amar.figures(uow, date(2031, 5, 1))
        assert figures["months"] == {"2031-03": 2}
        assert figures["average_monthly_active_recipients"] == 2
        assert (await legal_amar.figures(uow, month))["months"] == {}  # March not before March
    moderator = await staff(server)
    body = (
        await moderator.http.get(
            "/api/v1/moderation/transparency", params={"from": "2031-01-01", "to": "2031-07-01"}
        )
    ).json()
    assert body["active_recipients"]["average_monthly_active_recipients"] == 2
    figures_not_tracked = {item["figure"] for item in body["not_tracked"]}
    assert "average_monthly_active_recipients" not in figures_not_tracked
    # The Markdown to publish carries it too.
    from causerie.cli.transparency import markdown

    page = markdown(body)
    assert "## Average monthly active recipients (art. 24(2))" in page
    assert "| `2031-03` | 2 |" in page
    assert "## Notices from outside the service" in page
