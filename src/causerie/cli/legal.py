"""``causerie legal …``: the requisition desk and the DSA registers from the
command line (docs/legal.md). ``verify``, ``decrypt`` and ``keygen`` need no
database: they are the receiving side's tools too."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from causerie.cli.options import DatabaseUrl, DataDir
from causerie.domain.errors import CauserieError
from causerie.domain.models import User
from causerie.services.deps import Deps

legal_app = typer.Typer(no_args_is_help=True, help="Justice and the DSA (docs/legal.md).")
flagger_app = typer.Typer(no_args_is_help=True, help="Trusted flaggers (DSA art. 22).")
requisition_app = typer.Typer(no_args_is_help=True, help="Requisitions (four eyes).")
hold_app = typer.Typer(no_args_is_help=True, help="Preservation orders (legal hold).")
legal_app.add_typer(flagger_app, name="flagger")
legal_app.add_typer(requisition_app, name="requisition")
legal_app.add_typer(hold_app, name="hold")

AsPseudo = Annotated[str, typer.Option("--as", help="The legal desk member acting (pseudo).")]


def _run(
    data_dir: Path | None, database_url: str | None, action: Callable[[Deps], Awaitable[None]]
) -> None:
    import getpass

    from causerie.cli.context import operator_deps
    from causerie.cli.database import settings_for
    from causerie.services.legal import CLI_OPERATOR

    async def run() -> None:
        # Audited as the OS user at the keyboard, with ``--as`` in the payload.
        CLI_OPERATOR.set(getpass.getuser())
        async with operator_deps(settings_for(data_dir, database_url)) as deps:
            await action(deps)

    try:
        asyncio.run(run())
    except CauserieError as exc:
        typer.echo(f"error: {exc.code} {exc.params or ''}".rstrip(), err=True)
        raise typer.Exit(1) from exc


async def _member(deps: Deps, pseudo: str) -> User:
    from causerie.safety.names import pseudo_key

    async with deps.uow() as uow:
        user = await uow.users.by_pseudo_key(pseudo_key(pseudo))
    if user is None:
        raise CauserieError("not_found")
    return user


def _echo(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str))


# --- the receiving side -------------------------------------------------------------


def _read_secret(path: Path | None) -> str | None:
    return path.read_text().strip() if path is not None else None


@legal_app.command("verify")
def verify(
    file: Path,
    public_key: Annotated[
        str | None, typer.Option(help="The operator's published Ed25519 key (base64).")
    ] = None,
    passphrase_file: Annotated[
        Path | None, typer.Option(help="File holding the passphrase.")
    ] = None,
    private_key: Annotated[Path | None, typer.Option(help="X25519 private key file.")] = None,
    trust_embedded_key: Annotated[
        bool,
        typer.Option(
            "--trust-embedded-key",
            help="Accept the key inside the archive (integrity only, not origin).",
        ),
    ] = False,
) -> None:
    """Check a legal export's signature and the SHA-256 of every file: exit 0
    when intact and signed by --public-key (or --trust-embedded-key is
    given), 1 naming the first file or the signature that fails, 2 when
    intact but its origin was not checked. An encrypted export is opened
    first (--passphrase-file or --private-key)."""
    from causerie.services import legal_archive

    data = file.read_bytes()
    if data.startswith(legal_archive.MAGIC):
        try:
            data = legal_archive.decrypt(
                data,
                private_key=legal_archive.unb64(_read_secret(private_key) or "")
                if private_key
                else None,
                passphrase=_read_secret(passphrase_file),
            )
        except legal_archive.DecryptError as error:
            typer.echo(f"cannot decrypt: {error}", err=True)
            raise typer.Exit(1) from None
    trusted = legal_archive.unb64(public_key) if public_key else None
    verdict = legal_archive.verify(data, trusted)
    if not verdict.ok:
        typer.echo(f"FAILED: {verdict.problem}", err=True)
        raise typer.Exit(1)
    assert verdict.manifest is not None
    files = verdict.manifest.get("files", {})
    if trusted is None and not trust_embedded_key:
        # Anyone can re-sign a forged archive and put their own key inside:
        # a script that checks only the exit code must not take that as OK.
        typer.echo(
            f"signature and {len(files)} files match the key inside the archive, but its "
            "origin not checked: pass --public-key, or --trust-embedded-key to accept",
            err=True,
        )
        raise typer.Exit(2)
    origin = "the given public key" if trusted else "the key inside the archive (not its origin)"
    typer.echo(f"OK: signature and {len(files)} files intact; signed by {origin}")


@legal_app.command("decrypt")
def decrypt(
    file: Path,
    out: Annotated[Path, typer.Option("--out", help="Where to write the zip.")],
    passphrase_file: Annotated[Path | None, typer.Option()] = None,
    private_key: Annotated[Path | None, typer.Option()] = None,
) -> None:
    """Open an encrypted export into its signed zip (then: ``legal verify``)."""
    from causerie.services import legal_archive

    try:
        plain = legal_archive.decrypt(
            file.read_bytes(),
            private_key=legal_archive.unb64(_read_secret(private_key) or "")
            if private_key
            else None,
            passphrase=_read_secret(passphrase_file),
        )
    except legal_archive.DecryptError as error:
        typer.echo(f"cannot decrypt: {error}", err=True)
        raise typer.Exit(1) from None
    out.write_bytes(plain)
    typer.echo(f"{out}: {len(plain)} bytes")


@legal_app.command("keygen")
def keygen(out: Annotated[Path, typer.Option("--out", help="Private key file (0600).")]) -> None:
    """For the requester: an X25519 key pair. Give the printed public key with
    the requisition; keep the file to decrypt the export."""
    from causerie.services import legal_archive

    private, public = legal_archive.new_recipient_keypair()
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(legal_archive.b64(private) + "\n")
    typer.echo(legal_archive.b64(public))


@legal_app.command("public-key")
def public_key_command(data_dir: DataDir = None) -> None:
    """The Ed25519 public key that signs exports: publish it to the authorities."""
    from causerie.adapters.legal_key import load_legal_key
    from causerie.cli.database import settings_for
    from causerie.services import legal_archive

    settings = settings_for(data_dir, None)
    key = load_legal_key(settings.legal_signing_key, settings.data_dir)
    typer.echo(legal_archive.b64(legal_archive.raw_public(key.public_key())))


# --- requisitions -------------------------------------------------------------------


@requisition_app.command("add")
def requisition_add(
    as_pseudo: AsPseudo,
    requester: Annotated[str, typer.Option()],
    legal_basis: Annotated[
        str, typer.Option(help="cpp_60_1|cpp_77_1_1|cpp_99_3|eu_production_order")
    ],
    case_reference: Annotated[str, typer.Option()],
    account: Annotated[list[str] | None, typer.Option(help="Pseudo or id; repeat.")] = None,
    conversation: Annotated[list[str] | None, typer.Option(help="Room id; repeat.")] = None,
    start: Annotated[str | None, typer.Option("--from")] = None,
    end: Annotated[str | None, typer.Option("--to")] = None,
    deadline: Annotated[str | None, typer.Option()] = None,
    emergency: Annotated[bool, typer.Option("--emergency")] = False,
    recipient_key: Annotated[str | None, typer.Option(help="X25519 public key, base64.")] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Record a requisition as received (nothing leaves before approval)."""
    from causerie.services import legal

    async def action(deps: Deps) -> None:
        clerk = await _member(deps, as_pseudo)
        scope = {
            "accounts": account or [],
            "conversations": conversation or [],
            "from": start,
            "to": end,
        }
        _echo(
            await legal.record_requisition(
                deps,
                clerk,
                requester=requester,
                legal_basis=legal_basis,
                case_reference=case_reference,
                scope=scope,
                deadline=deadline,
                emergency=emergency,
                recipient_key=recipient_key,
            )
        )

    _run(data_dir, database_url, action)


