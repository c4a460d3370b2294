"""The offline gazetteer: names only, never coordinates."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from causerie.transport.auth import DepsDep
from causerie.transport.schemas import CityOut, present_city

router = APIRouter(prefix="/api/v1", tags=["cities"])


@router.get("/cities", response_model=list[CityOut])
async def search_cities(
    deps: DepsDep,
    q: str = Query(default="", max_length=100),
    limit: int = Query(default=10, ge=1, le=50),
) -> Any:
    return [present_city(c) for c in deps.gazetteer.search(q, limit)]
