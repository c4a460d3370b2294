"""``causerie media import-hashes`` against a real database (SQLite and
PostgreSQL), then an upload of a matching image through the live server."""

from __future__ import annotations

import asyncio
from pathlib import Path

from typer.testing import CliRunner

from causerie.cli.main import app
from tests import harness
from tests import media_samples as samples
from tests.api.test_media import friends, pdq_of, upload

runner = CliRunner()


async def run(*args: str) -> tuple[int, str]:
    # In a thread: the command runs its own event loop (asyncio.run).
    result = await asyncio.to_thread(runner.invoke, app, list(args))
    return result.exit_code, result.output


async def test_import_hashes_then_a_match_is_refused(
    tmp_path: Path, migrated_database_url: str
) -> None:
    db = ["--database-url", migrated_database_url, "--data-dir", str(tmp_path)]
    known = samples.plain_jpeg(seed=21)
    listing = tmp_path / "hashes.txt"
    other = "f" * 64
    listing.write_text(f"# a hash-sharing list\n{pdq_of(known)},95,case-1\n\n{other}\n{other}\n")
    code, out = await run("media", "import-hashes", "--input", str(listing), *db)
    assert code == 0, out
    assert "2 new hashes" in out
    code, out = await run("media", "import-hashes", "--input", str(listing), *db)
    assert code == 0 and "0 new hashes" in out

    bad = tmp_path / "bad.txt"
    bad.write_text(f"{other}\nnot-a-hash\n{'a' * 64}\n")
    code, out = await run("media", "import-hashes", "--input", str(bad), *db)
    assert code == 2 and "line 2" in out
    code, out = await run("media", "import-hashes", "--input", str(tmp_path / "missing.txt"), *db)
    assert code == 2

    settings = harness.test_settings(tmp_path, migrated_database_url, image_min_account_days=0)
    async with harness.live_server(settings) as live:
        alice, _, room = await friends(live)
        refused = await upload(alice, room, known)
        assert refused.status_code == 422 and refused.json()["reasons"] == ["known_image"]
        # Nothing of the refused bad list went in: its third line is not a match.
        assert (await upload(alice, room, samples.plain_jpeg(seed=22))).status_code == 201
