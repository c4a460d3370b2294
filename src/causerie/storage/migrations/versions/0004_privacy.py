"""privacy: identification_records, the sealed identification data of erased
accounts (LCEN: kept one year after the account closes, then purged).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "identification_records",
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("pseudo", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_identification_records")),
    )
    op.create_index(
        op.f("ix_identification_records_closed_at"), "identification_records", ["closed_at"]
    )


def downgrade() -> None:
    op.drop_table("identification_records")
