"""moderation: cases, reports, evidence, actions, notices, held messages,
device signals, attestation nonces, the hash-chained audit log; and
users.trust_locked_until.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _s(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.String(), nullable=nullable)


def _t(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.Text(), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(_ts("trust_locked_until", nullable=True))
    op.create_table(
        "cases",
        _s("id"),
        _s("kind"),
        _s("severity"),
        sa.Column("severity_rank", sa.Integer(), nullable=False),
        _s("status"),
        _s("target_type"),
        _s("target_id"),
        _s("subject_id", nullable=True),
        _t("reasons"),
        _t("signals"),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        _ts("created_at"),
        _ts("closed_at", nullable=True),
        _s("notice_id", nullable=True),
        _s("acted_by", nullable=True),
        _t("appeal_text"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    op.create_index(
        op.f("ix_cases_status_severity_rank_created_at"),
        "cases",
        ["status", "severity_rank", "created_at"],
    )
    op.create_index(op.f("ix_cases_target_type_target_id"), "cases", ["target_type", "target_id"])
    op.create_index(op.f("ix_cases_subject_id"), "cases", ["subject_id"])
    op.create_table(
        "reports",
        _s("id"),
        _s("case_id"),
        _s("reporter_id"),
        _s("target_type"),
        _s("target_id"),
        _s("reason"),
        _t("details"),
        _ts("created_at"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_reports_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    op.create_index(op.f("ix_reports_case_id"), "reports", ["case_id"])
    op.create_index(op.f("ix_reports_reporter_id"), "reports", ["reporter_id"])
    op.create_table(
        "evidence",
        _s("id"),
        _s("case_id"),
        _s("kind"),
        _ts("created_at"),
        _t("content"),
        sa.Column("legal_hold", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_evidence_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    op.create_index(op.f("ix_evidence_case_id"), "evidence", ["case_id"])
    op.create_table(
        "case_actions",
        _s("id"),
        _s("case_id"),
        _s("moderator_id"),
        _s("action"),
        _t("rule"),
        _t("facts"),
        sa.Column("duration_hours", sa.Integer(), nullable=True),
        _s("subject_id", nullable=True),
        _ts("created_at"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_actions_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_actions")),
    )
    op.create_index(op.f("ix_case_actions_case_id"), "case_actions", ["case_id"])
    op.create_index(op.f("ix_case_actions_subject_id"), "case_actions", ["subject_id"])
    op.create_table(
        "notices",
        _s("id"),
        _s("user_id"),
        _s("kind"),
        _ts("created_at"),
        _t("text"),
        _t("rule", nullable=True),
        _t("facts", nullable=True),
        sa.Column("appealable", sa.Boolean(), nullable=False),
        _s("case_id", nullable=True),
        _s("action", nullable=True),
        _s("acted_by", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_index(op.f("ix_notices_user_id_created_at"), "notices", ["user_id", "created_at"])
    op.create_table(
        "held_messages",
        _s("id"),
        _s("room_id"),
        _s("author_id"),
        _s("author_pseudo"),
        _t("text"),
        _s("client_id"),
        _t("reasons"),
        _ts("created_at"),
        _s("state"),
        _s("case_id", nullable=True),
        _s("message_id", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_messages")),
        sa.UniqueConstraint(
            "author_id", "client_id", name=op.f("uq_held_messages_author_id_client_id")
        ),
    )
    op.create_table(
        "device_signals",
        _s("user_id"),
        _s("device_hash"),
        _s("ip_hash"),
        _ts("seen_at"),
        sa.PrimaryKeyConstraint("user_id", "device_hash", name=op.f("pk_device_signals")),
    )
    op.create_index(op.f("ix_device_signals_device_hash"), "device_signals", ["device_hash"])
    op.create_index(op.f("ix_device_signals_ip_hash"), "device_signals", ["ip_hash"])
    op.create_table(
        "attestation_nonces",
        _s("nonce_hash"),
        _s("user_id"),
        _s("session_id"),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("used_at", nullable=True),
        sa.PrimaryKeyConstraint("nonce_hash", name=op.f("pk_attestation_nonces")),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        _s("at"),
        _s("actor"),
        _s("action"),
        _s("subject"),
        _t("payload"),
        _s("prev_hash"),
        _s("hash"),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_audit_log_prev_hash")),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        _s("hash"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )


def downgrade() -> None:
    for table in (
        "audit_head",
        "audit_log",
        "attestation_nonces",
        "device_signals",
        "held_messages",
        "notices",
        "case_actions",
        "evidence",
        "reports",
        "cases",
    ):
        op.drop_table(table)
    with op.batch_alter_table("users") as batch:
        batch.drop_column("trust_locked_until")
