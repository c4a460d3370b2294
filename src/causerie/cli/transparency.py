"""``causerie transparency report [--from] [--to] [--format json|markdown]``:
the DSA transparency report (docs/transparency.md), as the JSON the API
serves or as Markdown ready to publish."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Any

import typer

from causerie.cli.options import DatabaseUrl, DataDir

transparency_app = typer.Typer(no_args_is_help=True, help="DSA transparency report.")


class Format(StrEnum):
    JSON = "json"
    MARKDOWN = "markdown"


@transparency_app.command("report")
def report(
    start: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (UTC).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Day after the last, YYYY-MM-DD (UTC).")
    ] = None,
    output: Annotated[Format, typer.Option("--format")] = Format.MARKDOWN,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The report over [--from, --to); without either, the last full calendar year."""
    # Light: the schema and a few aggregate queries, no gazetteer or filter.
    from causerie.adapters.clock import SystemClock
    from causerie.cli.database import operator_database, settings_for
    from causerie.domain.errors import CauserieError
    from causerie.services.transparency import build_report, parse_period

    clock = SystemClock()
    try:
        period = parse_period(start, end, clock.now())
    except CauserieError as exc:
        option = {"from": "--from", "to": "--to"}.get(str(exc.params.get("field")), "--to")
        raise typer.BadParameter(
            "a day as YYYY-MM-DD, --from before --to", param_hint=option
        ) from None

    async def run() -> dict[str, Any]:
        async with operator_database(settings_for(data_dir, database_url)) as uow:
            return await build_report(uow, clock, period)

    document = asyncio.run(run())
    if output is Format.JSON:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        typer.echo(markdown(document), nl=False)


