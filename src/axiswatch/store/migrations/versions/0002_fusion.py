"""fusion: publishers and stories of documents, figures, facts, conflicts, pending units

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("publisher", sa.String(255), nullable=True))
        batch.add_column(sa.Column("url", sa.Text(), nullable=True))
        batch.add_column(sa.Column("story_id", sa.String(255), nullable=True))
        batch.add_column(sa.Column("signature", sa.LargeBinary(), nullable=True))
        batch.create_index("ix_documents_publisher", ["publisher"])
        batch.create_index("ix_documents_story_id", ["story_id"])
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("fact_id", sa.String(16), nullable=True))
        batch.create_index("ix_events_fact_id", ["fact_id"])
    op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("approx", sa.Boolean(), nullable=False),
        sa.Column("bound", sa.String(8), nullable=True),
        sa.Column("when", sa.String(10), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
    )
    # events stored before this revision keep their one figure
    op.execute(
        'INSERT INTO figures (event_id, value, high, unit, approx, "when", start, "end") '
        'SELECT e.id, e.quantity_value, e.quantity_high, e.quantity_unit, '
        'COALESCE(e.quantity_approx, false), e."when", v.start, v."end" '
        "FROM events e JOIN evidence v ON v.event_id = e.id "
        "WHERE e.quantity_value IS NOT NULL AND e.quantity_unit IS NOT NULL")
    op.create_table(
        "document_bands",
        sa.Column("band", sa.String(24), primary_key=True),
        sa.Column("document_id", sa.Integer(),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True,
                  index=True),
    )
    op.create_table(
        "facts",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("unit", sa.String(160), nullable=False, index=True),
        sa.Column("type", sa.String(16), nullable=False, index=True),
        sa.Column("source_id", sa.String(64), nullable=False, index=True),
        sa.Column("target_id", sa.String(64), nullable=True, index=True),
        sa.Column("item_category", sa.String(32), nullable=True, index=True),
        sa.Column("anchor", sa.String(16), nullable=False),
        sa.Column("period_start", sa.String(10), nullable=True, index=True),
        sa.Column("period_end", sa.String(10), nullable=True, index=True),
        sa.Column("first_reported", sa.Date(), nullable=True),
        sa.Column("last_reported", sa.Date(), nullable=True),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False, index=True),
        sa.Column("denials", sa.Integer(), nullable=False),
        sa.Column("strongest", sa.String(16), nullable=False),
        sa.Column("weakest", sa.String(16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False, index=True),
        sa.Column("contested", sa.Boolean(), nullable=False),
        sa.Column("attributions", sa.JSON(), nullable=False),
        sa.Column("publishers", sa.JSON(), nullable=False),
        sa.Column("statuses", sa.JSON(), nullable=False),
    )
    op.create_table("pending_units", sa.Column("unit", sa.String(160), primary_key=True))
    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("unit", sa.String(160), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("fact_id", sa.String(16), nullable=True, index=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("source_id", sa.String(64), nullable=False),
        sa.Column("target_id", sa.String(64), nullable=True),
        sa.Column("item_category", sa.String(32), nullable=True),
        sa.Column("unit_name", sa.String(64), nullable=True),
        sa.Column("period", sa.String(10), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("stating", sa.JSON(), nullable=False),
        sa.Column("contrary", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("conflicts")
    op.drop_table("pending_units")
    op.drop_table("facts")
    op.drop_table("document_bands")
    op.drop_table("figures")
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_fact_id")
        batch.drop_column("fact_id")
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_story_id")
        batch.drop_index("ix_documents_publisher")
        for column in ("signature", "story_id", "url", "publisher"):
            batch.drop_column(column)
