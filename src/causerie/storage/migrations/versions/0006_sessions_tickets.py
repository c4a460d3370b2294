"""Sessions a member can list and revoke (last use, browser), and single-use
WebSocket tickets so that no reusable secret travels in a URL.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("user_agent", sa.String(), nullable=True))
    op.create_table(
        "ws_tickets",
        sa.Column("ticket_hash", sa.String(), nullable=False),
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("ticket_hash", name=op.f("pk_ws_tickets")),
    )
    op.create_index(op.f("ix_ws_tickets_expires_at"), "ws_tickets", ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ws_tickets_expires_at"), table_name="ws_tickets")
    op.drop_table("ws_tickets")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("user_agent")
        batch.drop_column("last_seen_at")
