"""``GET /api/v1/moderation/transparency?from=YYYY-MM-DD&to=YYYY-MM-DD``: the
DSA transparency report (docs/transparency.md) for moderators and admins.
Like every route of the moderation section, it answers 404 to anyone else."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from causerie.services import transparency
from causerie.transport.auth import DepsDep
from causerie.transport.http.moderation import StaffDep

router = APIRouter(prefix="/api/v1/moderation", tags=["moderation"])


@router.get("/transparency")
async def transparency_report(
    staff: StaffDep,
    deps: DepsDep,
    # Checked by the service (one 422 ``invalid`` naming the field, as for
    # any date the CLI is given).
    start: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD, UTC")] = None,
    end: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD, UTC, excluded")] = None,
) -> Any:
    """The report over ``[from, to)``; without either, the last full calendar
    year. Invalid or empty periods answer 422 ``invalid``."""
    return await transparency.staff_report(deps, staff, start, end)
