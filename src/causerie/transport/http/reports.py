"""``POST /api/v1/reports``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from causerie.services import reports
from causerie.transport.auth import DepsDep, ViewerDep

router = APIRouter(prefix="/api/v1/reports", tags=["safety"])


class NewReport(BaseModel):
    model_config = ConfigDict(extra="ignore")
    target_type: StrictStr = Field(max_length=16)
    target_id: StrictStr = Field(max_length=64)
    reason: StrictStr = Field(max_length=32)
    details: StrictStr | None = Field(default=None, max_length=4000)


class ReportOut(BaseModel):
    id: str
    status: str


@router.post("", status_code=201, response_model=ReportOut)
async def create(body: NewReport, viewer: ViewerDep, deps: DepsDep) -> Any:
    report = await reports.file_report(
        deps,
        viewer,
        target_type=body.target_type,
        target_id=body.target_id,
        reason=body.reason,
        details=body.details,
    )
    return {"id": report.id, "status": "received"}
