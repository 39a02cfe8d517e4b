"""Events and facts as tables: CSV, JSON Lines and Parquet.

The columns and their Parquet types are ``EVENT_COLUMNS`` and ``FACT_COLUMNS``.
CSV writes lists joined with ``"; "``, dates as ISO text and booleans as
``true``/``false``; JSON Lines writes one object per row with lists as arrays;
Parquet writes one row group per batch read from the store.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from axiswatch.export.rows import Row
from axiswatch.export.safe import clean_text, csv_cell

Columns = list[tuple[str, pa.DataType]]

EVENT_COLUMNS: Columns = [
    ("id", pa.int64()), ("doc", pa.string()), ("published", pa.date32()),
    ("type", pa.string()), ("source", pa.string()), ("target", pa.string()),
    ("item_category", pa.string()), ("item", pa.string()), ("quantity", pa.float64()),
    ("quantity_high", pa.float64()), ("unit", pa.string()), ("approx", pa.bool_()),
    ("when", pa.string()), ("day", pa.string()), ("status", pa.string()),
    ("attribution", pa.string()), ("certainty", pa.string()), ("score", pa.float64()),
    ("fact", pa.string()), ("evidence", pa.string()), ("evidence_start", pa.int64()),
    ("evidence_end", pa.int64()), ("publisher", pa.string()), ("title", pa.string()),
    ("url", pa.string()),
]

FACT_COLUMNS: Columns = [
    ("id", pa.string()), ("type", pa.string()), ("source", pa.string()),
    ("target", pa.string()), ("item_category", pa.string()), ("period_start", pa.string()),
    ("period_end", pa.string()), ("first_reported", pa.date32()),
    ("last_reported", pa.date32()), ("events", pa.int64()), ("documents", pa.int64()),
    ("sources", pa.int64()), ("denials", pa.int64()), ("strongest", pa.string()),
    ("weakest", pa.string()), ("confidence", pa.float64()), ("contested", pa.bool_()),
    ("attributions", pa.list_(pa.string())), ("publishers", pa.list_(pa.string())),
    ("statuses", pa.list_(pa.string())),
]


def _plain(value: Any) -> Any:
    """A value for JSON: dates as ISO text, text without control characters."""
    cls = value.__class__
    if cls is str:
        return clean_text(value)
    if value is None or cls is float or cls is int or cls is bool:
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _csv_value(value: Any) -> Any:
    cls = value.__class__
    if cls is str:
        return csv_cell(value)
    if value is None:
        return ""
    if cls is float or cls is int:
        return value
    if cls is bool:
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return csv_cell("; ".join(str(v) for v in value))
    return csv_cell(value)


def _text_out(out: BinaryIO) -> io.TextIOWrapper:
    return io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)


def write_csv(batches: Iterable[list[Row]], columns: Columns, out: BinaryIO) -> int:
    names = [name for name, _ in columns]
    text = _text_out(out)
    writer = csv.writer(text)
    writer.writerow(names)
    count = 0
    for rows in batches:
        writer.writerows([_csv_value(v) for v in map(r.get, names)] for r in rows)
        count += len(rows)
    text.flush()
    text.detach()
    return count


def write_jsonl(batches: Iterable[list[Row]], columns: Columns, out: BinaryIO) -> int:
    names = [name for name, _ in columns]
    count = 0
    for rows in batches:
        out.write("".join(json.dumps(dict(zip(names, map(_plain, map(r.get, names)),
                                              strict=True)), ensure_ascii=False) + "\n"
                          for r in rows).encode("utf-8"))
        count += len(rows)
    return count


def _cleaned(rows: list[Row], names: list[str]) -> Iterator[Row]:
    for r in rows:
        yield dict(zip(names, map(_plain_for_arrow, map(r.get, names)), strict=True))


def _plain_for_arrow(value: Any) -> Any:
    """A value for Arrow: text without control characters, the rest as it is."""
    cls = value.__class__
    if cls is str:
        return clean_text(value)
    if cls is list:
        return [clean_text(x) if x.__class__ is str else x for x in value]
    return value


def write_parquet(batches: Iterable[list[Row]], columns: Columns, out: BinaryIO) -> int:
    schema = pa.schema(columns)
    names = [name for name, _ in columns]
    count = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for rows in batches:
            if rows:
                writer.write_table(pa.Table.from_pylist(list(_cleaned(rows, names)),
                                                        schema=schema))
            count += len(rows)
    return count
