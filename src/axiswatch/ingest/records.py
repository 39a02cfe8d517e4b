"""Raw documents: what a file holds, read but not yet cleaned.

A backfill reads its inputs in one process and cleans and extracts on many:
reading gives :class:`RawDocument` values (a text file's bytes, a web page's
bytes, a corpus record), small and picklable, and :func:`clean` turns one into
an :class:`~axiswatch.model.Article` with the same readers as ``ingest``
(HTML through trafilatura, records through their field mapping).

Inputs are folders and files of text, HTML, JSONL, CSV, Parquet and WARC.
Feeds and URL lists are refused here: they need the network, which a backfill
of an archive does not use.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from axiswatch.ingest.corpus import (
    Fields,
    Record,
    article_from_record,
    iter_csv_records,
    iter_jsonl_records,
    iter_parquet_records,
)
from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.html import article_from_html
from axiswatch.ingest.reader import article_from_bytes, iter_article_paths, read_file
from axiswatch.ingest.sources import SUFFIXES, Format, format_of, url_doc_id
from axiswatch.ingest.warc import WarcPage, iter_warc_pages
from axiswatch.model import Article

BACKFILL_FORMATS = (Format.text, Format.html, Format.jsonl, Format.csv, Format.parquet,
                    Format.warc)


@dataclass(frozen=True)
class RawDocument:
    origin: str
    kind: str  # "text" (a text file's bytes), "html" (a page's bytes) or "record"
    doc_id: str
    data: bytes = b""
    record: dict | None = None
    url: str | None = None
    charset: str | None = None

    def digest(self) -> str:
        """A hash of everything that makes the article: equal inputs, equal digests."""
        h = hashlib.sha1()
        for part in (self.kind, self.origin, self.doc_id, self.url or "", self.charset or ""):
            h.update(part.encode("utf-8", "surrogatepass") + b"\0")
        h.update(self.data)
        if self.record is not None:
            h.update(json.dumps(self.record, sort_keys=True, default=str).encode("utf-8"))
        return h.hexdigest()


def raw_documents(inputs: Iterable[str], fields: Fields,
                  fmt: Format = Format.auto) -> Iterator[RawDocument | IngestError]:
    """Every document of ``inputs`` (files and folders), in a stable order."""
    suffixes = {s for s, f in SUFFIXES.items() if f in BACKFILL_FORMATS}
    for path in iter_article_paths(inputs, suffixes):
        if not path.exists():
            yield IngestError(str(path), "no such file or folder")
            continue
        yield from raw_of_file(path, format_of(path, fmt), fields)


def raw_of_file(path: Path, fmt: Format, fields: Fields) -> Iterator[RawDocument | IngestError]:
    origin = str(path)
    if fmt in (Format.text, Format.html):
        try:
            data = read_file(path)
        except IngestError as exc:
            yield exc
            return
        yield RawDocument(origin, fmt.value, path.stem, data)
    elif fmt is Format.jsonl:
        yield from _records(iter_jsonl_records(path), origin)
    elif fmt is Format.csv:
        yield from _records(iter_csv_records(path, fields), origin)
    elif fmt is Format.parquet:
        yield from _records(iter_parquet_records(path, fields), origin)
    elif fmt is Format.warc:
        for page in iter_warc_pages(path):
            yield page if isinstance(page, IngestError) else _page(page, path)
    else:
        yield IngestError(origin, f"{fmt.value} files are not read here: feeds and URL lists "
                                  "need the network (use ingest or watch)")


def _records(records: Iterator[Record | IngestError],
             origin: str) -> Iterator[RawDocument | IngestError]:
    try:
        for r in records:
            yield r if isinstance(r, IngestError) else \
                RawDocument(r.origin, "record", r.default_id, record=r.fields)
    except OSError as exc:
        yield IngestError(origin, f"cannot read ({exc.strerror or exc})")


def _page(page: WarcPage, path: Path) -> RawDocument:
    kind = "text" if page.content_type == "text/plain" else "html"
    doc_id = url_doc_id(page.url) if page.url else f"{path.name}-{page.origin.rsplit('@', 1)[1]}"
    return RawDocument(page.origin, kind, doc_id, page.body, url=page.url or None,
                       charset=page.charset)


def clean(raw: RawDocument, fields: Fields) -> Article:
    """The article in ``raw``; :class:`IngestError` naming its origin when there is none."""
    if raw.kind == "record":
        return article_from_record(raw.record, fields, raw.doc_id, raw.origin)
    if raw.kind == "html":
        return article_from_html(raw.data, raw.doc_id, raw.origin, url=raw.url,
                                 charset=raw.charset)
    return article_from_bytes(raw.data, raw.doc_id, raw.origin, url=raw.url)