@transparency_app.command("sor-export")
def sor_export(
    start: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (UTC).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Day after the last, YYYY-MM-DD (UTC).")
    ] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Statements of reasons of [--from, --to) in the DSA Transparency
    Database's JSON fields (art. 24(5); docs/legal.md): ``{"statements": […]}``.
    Without --from and --to: the last seven days, today included (UTC)."""
    from causerie.adapters.clock import SystemClock
    from causerie.cli.database import operator_database, settings_for
    from causerie.domain.errors import CauserieError
    from causerie.services import legal_sor
    from causerie.services.transparency import parse_period

    now = SystemClock().now()
    try:
        if start is None and end is None:
            first, last = legal_sor.default_period(now)
        else:
            period = parse_period(start, end, now)
            first, last = period.start, period.end
    except CauserieError:
        raise typer.BadParameter("a day as YYYY-MM-DD, --from before --to") from None

    async def run() -> dict[str, Any]:
        async with operator_database(settings_for(data_dir, database_url)) as uow:
            return await legal_sor.export(uow, first, last)

    typer.echo(json.dumps(asyncio.run(run()), indent=2, ensure_ascii=False))


# --- Markdown -------------------------------------------------------------------


def markdown(document: Mapping[str, Any]) -> str:
    """The report as a Markdown page to publish: English headings, figures
    with thousands separators, the reason codes as the API names them."""
    period = document["period"]
    last_day = date.fromisoformat(period["to"]) - timedelta(days=1)
    notices, appeals = document["notices"], document["appeals"]
    own = document["own_initiative"]
    held, automatic = own["filter"], own["automatic_cases"]
    orders = document["authority_orders"]
    lines = [
        "# Transparency report (EU Digital Services Act, arts. 15 and 24)",
        "",
        f"Period: {period['from']} to {last_day.isoformat()} inclusive (UTC)"
        + ("" if period["complete"] else " — the period has not ended: partial figures")
        + ".",
        f"Generated: {document['generated_at']}.",
        "",
        "## Orders from authorities",
        "",
        *_table(
            ("", "count"),
            [
                ("Orders to act against illegal content (art. 9)", _n(orders["removal_orders"])),
                ("Orders to provide information (art. 10)", _n(orders["information_orders"])),
            ],
        ),
        "",
        "Not recorded by the service: orders reach the operator directly.",
        "",
        "## Notices (reports by members)",
        "",
        *_table(
            ("", "count"),
            [
                ("Received", _n(notices["received"])),
                ("Decided in the period", _n(notices["decided"])),
                ("Median time to decision", _duration(notices["median_seconds_to_decision"])),
                ("Received and still undecided at the end", _n(notices["pending_at_end"])),
            ],
        ),
        "",
        "### By reason",
        "",
        *_table(("reason", "notices"), _rows(notices["by_reason"])),
        "",
        "### By target",
        "",
        *_table(("target", "notices"), _rows(notices["by_target"])),
        "",
        "### Actions taken on notices",
        "",
        *_table(("action", "count"), _rows(notices["actions"])),
        "",
        "## Own-initiative moderation",
        "",
        "### Message filter (before delivery)",
        "",
        *_table(
            ("", "messages"),
            [
                ("Messages checked by the filter", _n(held["checked"])),
                ("Held for review", _n(held["held"])),
                (
                    "— released by a moderator (filter overruled)",
                    _n(held["held_outcome"]["released"]),
                ),
                (
                    "— deleted (by a moderator, or with its author's account)",
                    _n(held["held_outcome"]["deleted"]),
                ),
                ("— awaiting review", _n(held["held_outcome"]["awaiting_review"])),
                ("Masked (personal data hidden, then delivered)", _n(held["masked"]["messages"])),
                (
                    "Refused (never delivered; the sender is told why)",
                    _n(held["blocked"]["messages"]),
                ),
            ],
        ),
        "",
        *(
            [*_table(("filter reason", "held"), _rows(held["held_by_reason"])), ""]
            if held["held_by_reason"]
            else []
        ),
        *(
            [*_table(("filter reason", "masked"), _rows(held["masked"]["by_reason"])), ""]
            if held["masked"]["by_reason"]
            else []
        ),
        *(
            [*_table(("filter reason", "refused"), _rows(held["blocked"]["by_reason"])), ""]
            if held["blocked"]["by_reason"]
            else []
        ),
        "### Automatic cases",
        "",
        *_table(
            ("", "count"),
            [
                ("Opened", _n(automatic["opened"])),
                ("Decided in the period", _n(automatic["decided"])),
                ("Median time to decision", _duration(automatic["median_seconds_to_decision"])),
                ("Opened and still undecided at the end", _n(automatic["pending_at_end"])),
            ],
        ),
        "",
        *_table(("reason", "cases"), _rows(automatic["by_reason"])),
        "",
        *_table(("action", "count"), _rows(automatic["actions"])),
        "",
        "## Appeals (internal complaints, art. 20)",
        "",
        *_table(
            ("", "count"),
            [
                ("Received", _n(appeals["received"])),
                ("Decided in the period", _n(appeals["decided"])),
                ("— granted (decision reversed)", _n(appeals["granted"])),
                ("— rejected (decision upheld)", _n(appeals["rejected"])),
                ("Median time to decision", _duration(appeals["median_seconds_to_decision"])),
                ("Received and still undecided at the end", _n(appeals["pending_at_end"])),
            ],
        ),
        "",
        *(
            [*_table(("decision appealed", "appeals"), _rows(appeals["by_appealed_action"])), ""]
            if appeals["by_appealed_action"]
            else []
        ),
        "## Accounts restricted",
        "",
        *_table(("action", "accounts"), _rows(document["accounts_restricted"])),
        "",
        "## Automated means",
        "",
        *[
            f"- **{m['name']}**: {m['what']} Decides: {m['decides']}. "
            f"Human review: {m['human_review']}."
            for m in document["automated_means"]
        ],
        "",
        "## Not tracked",
        "",
        *[f"- `{item['figure']}`: {item['why']}" for item in document["not_tracked"]],
        "",
        *_legal_sections(document),
    ]
    return "\n".join(lines)


def _legal_sections(document: Mapping[str, Any]) -> list[str]:
    """Notices from outside (art. 15(1)(b), 22) and the average monthly active
    recipients (art. 24(2)), when the report carries them (docs/legal.md)."""
    lines: list[str] = []
    outside = document.get("notices_from_outside")
    if outside:
        lines += [
            "## Notices from outside the service (art. 16) and trusted flaggers (art. 22)",
            "",
            f"Received: {_n(outside['received'])}, of which from trusted flaggers: "
            f"{_n(outside['from_trusted_flaggers'])}. Founded: {_n(outside['founded'])}, "
            f"unfounded: {_n(outside['unfounded'])}, pending: {_n(outside['pending'])}.",
            "",
            *_table(("reason", "notices"), _rows(outside["by_reason"])),
            "",
        ]
    active = document.get("active_recipients")
    if active:
        average = active["average_monthly_active_recipients"]
        lines += [
            "## Average monthly active recipients (art. 24(2))",
            "",
            f"Average over the six months before the period's end: {_n(average)} "
            f"({active['counts']}; {active['months_counted']} months counted).",
            "",
            *_table(("month", "active accounts"), _rows(active["months"])),
            "",
        ]
    return lines


def _n(value: int | None) -> str:
    return "not tracked" if value is None else f"{value:,}"


def _duration(seconds: int | None) -> str:
    """Hours, to a tenth: "—" when nothing was decided."""
    if seconds is None:
        return "—"
    return f"{seconds / 3600:,.1f} h"


def _rows(counts: Mapping[str, int]) -> list[tuple[str, str]]:
    return [(f"`{key}`", _n(n)) for key, n in counts.items()]


def _table(header: tuple[str, str], rows: list[tuple[str, str]]) -> list[str]:
    return [
        f"| {header[0]} | {header[1]} |",
        "|---|---:|",
        *[f"| {label} | {value} |" for label, value in rows],
    ]
