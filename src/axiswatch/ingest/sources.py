"""Everything ``ingest`` accepts, turned into articles one document at a time.

Inputs are files, folders and http(s) URLs. A file's format comes from
``--format``, else its extension, else a look at its first bytes:

=========  ==============================  =====================================
format     extensions                      yields
=========  ==============================  =====================================
text       .txt .text .md (none)           one article (header lines optional)
html       .html .htm .xhtml               one article, main text by trafilatura
feed       .xml .rss .atom                 one article per entry (its link
                                           fetched, else the entry's own text)
jsonl      .jsonl .ndjson                  one article per line
csv        .csv .tsv                       one article per row
urls       .urls                           one article per URL (or per entry
                                           when the URL is a feed)
parquet    .parquet                        one article per row
warc       .warc .warc.gz                  one article per HTML or text page
=========  ==============================  =====================================

Items come out as :class:`~pathlib.Path` (a plain text file, read where it is
extracted), :class:`~axiswatch.model.Article`, or
:class:`~axiswatch.ingest.IngestError` for a document that could not be read;
one bad document never stops the others.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from axiswatch.ingest.corpus import Fields, iter_csv, iter_jsonl
from axiswatch.ingest.decode import looks_binary
from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.feed import Feed, FeedEntry, looks_like_feed, parse_feed
from axiswatch.ingest.fetch import FEED_TYPES, Fetcher, FetchError, Response
from axiswatch.ingest.html import article_from_html, looks_like_html
from axiswatch.ingest.reader import (
    article_from_bytes,
    build_article,
    iter_article_paths,
    read_file,
    safe_id,
    suffix_of,
)
from axiswatch.ingest.warc import looks_like_warc
from axiswatch.model import Article

Item = Path | Article | IngestError


class Format(StrEnum):
    auto = "auto"
    text = "text"
    html = "html"
    feed = "feed"
    jsonl = "jsonl"
    csv = "csv"
    urls = "urls"
    parquet = "parquet"
    warc = "warc"


SUFFIXES = {
    ".txt": Format.text, ".text": Format.text, ".md": Format.text, "": Format.text,
    ".html": Format.html, ".htm": Format.html, ".xhtml": Format.html,
    ".xml": Format.feed, ".rss": Format.feed, ".atom": Format.feed,
    ".jsonl": Format.jsonl, ".ndjson": Format.jsonl,
    ".csv": Format.csv, ".tsv": Format.csv,
    ".urls": Format.urls,
    ".parquet": Format.parquet,
    ".warc": Format.warc, ".warc.gz": Format.warc, ".arc": Format.warc, ".arc.gz": Format.warc,
}
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def is_url(value: str) -> bool:
    return bool(_URL.match(value.strip()))


def url_doc_id(url: str) -> str:
    """A readable, stable document id for a URL: host, last path part, short hash."""
    parts = urlsplit(url)
    tail = [p for p in parts.path.split("/") if p]
    slug = re.sub(r"[^A-Za-z0-9]+", "-", (tail[-1] if tail else "").rsplit(".", 1)[0])[:40]
    host = (parts.hostname or "url").removeprefix("www.")
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:10]
    return "-".join(p for p in (host, slug.strip("-"), digest) if p)


def sniff(data: bytes) -> Format:
    """The format of bytes whose name does not tell."""
    if looks_like_warc(data):
        return Format.warc
    if data.startswith(b"PAR1"):
        return Format.parquet
    if looks_like_feed(data):
        return Format.feed
    if looks_like_html(data):
        return Format.html
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return Format.jsonl
    lines = [ln.strip() for ln in head.decode("utf-8", "replace").splitlines()[:20]
             if ln.strip() and not ln.lstrip().startswith("#")]
    if lines and all(is_url(ln) for ln in lines):
        return Format.urls
    return Format.text


def format_of(path: Path, forced: Format = Format.auto) -> Format:
    if forced is not Format.auto:
        return forced
    known = SUFFIXES.get(suffix_of(path))
    if known is not None and known is not Format.text:
        return known
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return Format.text  # reading it later gives the error
    return sniff(head)


@dataclass
class Sources:
    """Reads inputs of every kind into items, in a stable order."""

    fmt: Format = Format.auto
    fields: Fields = field(default_factory=Fields)
    fetcher: Fetcher | None = None     # None: no network, feeds give their entries' text
    follow_links: bool = True          # fetch the page behind each feed entry
    warnings: list[str] = field(default_factory=list)

    # -- files and folders ----------------------------------------------

    def files(self, inputs: Iterable[str]) -> Iterator[Path | str]:
        for raw in inputs:
            if is_url(raw):
                yield raw
                continue
            yield from iter_article_paths([raw], SUFFIXES)

    def items(self, inputs: Iterable[str]) -> Iterator[Item]:
        for entry in self.files(inputs):
            if isinstance(entry, str):
                yield from self.from_url(entry)
            else:
                yield from self.from_file(entry)

    def from_file(self, path: Path) -> Iterator[Item]:
        fmt = format_of(path, self.fmt)
        if fmt is Format.text:
            yield path
            return
        origin = str(path)
        if fmt is Format.jsonl:
            yield from self._guarded(origin, lambda: iter_jsonl(path, self.fields))
            return
        if fmt is Format.csv:
            yield from self._guarded(origin, lambda: iter_csv(path, self.fields))
            return
        if fmt in (Format.parquet, Format.warc):
            from axiswatch.ingest.records import clean, raw_of_file

            for raw in raw_of_file(path, fmt, self.fields):
                yield raw if isinstance(raw, IngestError) else \
                    self._safely(lambda raw=raw: clean(raw, self.fields))
            return
        try:
            data = read_file(path)
        except IngestError as exc:
            yield exc
            return
        if fmt is Format.html:
            yield self._safely(lambda: article_from_html(data, path.stem, origin))
        elif fmt is Format.feed:
            yield from self.from_feed_bytes(data, origin)
        else:  # urls
            text = data.decode("utf-8", errors="replace")
            for number, line in enumerate(text.splitlines(), start=1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if not is_url(line):
                    yield IngestError(f"{origin}:{number}", f"not an http(s) URL: {line[:80]!r}")
                    continue
                yield from self.from_url(line)

    # -- the web ---------------------------------------------------------

    def from_url(self, url: str) -> Iterator[Item]:
        if self.fetcher is None:
            yield IngestError(url, "fetching is off (--offline); cannot read a URL")
            return
        try:
            response = self.fetcher.fetch(url)
        except FetchError as exc:
            yield IngestError(url, exc.reason, transient=exc.transient)
            return
        if _is_feed(response):
            yield from self.from_feed_bytes(response.body, url)
        else:
            yield self._safely(lambda: article_from_response(response))

    def from_feed_bytes(self, data: bytes, origin: str) -> Iterator[Item]:
        try:
            feed = parse_feed(data, origin)
        except IngestError as exc:
            yield exc
            return
        self.warnings.extend(f"{origin}: {w}" for w in feed.warnings)
        for entry in feed.entries:
            yield self.from_entry(feed, entry)

    def from_entry(self, feed: Feed, entry: FeedEntry) -> Item:
        """The article behind a feed entry: its page, or the entry's own text."""
        hints = entry.metadata(None)
        if entry.link and self.fetcher is not None and self.follow_links:
            try:
                response = self.fetcher.fetch(entry.link)
            except FetchError as exc:
                return IngestError(entry.link, exc.reason, transient=exc.transient)
            return self._safely(lambda: article_from_response(response, hints))
        origin = entry.link or f"{feed.origin}#{entry.key}"
        doc_id = url_doc_id(entry.link) if entry.link else \
            "entry-" + hashlib.sha1(entry.key.encode("utf-8")).hexdigest()[:12]
        return self._safely(lambda: build_article(entry.summary, hints, doc_id, origin))

    # -- helpers ---------------------------------------------------------

    @staticmethod
    def _safely(make) -> Article | IngestError:
        try:
            return make()
        except IngestError as exc:
            return exc

    @staticmethod
    def _guarded(origin: str, make) -> Iterator[Item]:
        try:
            yield from make()
        except OSError as exc:
            yield IngestError(origin, f"cannot read ({exc.strerror or exc})")


