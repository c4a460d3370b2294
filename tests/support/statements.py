"""Counting what reaches the database: every statement SQLAlchemy sends, on
every engine of this process, and every connection taken from a pool (one
per unit of work). Round-trip tests use it so that an N+1 read fails."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool


@dataclass
class Statements:
    sql: list[str] = field(default_factory=list)
    checkouts: int = 0

    def reading(self, table: str) -> list[str]:
        """The statements that read ``table`` (``FROM``/``JOIN`` it)."""
        pattern = re.compile(rf"\b(FROM|JOIN)\s+{re.escape(table)}\b", re.IGNORECASE)
        return [s for s in self.sql if pattern.search(s)]


@contextmanager
def counting() -> Iterator[Statements]:
    seen = Statements()

    def on_execute(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        seen.sql.append(statement)

    def on_checkout(*args: Any) -> None:
        seen.checkouts += 1

    event.listen(Engine, "before_cursor_execute", on_execute)
    event.listen(Pool, "checkout", on_checkout)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", on_execute)
        event.remove(Pool, "checkout", on_checkout)
