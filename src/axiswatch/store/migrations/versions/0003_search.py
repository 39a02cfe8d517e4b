"""full-text search over article titles and text; the graph's edges; timeline days;
store generation

SQLite: an FTS5 table kept in step with ``documents`` by triggers.
PostgreSQL: a GIN index over the English text-search vector.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_PG_VECTOR = "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(text, ''))"


def _edges() -> None:
    op.create_table(
        "edges",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("unit", sa.String(160), nullable=False, index=True),
        sa.Column("source_id", sa.String(64), nullable=False, index=True),
        sa.Column("target_id", sa.String(64), nullable=False, index=True),
        sa.Column("type", sa.String(16), nullable=False, index=True),
        sa.Column("item_category", sa.String(32), nullable=True, index=True),
        sa.Column("fact_id", sa.String(16), nullable=False),
        sa.Column("facts", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False, index=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("contested", sa.Boolean(), nullable=False),
        sa.Column("period_start", sa.String(10), nullable=True),
        sa.Column("period_end", sa.String(10), nullable=True),
    )
    # stores fused before this revision get their edges at the next `axiswatch fuse`
    op.execute("INSERT INTO pending_units (unit) SELECT DISTINCT unit FROM facts")


def _days() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("day", sa.String(10), nullable=True))
        batch.create_index("ix_events_day", ["day"])
        batch.create_index("ix_events_source_day", ["source_id", "day"])
        batch.create_index("ix_events_target_day", ["target_id", "day"])
    with op.batch_alter_table("facts") as batch:
        batch.add_column(sa.Column("day", sa.String(10), nullable=True))
        batch.create_index("ix_facts_day", ["day"])
        batch.add_column(sa.Column("edge_id", sa.String(200), nullable=True))
        batch.create_index("ix_facts_edge_window", ["edge_id", "period_end", "period_start",
                                                    "sources", "confidence", "contested", "id"])
    op.execute('UPDATE events SET day = COALESCE("when", (SELECT CAST(published AS VARCHAR(10)) '
               "FROM documents WHERE documents.id = events.document_id))")
    op.execute("UPDATE facts SET day = COALESCE(NULLIF(anchor, ''), period_start)")


def upgrade() -> None:
    _edges()
    _days()
    op.create_table("store_meta", sa.Column("key", sa.String(64), primary_key=True),
                    sa.Column("value", sa.Integer(), nullable=False))
    op.execute("INSERT INTO store_meta (key, value) VALUES ('generation', 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_documents_search ON documents USING gin ({_PG_VECTOR})")
        return
    op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5("
               "title, text, content='documents', content_rowid='id', "
               "tokenize='unicode61 remove_diacritics 2')")
    op.execute("INSERT INTO documents_fts(rowid, title, text) "
               "SELECT id, title, text FROM documents")
    op.execute("CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
               "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);"
               " END")
    op.execute("CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
               "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
               "VALUES ('delete', old.id, old.title, old.text); END")
    op.execute("CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN "
               "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
               "VALUES ('delete', old.id, old.title, old.text); "
               "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);"
               " END")


def downgrade() -> None:
    op.drop_table("store_meta")
    op.drop_table("edges")
    with op.batch_alter_table("facts") as batch:
        batch.drop_index("ix_facts_edge_window")
        batch.drop_column("edge_id")
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_source_day")
        batch.drop_index("ix_events_target_day")
    for table in ("events", "facts"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_day")
            batch.drop_column("day")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_search")
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS documents_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS documents_fts")
