"""Read the metadata an article file carries at its top.

Two forms are understood:

* the legacy date token, ``date 2024-03-01`` followed by the text on the same line
  (``date 2021-02``, a month without a day, is removed but gives no date);
* a header block of ``Key: value`` lines (title, date/published, publisher/source,
  url, author) ended by a blank line, as saved by crawlers and by hand.

Unknown keys end the header, so an article that opens with "Update: ..." is
read as text, not metadata.

Without either, :func:`date_from_text` reads a date the top of the text states
on a line of its own, on a byline or in a dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime

_DATE_TOKEN = re.compile(r"^\s*date\s+(\d{4})-(\d{2})(?:-(\d{2}))?\b[ \t]*")
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
        try:  # "date 2021-02" (a month, no day) is taken off the text but gives no date
            published = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) \
                if m.group(3) else None
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


# --- dates written in the text ---------------------------------------------------
#
# Many crawled pages carry their date only inline: a line of its own ("August 29,
# 2022", "12/21/2022", "Wednesday, November 20, 2024", "Written: 2024-01-10
# 09:30:30"), a byline ("Reuters / May 24, 2024 4:07 pm") or a dateline
# ("ANTAKYA (Agency - 18th March, 2021)"). Only the top of the text is looked at,
# and only lines that are nothing but a date and such furniture: a date inside a
# sentence or a photo caption is not the publication date, and a wrong date is
# worse than none.

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_YEAR = r"(?:19[89]\d|20\d\d)"
_ORDINAL = r"(?:st|nd|rd|th)?"
_WRITTEN_DATES = re.compile(
    # "May 24, 2024", "Sept. 10 2024", "Nov 20th, 2024"
    rf"\b(?P<m1>{_MONTH})\.?\s{{1,3}}(?P<d1>\d{{1,2}}){_ORDINAL},?\s{{1,3}}(?P<y1>{_YEAR})\b"
    # "7 September 2024", "18th March, 2021", "1 of May 2023"
    rf"|\b(?P<d2>\d{{1,2}}){_ORDINAL}\s{{1,3}}(?:of\s)?(?P<m2>{_MONTH})\.?,?\s{{1,3}}"
    rf"(?P<y2>{_YEAR})\b"
    # "2024-01-10", "2024/01/10", "2024.01.10"
    rf"|(?<!\d)(?P<y3>{_YEAR})(?P<s3>[-/.])(?P<m3>\d{{1,2}})(?P=s3)(?P<d3>\d{{1,2}})(?!\d)"
    # "12/21/2022", "20.11.2024": read only where day and month cannot be swapped
    rf"|(?<![\d/.\-])(?P<a4>\d{{1,2}})(?P<s4>[-/.])(?P<b4>\d{{1,2}})(?P=s4)(?P<y4>{_YEAR})(?!\d)",
    re.IGNORECASE)
# What may stand beside the date on a date line: times, zones, weekdays, labels,
# separators and view counters.
_DATE_LINE_FURNITURE = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s?[ap]\.?\s?m\b\.?)?"
    r"|\b(?:[ap]\.?m|utc|gmt|[a-z]{1,2}[sd]?t|updated?|published|posted|written|last|date[ds]?"
    r"|modified|publish|time|on|at|views?|mon|tue|wed|thu|fri|sat|sun"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b\.?"
    r"|\b\d{1,7}\s+views?\b"
    r"|[|/•·,:;()\[\]\-–—+]",
    re.IGNORECASE)
_PREPOSITIONS = frozenset(["on", "in", "since", "by", "from", "until", "till", "to", "at",
                           "after", "before", "of", "as", "during", "between", "through",
                           "than", "around", "about", "near"])
_HEAD_LINES = 12          # lines of the top of the text that may carry the date
_LONG_LINE = 160          # a line this long is a paragraph; the second one ends the top
_DATE_LINE_MAX = 120      # longer lines are sentences or captions, not date lines
_DATELINE_DATE = re.compile(
    r"^[A-Z][\w.'’/\- ]{1,40}(?:,[^,()\n]{1,30}){0,3},?\s*\((?P<inner>[^()\n]{2,80})\)")


def _date_of(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    try:
        if g["y1"]:
            return date(int(g["y1"]), _MONTH_NUMBERS[g["m1"][:3].lower()], int(g["d1"]))
        if g["y2"]:
            return date(int(g["y2"]), _MONTH_NUMBERS[g["m2"][:3].lower()], int(g["d2"]))
        if g["y3"]:
            return date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        a, b = int(g["a4"]), int(g["b4"])
        if a == b or (a > 12) == (b > 12):
            return date(int(g["y4"]), a, b) if a == b else None  # 05/06/2024: which is it?
        day, month = (a, b) if a > 12 else (b, a)
        return date(int(g["y4"]), month, day)
    except ValueError:
        return None


def date_line(line: str) -> date | None:
    """The date of a line that is only a date with its furniture (time, weekday,
    "Updated:", an outlet's name), or None."""
    if len(line) > _DATE_LINE_MAX:
        return None
    matches = list(_WRITTEN_DATES.finditer(line))
    if not matches:
        return None
    first = matches[0]
    before = line[:first.start()].split()
    rest = _WRITTEN_DATES.sub(" ", line)
    words = [w for w in _DATE_LINE_FURNITURE.sub(" ", rest).split() if any(c.isalnum() for c in w)]
    if before and before[-1].lower().strip(",") in _PREPOSITIONS and words:
        return None  # "... in Kyiv on October 17, 2022": a date in a sentence
    if len(words) > 4:
        return None
    return _date_of(first)


def date_from_text(text: str) -> date | None:
    """The publication date the top of an article states in its own text, or None."""
    long_lines = 0
    seen = 0
    for raw in text.split("\n", 200)[:200]:
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if seen > _HEAD_LINES:
            break
        found = date_line(line)
        if found is None:
            dl = _DATELINE_DATE.match(line[:200])
            if dl:  # the date inside a dateline: "ANTAKYA (Agency - 18th March, 2021)"
                inner = _WRITTEN_DATES.search(dl.group("inner"))
                found = _date_of(inner) if inner else None
        if found is not None:
            return found
        if len(line) >= _LONG_LINE:
            long_lines += 1
            if long_lines >= 2:
                break
    return None
