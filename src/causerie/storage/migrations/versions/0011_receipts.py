"""Delivered/read in private conversations: each member's positions, and the
read-receipts choice.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "conversation_reads",
        sa.Column("room_id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("delivered_seq", sa.Integer(), nullable=False),
        sa.Column("read_seq", sa.Integer(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_conversation_reads_room_id_rooms")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_conversation_reads_user_id_users")
        ),
        sa.PrimaryKeyConstraint("room_id", "user_id", name=op.f("pk_conversation_reads")),
    )
    op.create_index(
        op.f("ix_conversation_reads_user_id"), "conversation_reads", ["user_id"], unique=False
    )
    op.create_table(
        "receipt_prefs",
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("read_receipts", sa.Boolean(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_receipt_prefs_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_receipt_prefs")),
    )


def downgrade() -> None:
    op.drop_table("receipt_prefs")
    op.drop_index(op.f("ix_conversation_reads_user_id"), table_name="conversation_reads")
    op.drop_table("conversation_reads")
