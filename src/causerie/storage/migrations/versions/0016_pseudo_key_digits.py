"""users.pseudo_key recomputed: digits written for letters and "vv" for "w".

``causerie.safety.names.pseudo_key`` now folds the message reader's leet
digits ("5am" is "Sam", "T0m" is "Tom") and "vv" to "w" ("VVendy" is
"Wendy"), so every existing key is recomputed the way migration 0008 did:
oldest account first, a newer look-alike set aside as ``lookalike:<id>``
and logged, erased accounts untouched.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The module name starts with a digit: imported by name, not by statement.
    skeleton = importlib.import_module(
        "causerie.storage.migrations.versions.0008_case_threat_pseudo_skeleton"
    )
    skeleton.recompute_pseudo_keys(op.get_bind())


def downgrade() -> None:
    """Nothing to undo in the schema; keys stay as computed."""
