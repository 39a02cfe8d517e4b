"""Corpus dumps: JSON Lines, CSV and Parquet files with one article per record.

Which field holds what is configurable (:class:`Fields`); the defaults are
the common names. A record gives its text directly (``text``) or as a page
(``html``, read like a saved web page). Its id is the ``id`` field, else the
file's name and the record's number (a JSON line's line number; a CSV row's
number, the header being row 1, whatever line breaks quoted cells hold; a
Parquet row's number from 1). Reading a record (:class:`Record`) and making
it an article (:func:`article_from_record`, where HTML is parsed) are apart,
so that a backfill reads in one process and cleans on many. A
bad record is an error for that record only ("corpus.jsonl:17: no text field
'body'"); the rest are read.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, TextIO

from axiswatch.ingest.decode import decode_bytes
from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.html import article_from_html
from axiswatch.ingest.metadata import Metadata, parse_date
from axiswatch.ingest.reader import build_article
from axiswatch.model import Article

MAX_RECORD_CHARS = 5_000_000
PARQUET_BATCH = 256  # rows read from a Parquet file at a time


@dataclass(frozen=True)
class Record:
    """One corpus record as read, before cleaning."""

    fields: dict
    default_id: str
    origin: str


@dataclass(frozen=True)
class Fields:
    text: str = "text"
    html: str = "html"
    id: str = "id"
    url: str = "url"
    date: str = "date"
    title: str = "title"
    publisher: str = "publisher"

    @classmethod
    def parse(cls, spec: str | None) -> Fields:
        """From ``text=body,date=published_at`` (the CLI's ``--fields``)."""
        if not spec:
            return cls()
        known = set(cls.__dataclass_fields__)
        values: dict[str, str] = {}
        for part in spec.split(","):
            key, sep, name = part.partition("=")
            key, name = key.strip(), name.strip()
            if not sep or key not in known or not name:
                raise ValueError(f"bad field mapping {part.strip()!r}: use NAME=COLUMN with "
                                 f"NAME one of {', '.join(sorted(known))}")
            values[key] = name
        return cls(**values)


def _value(record: dict, name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"field {name!r} is not text")
    value = value.strip()
    if len(value) > MAX_RECORD_CHARS:
        raise ValueError(f"field {name!r} too long ({len(value):,} characters)")
    return value or None


def article_from_record(record: object, fields: Fields, default_id: str, origin: str) -> Article:
    if not isinstance(record, dict):
        raise IngestError(origin, "record is not an object")
    try:
        text = _value(record, fields.text)
        page = _value(record, fields.html) if not text else None
        url = _value(record, fields.url)
        raw_date = _value(record, fields.date)
        meta = Metadata(published=parse_date(raw_date), title=_value(record, fields.title),
                        publisher=_value(record, fields.publisher), url=url)
        doc_id = _value(record, fields.id) or default_id
    except ValueError as exc:
        raise IngestError(origin, str(exc)) from None
    if raw_date and meta.published is None:
        raise IngestError(origin, f"cannot read the date {raw_date[:40]!r} "
                                  f"(field {fields.date!r})")
    doc_id = doc_id[:200]
    if page:
        return article_from_html(page.encode("utf-8"), doc_id, origin, url=url, hints=meta)
    if not text:
        raise IngestError(origin, f"no text (field {fields.text!r} is missing or empty)")
    return build_article(text, meta, doc_id, origin)


def _lines(handle: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Lines of a binary file, each read with at most ``limit`` bytes in memory;
    None for a line longer than that (skipped to its end)."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(1 << 20)
            yield None
            continue
        yield line


def iter_jsonl_records(path: Path) -> Iterator[Record | IngestError]:
    stem = path.stem
    with path.open("rb") as handle:
        for number, raw in enumerate(_lines(handle, MAX_RECORD_CHARS), start=1):
            origin = f"{path}:{number}"
            if raw is None:
                yield IngestError(origin, f"line too long (over {MAX_RECORD_CHARS:,} bytes)")
                continue
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield IngestError(origin, "not UTF-8 (JSON Lines must be UTF-8)")
                continue
            except (ValueError, RecursionError) as exc:
                yield IngestError(origin, f"not JSON ({str(exc)[:80]})")
                continue
            if not isinstance(record, dict):
                yield IngestError(origin, "record is not an object")
                continue
            yield Record(record, f"{stem}-{number}", origin)


def articles_of(records: Iterator[Record | IngestError],
                fields: Fields) -> Iterator[Article | IngestError]:
    for record in records:
        if isinstance(record, IngestError):
            yield record
            continue
        try:
            yield article_from_record(record.fields, fields, record.default_id, record.origin)
        except IngestError as exc:
            yield exc


def iter_jsonl(path: Path, fields: Fields) -> Iterator[Article | IngestError]:
    return articles_of(iter_jsonl_records(path), fields)


def _csv_text(path: Path) -> TextIO:
    """The file as text, streamed, in the encoding its first 64 KB show."""
    with path.open("rb") as raw:
        head = raw.read(65536)
    _text, encoding = decode_bytes(head)  # raises ValueError for binary bytes
    encoding = "utf-8-sig" if encoding in ("utf-8", "utf-8-sig") else encoding
    return path.open("r", encoding=encoding, errors="replace", newline="")


def iter_csv(path: Path, fields: Fields) -> Iterator[Article | IngestError]:
    return articles_of(iter_csv_records(path, fields), fields)


def iter_csv_records(path: Path, fields: Fields) -> Iterator[Record | IngestError]:
    """The rows of a CSV file; ``fields`` names the text columns the header must have."""
    csv.field_size_limit(min(sys.maxsize, 2 * MAX_RECORD_CHARS))
    try:
        handle = _csv_text(path)
    except ValueError as exc:
        yield IngestError(str(path), str(exc))
        return
    with handle:
        yield from _csv_records(path, handle, fields)


def _csv_records(path: Path, handle: TextIO, fields: Fields) -> Iterator[Record | IngestError]:
    sample = handle.read(65536)
    handle.seek(0)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    reader = csv.DictReader(handle, dialect=dialect)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        yield IngestError(str(path), f"not a CSV file ({exc})")
        return
    missing = _no_text_column(header, fields)
    if missing:
        yield IngestError(str(path), missing)
        return
    stem = path.stem
    number = 1  # the header is row 1, as it is line 1 of a file with one row a line
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield IngestError(f"{path}:{first_line}", f"bad CSV row ({exc})")
            return
        number += 1
        row.pop(None, None)  # cells beyond the header
        # the id counts rows (a quoted cell may span lines); the origin names a line
        yield Record(row, f"{stem}-{number}", f"{path}:{first_line}")


def _no_text_column(header: Sequence[str], fields: Fields) -> str | None:
    if fields.text in header or fields.html in header:
        return None
    return (f"no text column: expected {fields.text!r} or {fields.html!r}, found "
            f"{', '.join(header[:12]) or 'none'} (map it with --fields text=COLUMN)")


def _plain(value: object) -> object:
    """A Parquet cell as a record value: dates and times as ISO text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def iter_parquet_records(path: Path, fields: Fields) -> Iterator[Record | IngestError]:
    """The rows of a Parquet file, read :data:`PARQUET_BATCH` at a time."""
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        yield IngestError(str(path), f"not a Parquet file ({str(exc)[:120]})")
        return
    missing = _no_text_column(parquet.schema_arrow.names, fields)
    if missing:
        yield IngestError(str(path), missing)
        return
    stem, number = path.stem, 0
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH):
            for row in batch.to_pylist():
                number += 1
                yield Record({k: _plain(v) for k, v in row.items()}, f"{stem}-{number}",
                             f"{path}:{number}")
    except (OSError, ValueError) as exc:
        yield IngestError(f"{path}:{number + 1}", f"cannot read the row ({str(exc)[:120]})")
