"""Justice and the DSA outside the service: notices from anyone, the mail
outbox, requisitions, preservation orders, judicial bans, art. 18 packages,
trusted flaggers, notifier standing, daily active counts; cases.priority.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "dsa_notices",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("target_url", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("flagger_id", sa.String(), nullable=True),
        sa.Column("lang", sa.String(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("decided_at", TS, nullable=True),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dsa_notices")),
    )
    op.create_index(op.f("ix_dsa_notices_case_id"), "dsa_notices", ["case_id"])
    op.create_index(op.f("ix_dsa_notices_email"), "dsa_notices", ["email"])
    op.create_index(op.f("ix_dsa_notices_flagger_id"), "dsa_notices", ["flagger_id"])
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("to_addr", sa.String(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("ref", sa.String(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
    )
    op.create_index(op.f("ix_mail_outbox_ref"), "mail_outbox", ["ref"])
    op.create_index(
        op.f("ix_mail_outbox_sent_at_next_attempt_at"),
        "mail_outbox",
        ["sent_at", "next_attempt_at"],
    )
    op.create_table(
        "legal_requisitions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("requester", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.String(), nullable=False),
        sa.Column("case_reference", sa.String(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("deadline", TS, nullable=False),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("recipient_key", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("approved_by", sa.String(), nullable=True),
        sa.Column("approved_at", TS, nullable=True),
        sa.Column("exported_at", TS, nullable=True),
        sa.Column("export_sha256", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_requisitions")),
    )
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("order_id", sa.String(), nullable=False),
        sa.Column("subject_type", sa.String(), nullable=False),
        sa.Column("subject_id", sa.String(), nullable=False),
        sa.Column("reference", sa.String(), nullable=False),
        sa.Column("until", TS, nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_holds")),
    )
    op.create_index(op.f("ix_legal_holds_order_id"), "legal_holds", ["order_id"])
    op.create_index(
        op.f("ix_legal_holds_subject_type_subject_id"),
        "legal_holds",
        ["subject_type", "subject_id"],
    )
    op.create_table(
        "judicial_bans",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("court", sa.Text(), nullable=False),
        sa.Column("court_reference", sa.String(), nullable=False),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("until", TS, nullable=False),
        sa.Column("executed_at", TS, nullable=True),
        sa.Column("device_hashes", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("alerted_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judicial_bans")),
    )
    op.create_index(op.f("ix_judicial_bans_user_id"), "judicial_bans", ["user_id"])
    op.create_table(
        "threat_packages",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("sent_to", sa.Text(), nullable=True),
        sa.Column("acknowledged_at", TS, nullable=True),
        sa.Column("ack_reference", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threat_packages")),
        sa.UniqueConstraint("case_id", name=op.f("uq_threat_packages_case_id")),
    )
    op.create_table(
        "trusted_flaggers",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_flaggers")),
        sa.UniqueConstraint("name", name=op.f("uq_trusted_flaggers_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_trusted_flaggers_token_hash")),
    )
    op.create_table(
        "notifier_standing",
        sa.Column("notifier", sa.String(), nullable=False),
        sa.Column("warned_at", TS, nullable=True),
        sa.Column("suspended_until", TS, nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("notifier", name=op.f("pk_notifier_standing")),
    )
    op.create_table(
        "active_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_active_daily")),
    )


def downgrade() -> None:
    for table in (
        "active_daily",
        "notifier_standing",
        "trusted_flaggers",
        "threat_packages",
        "judicial_bans",
        "legal_holds",
        "legal_requisitions",
        "mail_outbox",
        "dsa_notices",
    ):
        op.drop_table(table)
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("priority")
