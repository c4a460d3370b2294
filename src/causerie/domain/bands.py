"""Age bands. A teen (15-17) and an adult (18+) live in separate worlds:
every visibility decision starts from the band, never from the raw age."""

from __future__ import annotations

from enum import StrEnum

from causerie.domain.errors import CauserieError, Invalid

MIN_AGE = 15
ADULT_AGE = 18
MAX_AGE = 99


class Band(StrEnum):
    TEEN = "teen"
    ADULT = "adult"


def band_for_age(age: int) -> Band:
    """The band of a declared age; refuses under-15s with ``too_young``."""
    if age < MIN_AGE:
        raise CauserieError("too_young", min_age=MIN_AGE)
    if age > MAX_AGE:
        raise Invalid(field="age")
    return Band.ADULT if age >= ADULT_AGE else Band.TEEN