@requisition_app.command("list")
def requisition_list(
    as_pseudo: AsPseudo, data_dir: DataDir = None, database_url: DatabaseUrl = None
) -> None:
    from causerie.services import legal

    async def action(deps: Deps) -> None:
        _echo(await legal.list_requisitions(deps, await _member(deps, as_pseudo)))

    _run(data_dir, database_url, action)


@requisition_app.command("approve")
def requisition_approve(
    requisition_id: str,
    as_pseudo: AsPseudo,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """The second pair of eyes (never who recorded it)."""
    from causerie.services import legal

    async def action(deps: Deps) -> None:
        _echo(await legal.approve(deps, await _member(deps, as_pseudo), requisition_id))

    _run(data_dir, database_url, action)


@requisition_app.command("export")
def requisition_export(
    requisition_id: str,
    as_pseudo: AsPseudo,
    out: Annotated[Path, typer.Option("--out")],
    passphrase_file: Annotated[Path | None, typer.Option()] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the signed, encrypted archive of an approved requisition."""
    from causerie.adapters.legal_key import load_legal_key
    from causerie.services import legal, legal_archive

    async def action(deps: Deps) -> None:
        key = load_legal_key(deps.settings.legal_signing_key, deps.settings.data_dir)
        sealed = await legal.export(
            deps,
            await _member(deps, as_pseudo),
            requisition_id,
            key,
            passphrase=_read_secret(passphrase_file),
        )
        out.write_bytes(sealed)
        typer.echo(f"{out}: sha256 {legal_archive.sha256(sealed)}")

    _run(data_dir, database_url, action)


# --- preservation orders ------------------------------------------------------------


@hold_app.command("add")
def hold_add(
    reference: Annotated[str, typer.Option(help="The order's reference (parquet, court).")],
    days: Annotated[int, typer.Option()],
    account: Annotated[list[str] | None, typer.Option()] = None,
    conversation: Annotated[list[str] | None, typer.Option()] = None,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Freeze accounts and conversations for DAYS (purge and erasure skip them)."""
    from causerie.services import legal

    async def action(deps: Deps) -> None:
        scope = {"accounts": account or [], "conversations": conversation or []}
        _echo(await legal.preserve(deps, None, reference=reference, scope=scope, days=days))

    _run(data_dir, database_url, action)


@hold_app.command("renew")
def hold_renew(
    order_id: str,
    days: Annotated[int, typer.Option()],
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    from causerie.services import legal

    async def action(deps: Deps) -> None:
        _echo(await legal.renew(deps, None, order_id, days))

    _run(data_dir, database_url, action)


# --- trusted flaggers ---------------------------------------------------------------


@flagger_app.command("add")
def flagger_add(name: str, data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Register an organisation; prints its token once (only its hash is kept)."""
    from causerie.services import dsa_notices

    async def action(deps: Deps) -> None:
        flagger_id, token = await dsa_notices.add_flagger(deps, name)
        typer.echo(f"{name}: id {flagger_id}")
        typer.echo(f"token (shown once): {token}")

    _run(data_dir, database_url, action)


@flagger_app.command("revoke")
def flagger_revoke(name: str, data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    from causerie.services import dsa_notices

    async def action(deps: Deps) -> None:
        await dsa_notices.revoke_flagger(deps, name)
        typer.echo(f"{name}: revoked")

    _run(data_dir, database_url, action)


@flagger_app.command("list")
def flagger_list(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    from causerie.services.mail import legal_repo

    async def action(deps: Deps) -> None:
        async with deps.uow() as uow:
            flaggers = await legal_repo(uow).flaggers()
        _echo([{k: v for k, v in asdict(f).items() if k != "token_hash"} for f in flaggers])

    _run(data_dir, database_url, action)


# --- judicial bans --------------------------------------------------------------------

ban_app = typer.Typer(no_args_is_help=True, help="Judicial bans (loi SREN 2024).")
legal_app.add_typer(ban_app, name="ban")


@ban_app.command("add")
def ban_add(
    account: str,
    court: Annotated[str, typer.Option()],
    court_reference: Annotated[str, typer.Option()],
    term_days: Annotated[int, typer.Option()],
    as_pseudo: AsPseudo,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Record a court's ban of ACCOUNT (pseudo or id); a second desk member
    executes it (`ban execute ID --as OTHER`)."""
    from causerie.services import legal_bans

    async def action(deps: Deps) -> None:
        _echo(
            await legal_bans.record(
                deps,
                await _member(deps, as_pseudo),
                account=account,
                court=court,
                court_reference=court_reference,
                term_days=term_days,
            )
        )

    _run(data_dir, database_url, action)


@ban_app.command("execute")
def ban_execute(
    ban_id: str, as_pseudo: AsPseudo, data_dir: DataDir = None, database_url: DatabaseUrl = None
) -> None:
    """Approve and execute a ban recorded by another desk member."""
    from causerie.services import legal_bans

    async def action(deps: Deps) -> None:
        _echo(await legal_bans.execute(deps, await _member(deps, as_pseudo), ban_id))

    _run(data_dir, database_url, action)


@ban_app.command("check")
def ban_check(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """List bans pending past the 24 h limit (alerting once each); exit 1 if any."""
    from causerie.services import legal_bans

    overdue: list[Any] = []

    async def action(deps: Deps) -> None:
        overdue.extend(await legal_bans.check_overdue(deps))
        _echo(overdue)

    _run(data_dir, database_url, action)
    if overdue:
        raise typer.Exit(1)
