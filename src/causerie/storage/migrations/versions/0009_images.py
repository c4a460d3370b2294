"""Photos in private conversations: images, image_bank, media_prefs, messages.image.

``messages.image`` holds the attached photo's reference as JSON text (id,
size, blurred) so a message frame needs no join. ``images`` has no foreign
key to users or rooms on purpose: evidence under legal hold outlives both.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("image", sa.Text(), nullable=True))
    op.create_table(
        "images",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("room_id", sa.String(), nullable=False),
        sa.Column("uploader_id", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_type", sa.String(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("pdq", sa.String(), nullable=False),
        sa.Column("pdq_quality", sa.Integer(), nullable=False),
        sa.Column("nudity", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("blurred", sa.Boolean(), nullable=False),
        sa.Column("storage_key", sa.String(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=True),
        sa.Column("case_id", sa.String(), nullable=True),
        sa.Column("legal_hold", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_images")),
    )
    op.create_index(op.f("ix_images_room_id"), "images", ["room_id"])
    op.create_index(op.f("ix_images_sha256"), "images", ["sha256"])
    op.create_index(
        op.f("ix_images_uploader_id_created_at"), "images", ["uploader_id", "created_at"]
    )
    op.create_table(
        "image_bank",
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "value", name=op.f("pk_image_bank")),
    )
    op.create_table(
        "media_prefs",
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("accept_images", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_media_prefs")),
    )


def downgrade() -> None:
    op.drop_table("media_prefs")
    op.drop_table("image_bank")
    op.drop_index(op.f("ix_images_uploader_id_created_at"), table_name="images")
    op.drop_index(op.f("ix_images_sha256"), table_name="images")
    op.drop_index(op.f("ix_images_room_id"), table_name="images")
    op.drop_table("images")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("image")
