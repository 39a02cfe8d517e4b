"""Web archives: the pages of a WARC file (plain or gzipped, as Common Crawl's CC-NEWS).

Each ``response`` record of a successful HTTP fetch (and each ``resource``
record) whose content is HTML or plain text is a :class:`WarcPage`; requests,
metadata, redirects, errors and other media are passed over. The page's bytes
go through the same reader as ``ingest`` (:func:`~axiswatch.ingest.html.article_from_html`).
A record that cannot be read is an :class:`IngestError` for that record; a file
that stops being a WARC part-way gives its error and ends there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from axiswatch.ingest.errors import IngestError

MAX_PAGE_BYTES = 10 * 1024 * 1024
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass(frozen=True)
class WarcPage:
    url: str
    body: bytes
    content_type: str
    charset: str | None
    origin: str  # the file and the record's offset in it


def is_warc_name(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def looks_like_warc(head: bytes) -> bool:
    return head.startswith((b"WARC/1.", b"WARC/0."))


def _content_type(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "", None
    kind, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return kind.strip().lower(), charset


def iter_warc_pages(path: Path) -> Iterator[WarcPage | IngestError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = path.open("rb")
    except OSError as exc:
        yield IngestError(str(path), f"cannot read ({exc.strerror or exc})")
        return
    with handle:
        records = ArchiveIterator(handle)
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
                yield IngestError(str(path), f"not a readable WARC file from here on "
                                             f"({str(exc)[:120]})")
                return
            page = _page(record, path, records)
            if page is not None:
                yield page


def _page(record, path: Path, records) -> WarcPage | IngestError | None:
    """The page in ``record``, None when it holds none; its body is read before its
    offset is asked for (warcio reads the rest of the record to find that)."""
    if record.rec_type not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if status != "200":
            return None
        kind, charset = _content_type(record.http_headers.get_header("Content-Type"))
    else:
        kind, charset = _content_type(record.rec_headers.get_header("Content-Type"))
    if kind and kind not in _PAGE_TYPES:
        return None
    problem = None
    try:
        body = record.content_stream().read(MAX_PAGE_BYTES + 1)
    except Exception as exc:  # a broken body (bad chunking, bad compression)
        body, problem = b"", str(exc)[:80]
    origin = f"{path}@{records.get_record_offset()}"
    if problem is not None:
        return IngestError(f"{origin} {url}", f"cannot read the record's body ({problem})")
    if len(body) > MAX_PAGE_BYTES:
        return IngestError(f"{origin} {url}", f"page too large (over "
                                              f"{MAX_PAGE_BYTES // 2**20} MB)")
    return WarcPage(url=url, body=body, content_type=kind or "text/html", charset=charset,
                    origin=origin)
