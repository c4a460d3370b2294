"""Column types that keep the domain's invariants across both engines."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import DateTime, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from causerie.domain.bands import Band
from causerie.domain.media import ImageRef

E = TypeVar("E", bound=StrEnum)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC ``datetime`` on both engines.

    SQLite has no time zone type and drops the offset, so values are stored as
    naive UTC there and given back their ``UTC`` tzinfo on the way out; naive
    values are refused on the way in because their zone would be a guess."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware UTC datetime")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class StrEnumType(TypeDecorator[E]):
    """A ``StrEnum`` stored as its plain text value (no native ENUM type, so
    later migrations can add values without an ``ALTER TYPE``)."""

    impl = String
    cache_ok = True

    def __init__(self, enum_cls: type[E]) -> None:
        super().__init__()
        self.enum_cls = enum_cls

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.enum_cls(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        if value is None:
            return None
        return self.enum_cls(value)


class BandSet(TypeDecorator[frozenset[Band]]):
    """A set of age bands as sorted comma-separated text: ``"adult"``,
    ``"teen"`` or ``"adult,teen"``."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: frozenset[Band] | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return ",".join(sorted(Band(band).value for band in value))

    def process_result_value(self, value: Any, dialect: Dialect) -> frozenset[Band] | None:
        if value is None:
            return None
        return frozenset(Band(part) for part in str(value).split(",") if part)


class ImageRefColumn(TypeDecorator[ImageRef]):
    """A message's image reference as compact JSON text, so a message row
    carries everything its frame shows without a join (docs/media.md)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: ImageRef | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(
            {
                "id": value.id,
                "width": value.width,
                "height": value.height,
                "blurred": value.blurred,
            },
            separators=(",", ":"),
        )

    def process_result_value(self, value: Any, dialect: Dialect) -> ImageRef | None:
        if value is None:
            return None
        data = json.loads(value)
        return ImageRef(
            id=str(data["id"]),
            width=int(data["width"]),
            height=int(data["height"]),
            blurred=bool(data["blurred"]),
        )
