"""Validated integer types for query and path parameters.

Integer columns are 32-bit on PostgreSQL (64-bit on SQLite): a bigger number
sent by a client used to reach the driver and come back as a 500. Every integer
parameter uses one of these types, so it is refused as 422 ``invalid`` at the
edge; tests/api/test_int_params.py walks the OpenAPI description and checks
that no integer parameter is left unbounded."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

INT32_MAX = 2**31 - 1  # what an integer column holds on both engines

# A room's sequence number (``before``, ``since``…): 1 and up.
SeqQuery = Annotated[int | None, Query(ge=1, le=INT32_MAX)]
# A page size; the service applies its own, smaller, ceiling.
LimitQuery = Annotated[int | None, Query(ge=1, le=10_000)]
