"""The hash-chained audit log: actions, role changes and legal holds are
chained; ``causerie audit verify`` detects edits, removals and reordering."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest
from sqlalchemy import text

from causerie.services.audit import verify
from causerie.services.roles import set_role
from causerie.storage.engine import make_engine
from tests.api.moderation_helpers import act, case_for, report
from tests.harness import Server, signup, staff


def _verify_cli(database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "causerie.cli.main",
            "audit",
            "verify",
            "--database-url",
            database_url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


async def _sql(database_url: str, statement: str) -> None:
    engine = make_engine(database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


async def _activity(server: Server) -> None:
    """Role change, legal hold, two actions: at least four entries."""
    user, reporter = await signup(server), await signup(server)
    moderator = await signup(server)
    deps = server.app.state.deps
    await set_role(deps, moderator.user["pseudo"], "moderator", actor="test")
    await report(reporter, "user", user.id, "spam")
    case = await case_for(moderator, user.id)
    assert (await act(moderator, case["id"], "escalate")).status_code == 200
    assert (await act(moderator, case["id"], "warn")).status_code == 200


async def test_actions_role_changes_and_holds_are_chained(server: Server) -> None:
    await _activity(server)
    deps = server.app.state.deps
    async with deps.uow() as uow:
        entries = await uow.audit.entries()
    assert [e.action for e in entries] == [
        "role.change",
        "legal_hold",
        "case.escalate",
        "case.warn",
    ]
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    result = await verify(deps.uow)
    assert result.intact and result.entries == 4
    moderator = await staff(server)
    status = (await moderator.http.get("/api/v1/moderation/audit/verify")).json()
    assert status == {"intact": True, "entries": 4, "first_bad": None}


async def test_tampering_is_detected_by_the_cli(server: Server, migrated_database_url: str) -> None:
    await _activity(server)
    intact = _verify_cli(migrated_database_url)
    assert intact.returncode == 0, intact.stderr
    assert "intact: 4 entries" in intact.stdout
    await _sql(
        migrated_database_url,
        'UPDATE audit_log SET payload = \'{"rule":"nothing"}\' WHERE seq = 3',
    )
    broken = _verify_cli(migrated_database_url)
    assert broken.returncode == 1, broken.stdout
    assert "entry 3:" in broken.stdout


@pytest.mark.parametrize(
    ("tamper", "bad_seq"),
    [
        ("UPDATE audit_log SET actor = 'moderator:someone-else' WHERE seq = 2", 2),
        ("DELETE FROM audit_log WHERE seq = 2", 3),
        ("DELETE FROM audit_log WHERE seq = 4", 4),
        ("UPDATE audit_log SET seq = seq + 10 WHERE seq = 1", 2),
    ],
)
async def test_edits_removals_and_reordering_are_detected(
    server: Server, migrated_database_url: str, tamper: str, bad_seq: int
) -> None:
    """The function behind ``causerie audit verify``, on both engines."""
    await _activity(server)
    deps = server.app.state.deps
    assert (await verify(deps.uow)).intact
    await _sql(migrated_database_url, tamper)
    result = await verify(deps.uow)
    assert result.fault is not None and result.fault.seq == bad_seq


async def test_no_api_deletes_the_audit_log(server: Server) -> None:
    moderator = await staff(server)
    for method in ("DELETE", "PUT", "PATCH"):
        response = await moderator.http.request(method, "/api/v1/moderation/audit/verify")
        assert response.status_code in (404, 405)
