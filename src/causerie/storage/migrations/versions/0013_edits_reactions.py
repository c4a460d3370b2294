"""Editing one's own message and reactions: messages.edited_at, the edit
history (kept for moderators) and each member's reactions.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("edited_at", TS, nullable=True))
    op.create_table(
        "message_edits",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("room_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.String(), nullable=False),
        sa.Column("previous_text", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("edited_at", TS, nullable=False),
        sa.Column("evidence", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_message_edits_message_id_messages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_edits")),
    )
    op.create_index(
        op.f("ix_message_edits_message_id"), "message_edits", ["message_id"], unique=False
    )
    op.create_index(
        op.f("ix_message_edits_author_id"), "message_edits", ["author_id"], unique=False
    )
    op.create_table(
        "message_reactions",
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("emoji", sa.String(), nullable=False),
        sa.Column("room_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_message_reactions_message_id_messages")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_message_reactions_user_id_users")
        ),
        sa.PrimaryKeyConstraint(
            "message_id", "user_id", "emoji", name=op.f("pk_message_reactions")
        ),
    )
    op.create_index(
        op.f("ix_message_reactions_room_id_seq"),
        "message_reactions",
        ["room_id", "seq"],
        unique=False,
    )
    op.create_index(
        op.f("ix_message_reactions_user_id"), "message_reactions", ["user_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_message_reactions_user_id"), table_name="message_reactions")
    op.drop_index(op.f("ix_message_reactions_room_id_seq"), table_name="message_reactions")
    op.drop_table("message_reactions")
    op.drop_index(op.f("ix_message_edits_author_id"), table_name="message_edits")
    op.drop_index(op.f("ix_message_edits_message_id"), table_name="message_edits")
    op.drop_table("message_edits")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("edited_at")
