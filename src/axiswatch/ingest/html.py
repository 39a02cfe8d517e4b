"""Articles from web pages: main text and metadata by trafilatura.

The page's bytes are decoded here (the HTTP charset if it names a real
encoding, else a ``<meta charset>`` near the top, else detection), so a page
that lies about its charset still reads. trafilatura finds the main text and
the title, date, author and site name; the site name or the URL's domain gives
the publisher. The headline repeated at the top of the text (after at most a
few short scraps of navigation) is dropped: the title is kept apart.
"""

from __future__ import annotations

import codecs
import html
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

import trafilatura

from axiswatch.ingest.clean import clean_text
from axiswatch.ingest.decode import decode_bytes, looks_binary
from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.metadata import Metadata, parse_date
from axiswatch.ingest.reader import build_article
from axiswatch.model import Article

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         rb"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b",
                         re.IGNORECASE | re.DOTALL)
# Below this many characters of main text a page is taken to have no article.
MIN_TEXT = 40
# Below this many, the main extractor's text is checked against a flat reading.
SHORT_TEXT = 500


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")))


def _known(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode page bytes: declared charset when it decodes cleanly, else detection."""
    if looks_binary(data):
        raise ValueError("binary content, not a web page")
    found = _META_CHARSET.search(data[:4096])
    for declared in (_known(charset), _known(found.group(1).decode("ascii")) if found else None):
        if declared:
            try:
                return data.decode(declared)
            except UnicodeDecodeError:
                continue  # the page lies about its charset: detect instead
    return decode_bytes(data)[0]


def _site_name(name: str | None, url: str | None) -> str | None:
    """The page's own site name; None when it is only the URL's host (trafilatura's
    fallback), so that the domain table in publishers.yaml can name the outlet."""
    if not name:
        return None
    host = urlsplit(url or "")
    if name.strip().lower() in {host.netloc.lower(), (host.hostname or "").lower(),
                                (host.hostname or "").lower().removeprefix("www.")}:
        return None
    return name.strip()


def _strip_headline(text: str, title: str | None) -> str:
    if not title:
        return text
    lines = text.split("\n")
    wanted = title.strip().lower()
    for i, line in enumerate(lines[:4]):
        # the headline, after at most a few short bits of page furniture ("Menu", "World")
        if line.strip().lower() == wanted and all(len(x) < 40 for x in lines[:i]):
            return "\n".join(lines[i + 1:])
    return text


def article_from_html(data: bytes, doc_id: str, origin: str, url: str | None = None,
                      charset: str | None = None, hints: Metadata | None = None) -> Article:
    """One article from an HTML page. ``hints`` (e.g. from a feed entry) fill gaps."""
    if not data.strip():
        raise IngestError(origin, "empty page")
    try:
        page = decode_html(data, charset)
    except ValueError as exc:
        raise IngestError(origin, str(exc)) from None
    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_tables=False,
                                          include_comments=False, deduplicate=False)
    except Exception as exc:  # a parser failure on hostile markup names the page, not a trace
        raise IngestError(origin, f"cannot parse the HTML ({type(exc).__name__})") from None
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    title = (getattr(doc, "title", None) or None) if doc is not None else None
    if len(text.strip()) < SHORT_TEXT:
        # markup the main extractor gives up on (nesting deeper than its parser
        # takes, odd structure) leaves nothing or a scrap of navigation: the
        # paragraphs of the page, read flat, when they say clearly more
        flat, flat_title = paragraphs_of(page)
        if len(flat) > max(1.5 * len(text.strip()), MIN_TEXT - 1):
            text, title = flat, title or flat_title
    if len(text.strip()) < MIN_TEXT:
        raise IngestError(origin, "no article text found in the HTML")
    hints = hints or Metadata()
    title = title or hints.title
    published: date | None = parse_date(getattr(doc, "date", None) or "") or hints.published
    meta = Metadata(published=published, title=title,
                    publisher=_site_name(getattr(doc, "sitename", None), url) or hints.publisher,
                    url=url or getattr(doc, "url", None) or hints.url,
                    author=getattr(doc, "author", None) or hints.author)
    return build_article(_strip_headline(text, title), meta, doc_id, origin)


class _TextOfFragment(HTMLParser):
    """Text of an HTML fragment (a feed summary), one paragraph per block."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                        "blockquote", "tr", "section", "article"})
    SKIP = frozenset({"script", "style", "iframe", "object", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


class _Paragraphs(_TextOfFragment):
    """A whole page read flat: the title, and the text of its blocks outside
    navigation, headers, footers, forms and asides."""

    SKIP = _TextOfFragment.SKIP | {"nav", "header", "footer", "aside", "form", "noscript",
                                   "svg", "button", "select", "head"}

    def __init__(self) -> None:
        super().__init__()
        self.title: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self._in_title = True
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        super().handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        super().handle_data(data)


# Below this many characters a block of a flat-read page is furniture, not prose.
MIN_PARAGRAPH = 20


def paragraphs_of(page: str) -> tuple[str, str | None]:
    """(text, title) of a page read without the main-text extractor: the blocks
    long enough to be prose, in order."""
    parser = _Paragraphs()
    try:
        parser.feed(page)
        parser.close()
    except Exception:  # noqa: BLE001 - a hostile page gives no text, not a traceback
        return "", None
    blocks = [b.strip() for b in "".join(parser.parts).split("\n")]
    text = clean_text("\n\n".join(b for b in blocks if len(b) >= MIN_PARAGRAPH))
    title = " ".join("".join(parser.title).split()) or None
    return text, title


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment; plain text passes through unescaped once."""
    if "<" not in fragment:
        return html.unescape(fragment)
    parser = _TextOfFragment()
    parser.feed(fragment)
    parser.close()
    return clean_text("".join(parser.parts))
