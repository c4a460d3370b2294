"""``causerie safety …``: the same filter and scorer the server runs, offline.

``score`` reads conversations as JSON lines and writes one assessment per
line; ``check-text`` prints the per-message filter decision.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from causerie.cli.options import DatabaseUrl, DataDir
from causerie.safety.pipeline import SenderContext, default_filter
from causerie.safety.scorer import score_conversation

safety_app = typer.Typer(help="Automated moderation: filter and conversation scorer.")

MALFORMED_EXIT = 2


@safety_app.command("score")
def score(
    input_path: Annotated[
        str, typer.Option("--input", help="JSONL file of conversations, or - for stdin")
    ],
) -> None:
    """Score conversations (one JSON object a line) and print one assessment a line."""
    if input_path == "-":
        _score_stream(sys.stdin)
        return
    try:
        with open(input_path, encoding="utf-8") as stream:
            _score_stream(stream)
    except OSError as exc:
        typer.echo(f"cannot read {input_path}: {exc.strerror}", err=True)
        raise typer.Exit(MALFORMED_EXIT) from exc


def _score_stream(stream: TextIO) -> None:
    out = sys.stdout
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            result = score_conversation(json.loads(line))
        except (ValueError, TypeError) as exc:  # JSONDecodeError is a ValueError
            typer.echo(f"line {number}: malformed conversation: {exc}", err=True)
            raise typer.Exit(MALFORMED_EXIT) from exc
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()


@safety_app.command("check-text")
def check_text(
    text: Annotated[str, typer.Option("--text", help="the message to check")],
    band: Annotated[str, typer.Option(help="sender's age band: teen or adult")] = "adult",
    trust_level: Annotated[int, typer.Option(help="sender's trust level (0 = new guest)")] = 0,
    account_age_days: Annotated[float, typer.Option(help="age of the sender's account")] = 0.0,
    private: Annotated[bool, typer.Option("--private", help="a private conversation")] = False,
) -> None:
    """Print the filter decision for one message as one JSON line. The sender
    defaults to a brand-new adult guest in a public room (the strictest
    adult case)."""
    if band not in ("teen", "adult"):
        typer.echo("--band must be teen or adult", err=True)
        raise typer.Exit(MALFORMED_EXIT)
    ctx = SenderContext(band, trust_level, account_age_days, private)
    verdict = default_filter().check(text, ctx)
    payload = {"decision": verdict.decision, "reasons": verdict.reasons, "text": verdict.text}
    typer.echo(json.dumps(payload, ensure_ascii=False))


@safety_app.command("export-labels")
def export_labels(
    output: Annotated[
        Path | None, typer.Option("--output", help="JSONL file to write (default: stdout)")
    ] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Moderators' decisions on messages as labelled examples for retraining
    (the corpus format of eval/corpus/GUIDE.md): pseudonymised, only cases
    still within retention, never an erased account's; audited."""
    from causerie.adapters.clock import SystemClock
    from causerie.cli.database import operator_database, settings_for
    from causerie.services.labels import LabelExport
    from causerie.services.labels import export_labels as run_export

    settings = settings_for(data_dir, database_url)

    async def run() -> LabelExport:
        async with operator_database(settings) as uow_factory:
            return await run_export(uow_factory, SystemClock(), settings)

    export = asyncio.run(run())
    body = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in export.lines)
    if output is None:
        sys.stdout.write(body)
        sys.stdout.flush()
    else:
        # Readable by the operator only: pseudonymised, still moderation content.
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(body)
    skipped = ", ".join(f"{why}: {n}" for why, n in sorted(export.skipped.items()))
    typer.echo(
        f"{len(export.lines)} labelled messages" + (f" (skipped {skipped})" if skipped else ""),
        err=True,
    )
