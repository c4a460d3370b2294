"""initial schema: users, sessions, rooms, messages, conversations, blocks

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    # Stored naive-UTC on SQLite, timestamptz on PostgreSQL (see storage/types.py).
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    # op.f(): these names are final; the naming convention must not rewrite them.
    op.create_table(
        "users",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("pseudo", sa.String(), nullable=False),
        sa.Column("pseudo_key", sa.String(), nullable=False),
        sa.Column("gender", sa.String(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(), nullable=False),
        sa.Column("city_id", sa.String(), nullable=False),
        _ts("created_at"),
        sa.Column("trust_level", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        _ts("status_until", nullable=True),
        _ts("muted_until", nullable=True),
        sa.Column("password_hash", sa.String(), nullable=True),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("nearby_visible", sa.Boolean(), nullable=False),
        sa.Column("dm_requests", sa.String(), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("age_attested", sa.Boolean(), nullable=False),
        _ts("city_changed_at", nullable=True),
        sa.Column("message_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("pseudo_key", name=op.f("uq_users_pseudo_key")),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sessions_user_id_users")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sessions_token_hash")),
    )
    op.create_index(op.f("ix_sessions_user_id"), "sessions", ["user_id"])
    op.create_table(
        "rooms",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("theme", sa.String(), nullable=True),
        sa.Column("bands", sa.String(), nullable=False),
        sa.Column("requires", sa.String(), nullable=True),
        sa.Column("slug", sa.String(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        _ts("created_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rooms")),
        sa.UniqueConstraint("slug", name=op.f("uq_rooms_slug")),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("room_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.String(), nullable=False),
        sa.Column("author_pseudo", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _ts("created_at"),
        sa.Column("client_id", sa.String(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_messages_room_id_rooms")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_messages_author_id_users")
        ),
        sa.UniqueConstraint("room_id", "seq", name=op.f("uq_messages_room_id_seq")),
        sa.UniqueConstraint("author_id", "client_id", name=op.f("uq_messages_author_id_client_id")),
    )
    op.create_table(
        "conversations",
        sa.Column("room_id", sa.String(), nullable=False),
        sa.Column("requester_id", sa.String(), nullable=False),
        sa.Column("recipient_id", sa.String(), nullable=False),
        sa.Column("user_lo", sa.String(), nullable=False),
        sa.Column("user_hi", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        _ts("created_at"),
        _ts("decided_at", nullable=True),
        sa.PrimaryKeyConstraint("room_id", name=op.f("pk_conversations")),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_conversations_room_id_rooms")
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["users.id"], name=op.f("fk_conversations_requester_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"], ["users.id"], name=op.f("fk_conversations_recipient_id_users")
        ),
        sa.UniqueConstraint("user_lo", "user_hi", name=op.f("uq_conversations_user_lo_user_hi")),
        sa.CheckConstraint("user_lo <> user_hi", name=op.f("ck_conversations_distinct_pair")),
    )
    op.create_index(op.f("ix_conversations_user_hi"), "conversations", ["user_hi"])
    op.create_table(
        "blocks",
        sa.Column("blocker_id", sa.String(), nullable=False),
        sa.Column("blocked_id", sa.String(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("blocker_id", "blocked_id", name=op.f("pk_blocks")),
        sa.ForeignKeyConstraint(
            ["blocker_id"], ["users.id"], name=op.f("fk_blocks_blocker_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["blocked_id"], ["users.id"], name=op.f("fk_blocks_blocked_id_users")
        ),
        sa.CheckConstraint("blocker_id <> blocked_id", name=op.f("ck_blocks_not_self")),
    )
    op.create_index(op.f("ix_blocks_blocked_id"), "blocks", ["blocked_id"])


def downgrade() -> None:
    op.drop_table("blocks")
    op.drop_table("conversations")
    op.drop_table("messages")
    op.drop_table("rooms")
    op.drop_table("sessions")
    op.drop_table("users")
