"""Read the metadata an article file carries at its top.

Two forms are understood:

* the legacy date token, ``date 2024-03-01`` followed by the text on the same line;
* a header block of ``Key: value`` lines (title, date/published, publisher/source,
  url, author) ended by a blank line, as saved by crawlers and by hand.

Unknown keys end the header, so an article that opens with "Update: ..." is
read as text, not metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime

_DATE_TOKEN = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b[ \t]*")
_HEADER_LINE = re.compile(r"^(title|date|published|publisher|source|url|author)\s*:\s*(.*)$",
                          re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_KEYS = {"published": "date", "source": "publisher"}


@dataclass(frozen=True)
class Metadata:
    published: date | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    author: str | None = None


def parse_date(value: str | None) -> date | None:
    """A date from ISO 8601 ("2024-03-01", "2024-03-01T10:00:00Z") or an e-mail/RSS
    date ("Fri, 01 Mar 2024 10:00:00 GMT"); None when it is neither."""
    value = (value or "").strip()
    m = _ISO_DATE.match(value)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if len(value) > 64:
        return None
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def split_header(text: str) -> tuple[Metadata, str]:
    """Split ``text`` into its metadata and the article body that follows."""
    m = _DATE_TOKEN.match(text)
    if m:
        try:
            published = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            published = None
        return Metadata(published=published), text[m.end():]
    lines = text.lstrip("\ufeff").split("\n")
    fields: dict[str, str] = {}
    used = 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if fields:
                used += 1
                break
            used += 1
            continue
        hit = _HEADER_LINE.match(stripped)
        if not hit:
            break
        key = _KEYS.get(hit.group(1).lower(), hit.group(1).lower())
        fields.setdefault(key, hit.group(2).strip()[:500])
        used += 1
    if not fields:
        return Metadata(), text
    meta = Metadata(published=parse_date(fields.get("date", "")),
                    title=fields.get("title") or None,
                    publisher=fields.get("publisher") or None,
                    url=fields.get("url") or None,
                    author=fields.get("author") or None)
    return meta, "\n".join(lines[used:])
