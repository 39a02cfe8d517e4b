"""Read article files from disk into :class:`Article` objects."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from axiswatch.ingest.clean import clean_text, not_a_title
from axiswatch.ingest.decode import decode_bytes
from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.language import detect_language
from axiswatch.ingest.metadata import Metadata, date_from_text, split_header
from axiswatch.ingest.publisher import detect_publisher
from axiswatch.model import Article

MAX_BYTES = 20 * 1024 * 1024
_WEB_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
ARTICLE_SUFFIXES = {".txt", ".text", ".md", ""}


def suffix_of(path: Path) -> str:
    """A file's extension, lower-cased; a compressed one keeps its inner one (".warc.gz")."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return "".join(path.suffixes[-2:]).lower()
    return suffix


def iter_article_paths(paths: Iterable[str | Path],
                       suffixes: Collection[str] = ARTICLE_SUFFIXES) -> Iterator[Path]:
    """Files named directly, and files with one of ``suffixes`` found under folders
    (hidden ones skipped), sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    p = Path(root, name)
                    if not name.startswith(".") and suffix_of(p) in suffixes:
                        found.append(p)
            yield from sorted(found)
        else:
            yield path


TITLE_LINES = 6  # the headline is looked for among the first lines of the text


def _title(text: str, publisher: str | None = None) -> str:
    """The first of the text's first lines that can be a headline (not a date, a
    photo credit, the outlet's name or a menu word); else its first line."""
    lines = text.split("\n\n", TITLE_LINES)[:TITLE_LINES]
    outlet = (publisher or "").strip().lower()
    first = next((ln for ln in lines
                  if not not_a_title(ln) and ln.strip().lower() != outlet), lines[0])
    first = first.split("\n", 1)[0]
    return first if len(first) <= 200 else first[:197].rstrip() + "..."


def read_file(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a file, or :class:`IngestError` naming it and the problem."""
    path = Path(path)
    origin = str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IngestError(origin, "not a regular file")
        if size > max_bytes:
            raise IngestError(
                origin, f"too large ({size / 2**20:.1f} MB; limit {max_bytes / 2**20:.0f} MB)")
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError(origin, "no such file") from None
    except PermissionError:
        raise IngestError(origin, "permission denied") from None
    except IsADirectoryError:
        raise IngestError(origin, "is a directory") from None
    except OSError as exc:
        raise IngestError(origin, f"cannot read ({exc.strerror or exc})") from None


def read_article(path: str | Path, max_bytes: int = MAX_BYTES) -> Article:
    """Read, decode and clean one article. Raise :class:`IngestError` on bad input."""
    path = Path(path)
    return article_from_bytes(read_file(path, max_bytes), doc_id=path.stem, origin=str(path))


def article_from_bytes(data: bytes, doc_id: str, origin: str, url: str | None = None) -> Article:
    """An article from the bytes of a text file; ``url`` is where it came from, if fetched."""
    if not data.strip():
        raise IngestError(origin, "empty file")
    try:
        raw, _encoding = decode_bytes(data)
    except ValueError as exc:
        raise IngestError(origin, str(exc)) from None
    meta, body = split_header(raw)
    if url and not meta.url:
        meta = replace(meta, url=url)
    return build_article(body, meta, doc_id, origin)


# control characters, line and paragraph separators, zero-width and bidirectional marks
_UNSAFE_IN_ID = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u200b-\u200f\u202a-\u202e"
                           r"\u2066-\u2069\ufeff]+")


def safe_id(name: str) -> str:
    """A document id (or an uploaded file's name) without characters that would
    hide, reorder or break it where it is shown: each run of them becomes "_"."""
    cleaned = _UNSAFE_IN_ID.sub("_", name).strip()[:200]
    return cleaned if re.search(r"[^\W_]", cleaned) else "document"


def build_article(body: str, meta: Metadata, doc_id: str, origin: str) -> Article:
    """Clean ``body`` and make the article; every reader ends here."""
    text = clean_text(body)
    if not text:
        raise IngestError(origin, "no article text after cleaning")
    # the raw body still has the credit lines that cleaning drops
    publisher = detect_publisher(meta.publisher, meta.url, body)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    title = clean_text(meta.title or "").replace("\n\n", " ")[:300] or _title(text, publisher)
    # a date the top of the text states, when the metadata gives none
    published = meta.published or date_from_text(body)
    # only a web address is kept as the article's URL ("javascript:..." is not one)
    url = meta.url if meta.url and _WEB_URL.match(meta.url) else None
    return Article(doc_id=safe_id(doc_id), text=text, title=title,
                   published=published, content_hash=digest, origin=origin,
                   publisher=publisher, url=url, language=detect_language(text))
