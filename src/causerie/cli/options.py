"""Options shared by the commands that open the database (no heavy imports:
light commands such as ``audit verify`` and ``retention purge`` use them)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", envvar="CAUSERIE_DATA_DIR", help="Folder of the SQLite file."),
]
DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="CAUSERIE_DATABASE_URL",
        help="sqlite:///path.db or postgresql://user@host/db",
    ),
]
