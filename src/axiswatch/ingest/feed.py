"""RSS and Atom feeds: their entries, each a link and what the feed says of it.

The XML is checked with defusedxml before feedparser sees it: a feed that
declares entities (the "billion laughs" and external-entity tricks) is refused
outright. A feed that is not well-formed is still read leniently by feedparser
when it yields entries; the problem is reported as a warning on the feed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_xml
import feedparser
from defusedxml import DefusedXmlException

from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.html import fragment_text
from axiswatch.ingest.metadata import Metadata, parse_date

_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|RDF)\b", re.IGNORECASE)
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class FeedEntry:
    key: str                 # stable id: the entry's id/guid, else its link, else a hash
    link: str | None
    title: str | None
    published: date | None
    summary: str             # plain text of the content or summary the feed carries
    author: str | None = None

    def metadata(self, publisher: str | None) -> Metadata:
        return Metadata(published=self.published, title=self.title, publisher=publisher,
                        url=self.link, author=self.author)


@dataclass
class Feed:
    origin: str
    title: str | None
    entries: list[FeedEntry]
    warnings: list[str] = field(default_factory=list)


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return bool(_FEED_ROOT.search(head)) and not head[:200].lower().startswith(
        (b"<!doctype html", b"<html"))


def _check_xml(data: bytes, origin: str) -> str | None:
    """Refuse entity tricks; return a warning when the XML is not well-formed."""
    try:
        safe_xml.fromstring(data, forbid_dtd=False, forbid_entities=True,
                            forbid_external=True)
    except DefusedXmlException as exc:
        raise IngestError(origin, f"feed refused: it declares XML entities or external "
                                  f"references ({type(exc).__name__}), an entity-expansion "
                                  "risk") from None
    except ParseError as exc:
        return f"not well-formed XML ({exc}); read leniently"
    except (ValueError, RecursionError) as exc:
        return f"unreadable XML ({type(exc).__name__}); read leniently"
    return None


def _text(entry, name: str) -> str | None:
    value = entry.get(name)
    if not isinstance(value, str):
        return None
    value = fragment_text(value).strip()
    return value[:500] or None


def _summary(entry) -> str:
    for item in entry.get("content") or []:
        value = item.get("value") if isinstance(item, dict) else None
        if value:
            return fragment_text(value)
    value = entry.get("summary")
    return fragment_text(value) if isinstance(value, str) else ""


def _published(entry) -> date | None:
    for name in ("published", "updated", "created"):
        found = parse_date(entry.get(name) if isinstance(entry.get(name), str) else None)
        if found:
            return found
    for name in ("published_parsed", "updated_parsed"):
        parsed = entry.get(name)
        if parsed:
            try:
                return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except (AttributeError, ValueError):
                continue
    return None


def _link(entry) -> str | None:
    link = entry.get("link")
    if isinstance(link, str) and link.strip().lower().startswith(("http://", "https://")):
        return link.strip()
    return None


def parse_feed(data: bytes, origin: str) -> Feed:
    if not data.strip():
        raise IngestError(origin, "empty feed")
    warning = _check_xml(data, origin)
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # feedparser is lenient; anything it raises still gets a message
        raise IngestError(origin, f"cannot read the feed ({type(exc).__name__})") from None
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise IngestError(origin, "not an RSS or Atom feed"
                          + (f" ({problem})" if problem else ""))
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = _link(entry)
        summary = _summary(entry)
        title = _text(entry, "title")
        raw_id = entry.get("id") if isinstance(entry.get("id"), str) else None
        key = (raw_id or link or "").strip()[:500]
        if not key:
            key = "sha1:" + hashlib.sha1(f"{title}\n{summary}".encode()).hexdigest()
        if key in seen:
            continue
        seen.add(key)
        entries.append(FeedEntry(key=key, link=link, title=title, published=_published(entry),
                                 summary=summary, author=_text(entry, "author")))
    warnings = [warning] if warning else []
    if len(parsed.entries) > MAX_ENTRIES:
        warnings.append(f"only the first {MAX_ENTRIES:,} entries read")
    feed_title = parsed.feed.get("title") if isinstance(parsed.feed.get("title"), str) else None
    return Feed(origin=origin, title=feed_title, entries=entries, warnings=warnings)
