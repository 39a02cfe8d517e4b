"""Many rows at once: COPY on PostgreSQL, multi-row statements elsewhere.

The store's bulk paths (the batch writer, fusion's relabelling and fact
assignment) go through these, so that a batch of thousands of rows costs a
few statements, not one round trip a row.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, text, update
from sqlalchemy.orm import Session


def _table(model: Any) -> Table:
    return cast(Table, model.__table__ if hasattr(model, "__table__") else model)


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def copy_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """PostgreSQL's COPY of ``rows`` (all with the same keys) into ``table``."""
    columns = list(rows[0])
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def add_rows(session: Session, model: Any, rows: list[dict]) -> None:
    """Insert ``rows``: COPY on PostgreSQL, multi-row statements elsewhere."""
    if not rows:
        return
    if _postgres(session):
        copy_rows(session, _table(model), rows)
    else:
        session.connection().execute(insert(_table(model)), rows)


def insert_rows(session: Session, model: Any, rows: list[dict]) -> list[int]:
    """Insert ``rows``; their new ids, in order. On PostgreSQL the ids are taken from
    the table's sequence first and the rows copied in; elsewhere multi-row INSERTs
    return them."""
    if not rows:
        return []
    table = _table(model)
    if _postgres(session):
        ids = list(session.scalars(text(
            f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
            "FROM generate_series(1, :n)"), {"n": len(rows)}))
        copy_rows(session, table, [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
        return ids
    result = session.connection().execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return [r[0] for r in result]


def update_column(session: Session, model: Any, key: str, column: str,
                  pairs: list[tuple[Any, Any]], types: tuple[str, str]) -> None:
    """Set ``column`` to each pair's value on the row whose ``key`` is the pair's key.
    On PostgreSQL the pairs are copied into a temporary table and applied by one
    UPDATE ... FROM; ``types`` are the SQL types of key and value there."""
    if not pairs:
        return
    table = _table(model)
    if not _postgres(session):
        session.connection().execute(
            update(table).where(table.c[key] == bindparam("k")).values({column: bindparam("v")}),
            [{"k": k, "v": v} for k, v in pairs])
        return
    connection = session.connection()
    connection.execute(text(f"CREATE TEMP TABLE IF NOT EXISTS _bulk_update "
                            f"(k {types[0]}, v {types[1]}) ON COMMIT DROP"))
    connection.execute(text("TRUNCATE _bulk_update"))
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy("COPY _bulk_update (k, v) FROM STDIN") as copy:
        for pair in pairs:
            copy.write_row(pair)
    connection.execute(text(f'UPDATE "{table.name}" SET "{column}" = u.v FROM _bulk_update u '
                            f'WHERE "{table.name}"."{key}" = u.k'))
    connection.execute(text("DROP TABLE _bulk_update"))
