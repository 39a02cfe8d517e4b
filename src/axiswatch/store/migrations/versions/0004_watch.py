"""watch mode: items taken in, what rules remember, the alert outbox

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_items",
        sa.Column("watch", sa.String(64), primary_key=True),
        sa.Column("source", sa.String(500), primary_key=True),
        sa.Column("key", sa.String(700), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.String(200), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "watch_memory",
        sa.Column("watch", sa.String(64), primary_key=True),
        sa.Column("rule", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("value", sa.Float(), nullable=True),
    )
    op.create_table(
        "watch_alerts",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("watch", sa.String(64), nullable=False, index=True),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("delivered", sa.String(64), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("watch_alerts")
    op.drop_table("watch_memory")
    op.drop_table("watch_items")