def _is_feed(response: Response) -> bool:
    if response.content_type in FEED_TYPES - {"application/xml", "text/xml"}:
        return True
    return looks_like_feed(response.body) and not looks_like_html(response.body)


def article_from_response(response: Response, hints=None) -> Article:
    """An article from a fetched page (HTML) or plain text file."""
    doc_id = url_doc_id(response.url)
    body = response.body
    if response.content_type == "text/plain" or (
            not looks_like_html(body) and not looks_binary(body) and
            response.content_type not in ("text/html", "application/xhtml+xml")):
        return article_from_bytes(body, doc_id, response.url, url=response.final_url)
    return article_from_html(body, doc_id, response.url, url=response.final_url,
                             charset=response.charset, hints=hints)


def read_upload(name: str, data: bytes) -> list[Article | IngestError]:
    """The articles in an uploaded file of any readable format, never fetching:
    feed entries give their own text and URL lists are refused (a server must not
    fetch what a web user names). ``name`` is a bare file name."""
    import tempfile

    name = safe_id(Path(name.replace("\\", "/")).name)  # no NULs, folders or controls
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="axiswatch-upload-") as folder:
        path = Path(folder) / (Path(name).stem[:100] + suffix if suffix in SUFFIXES else
                               Path(name).stem[:100] or "upload")
        path.write_bytes(data)
        if format_of(path) is Format.urls:
            return [IngestError(name, "URL lists cannot be uploaded; ingest them from the "
                                      "command line")]
        items: list[Article | IngestError] = []
        for item in Sources(fetcher=None).from_file(path):
            if isinstance(item, Path):
                try:
                    item = article_from_bytes(read_file(item), item.stem, item.name)
                except IngestError as exc:
                    item = exc
            items.append(item)
        # origins name the upload, not the temporary folder
        prefix = str(path)
        return [_renamed(i, prefix, f"upload:{name}") for i in items]


def _renamed(item: Article | IngestError, old: str, new: str) -> Article | IngestError:
    if isinstance(item, IngestError):
        origin = item.origin.replace(old, new, 1) if item.origin.startswith(old) else item.origin
        return IngestError(origin, item.reason, item.transient)
    origin = item.origin.replace(old, new, 1) if item.origin.startswith(old) else \
        (new if item.origin == Path(old).name else item.origin)
    return Article(**{**item.__dict__, "origin": origin})
