"""cases.threat_to_life; users.pseudo_key recomputed as the confusable skeleton.

A case can be marked as a threat to life or safety (the Mazan-type
recruitment): it goes to the top of the queue and is escalated outside the
platform (docs/moderation.md). Pseudonym keys become the UTS #39 skeleton
(``causerie.safety.names.pseudo_key``), so look-alike copies collide: every
existing key is recomputed. Erased accounts (``erased:<id>``) keep theirs.
Two existing accounts whose pseudonyms are look-alikes cannot share the new
key: the older keeps it, the newer gets ``lookalike:<id>`` (no real key has a
``:``) and is logged so an operator can rename it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger(__name__)


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(
            sa.Column("threat_to_life", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    recompute_pseudo_keys(op.get_bind())


def recompute_pseudo_keys(conn: sa.engine.Connection) -> None:
    """Every non-erased account's key, recomputed oldest account first."""
    from causerie.safety.names import pseudo_key

    users = sa.table(
        "users",
        sa.column("id", sa.String),
        sa.column("pseudo", sa.String),
        sa.column("pseudo_key", sa.String),
        sa.column("created_at", sa.String),
    )
    rows = conn.execute(
        sa.select(users.c.id, users.c.pseudo, users.c.pseudo_key).order_by(
            users.c.created_at, users.c.id
        )
    ).all()
    wanted: dict[str, str] = {}
    taken: set[str] = set()
    for user_id, pseudo, key in rows:
        if ":" in key:
            taken.add(key)  # erased or already set aside: left alone
            continue
        new = pseudo_key(pseudo)
        if new in taken:
            log.warning("pseudo %r (user %s) is a look-alike of an older one", pseudo, user_id)
            new = f"lookalike:{user_id}"
        taken.add(new)
        if new != key:
            wanted[user_id] = new
    # Two passes so that swapping keys between rows never trips the unique index.
    for user_id in wanted:
        conn.execute(
            users.update().where(users.c.id == user_id).values(pseudo_key=f"moving:{user_id}")
        )
    for user_id, new in wanted.items():
        conn.execute(users.update().where(users.c.id == user_id).values(pseudo_key=new))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("threat_to_life")
