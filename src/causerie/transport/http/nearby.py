"""``GET /api/v1/nearby``: members of the caller's band near their city, as
a city name and a distance bucket — never coordinates, never a distance."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from causerie.ports import Gazetteer, MemberDirectory
from causerie.services import nearby
from causerie.services.nearby import NearbyMember
from causerie.transport.auth import DepsDep, ViewerDep, client_ip
from causerie.transport.schemas import CityRef, PublicUserOut, present_public_user
from causerie.transport.state import state_of

router = APIRouter(prefix="/api/v1", tags=["nearby"])

Bucket = Literal["< 5 km", "< 10 km", "< 25 km", "< 50 km", "< 100 km"]


class NearbyOut(BaseModel):
    user: PublicUserOut
    city: CityRef
    distance: Bucket


def present_nearby(member: NearbyMember, gazetteer: Gazetteer) -> dict[str, Any]:
    """Only what a profile already shows, plus the bucket label."""
    return {
        "user": present_public_user(member.user, gazetteer),
        "city": {"id": member.city.id, "name": member.city.name},
        "distance": member.distance,
    }


@router.get("/nearby", response_model=list[NearbyOut])
async def list_nearby(
    request: Request,
    viewer: ViewerDep,
    deps: DepsDep,
    limit: int = Query(default=nearby.DEFAULT_LIMIT, ge=1, le=nearby.MAX_LIMIT),
) -> Any:
    directory: MemberDirectory = state_of(request.app).nearby
    members = await nearby.list_nearby(
        deps, directory, viewer, limit=limit, client_ip=client_ip(request)
    )
    return [present_nearby(member, deps.gazetteer) for member in members]
