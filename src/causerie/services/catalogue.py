"""The curated room catalogue. Users never create public rooms; operators
manage this list (``causerie rooms …``) and every name passes the policy."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from causerie.domain.bands import Band
from causerie.domain.errors import CauserieError, Conflict, Invalid
from causerie.domain.ids import new_id
from causerie.domain.models import Room, RoomKind
from causerie.safety.names import NameVerdict, check_name
from causerie.services.deps import Deps

REQUIREMENTS = (None, "age_attestation")


@dataclass(frozen=True, slots=True)
class RoomSpec:
    slug: str
    name: str
    theme: str
    band: Band
    description: str = ""
    requires: str | None = None
    # English name and description (optional): shown to people reading in English.
    name_en: str = ""
    description_en: str = ""


def parse_specs(data: dict[str, Any]) -> list[RoomSpec]:
    specs: list[RoomSpec] = []
    for entry in data.get("rooms", []):
        try:
            spec = RoomSpec(
                slug=str(entry["slug"]),
                name=str(entry["name"]),
                theme=str(entry["theme"]),
                band=Band(entry["band"]),
                description=str(entry.get("description") or ""),
                requires=entry.get("requires"),
                name_en=str(entry.get("name_en") or ""),
                description_en=str(entry.get("description_en") or ""),
            )
        except (KeyError, ValueError) as exc:
            raise Invalid(field=f"rooms[{len(specs)}]") from exc
        specs.append(spec)
    return specs


def default_specs() -> list[RoomSpec]:
    text = resources.files("causerie.data").joinpath("rooms.json").read_text("utf-8")
    return parse_specs(json.loads(text))


@functools.cache
def english_names() -> dict[str, tuple[str, str]]:
    """French room name -> (English name, English description), from the
    shipped catalogue; a room it does not list keeps its French words."""
    return {
        s.name: (s.name_en or s.name, s.description_en or s.description)
        for s in default_specs()
        if s.name_en
    }


def translated(room: Room, language: str) -> tuple[str, str]:
    """The room's name and description in ``language`` (fr or en)."""
    if language == "en" and room.name in english_names():
        return english_names()[room.name]
    return room.name, room.description


def specs_from_file(path: Path) -> list[RoomSpec]:
    return parse_specs(json.loads(path.read_text("utf-8")))


@functools.lru_cache(maxsize=1024)
def _room_name_verdict(name: str) -> NameVerdict:
    """The catalogue's names are checked each time a database is seeded (every
    test's): the verdict is a pure function of the name."""
    return check_name(name, "room")


def check_spec(spec: RoomSpec) -> None:
    if not spec.slug or len(spec.slug) > 64 or not spec.name or len(spec.name) > 80:
        raise Invalid(field="room")
    if spec.requires not in REQUIREMENTS:
        raise Invalid(field="requires")
    if spec.band is Band.TEEN and spec.requires == "age_attestation":
        raise Invalid(field="requires")
    verdict = _room_name_verdict(spec.name)
    if not verdict.allowed:
        raise CauserieError("name_not_allowed", reason=verdict.reason or "policy")


def _room_of(spec: RoomSpec, deps: Deps) -> Room:
    check_spec(spec)
    return Room(
        id=new_id(),
        kind=RoomKind.PUBLIC,
        name=spec.name,
        theme=spec.theme,
        bands=frozenset({spec.band}),
        requires=spec.requires,
        slug=spec.slug,
        description=spec.description,
        created_at=deps.clock.now(),
    )


async def add_room(deps: Deps, spec: RoomSpec) -> Room:
    room = _room_of(spec, deps)
    async with deps.uow(write=True) as uow:
        if await uow.rooms.by_slug(spec.slug) is not None:
            raise Conflict("room_exists")
        await uow.rooms.add(room)
        await uow.commit()
    return room


async def missing_specs(deps: Deps, specs: list[RoomSpec]) -> list[RoomSpec]:
    """The rooms whose slug is not there yet (an archived room counts as
    there: operators' decisions stick)."""
    async with deps.uow() as uow:
        present = {r.slug for r in await uow.rooms.list_public(include_archived=True)}
    return [spec for spec in specs if spec.slug not in present]


async def seed_rooms(deps: Deps, specs: list[RoomSpec]) -> int:
    """Add the missing rooms of ``specs`` in one transaction; returns how
    many this call added. Safe when several processes seed at once (the
    workers of ``serve --workers N`` on an empty database): a room another
    one added meanwhile is skipped, not an error."""
    added = 0
    # Names through the policy before the write unit: its first use builds
    # the phrase index (seconds in a fresh process), and on SQLite the write
    # lock held meanwhile made a second seeding worker give up (busy timeout).
    for spec in specs:
        check_spec(spec)
    async with deps.uow(write=True) as uow:
        present = {r.slug for r in await uow.rooms.list_public(include_archived=True)}
        missing = [spec for spec in specs if spec.slug not in present]
        for spec in missing:
            try:
                await uow.rooms.add(_room_of(spec, deps))
            except Conflict as exc:
                if exc.code != "room_exists":
                    raise
                continue
            added += 1
        await uow.commit()
    return added


async def archive_room(deps: Deps, slug: str, archived: bool = True) -> Room:
    async with deps.uow(write=True) as uow:
        room = await uow.rooms.by_slug(slug)
        if room is None:
            raise CauserieError("not_found")
        room = await uow.rooms.update(room.id, archived=archived)
        await uow.commit()
    return room
