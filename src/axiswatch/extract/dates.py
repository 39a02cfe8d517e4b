"""Time expressions resolved against the publication date.

Returns ISO partial dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) with the
character span they were read from, so that the extractor can decide which
event word each one belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|" \
         r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|" \
         r"Nov\.?|Dec\.?)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}\b")),
    ("dmy", re.compile(
        rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s*,?\s+{_YEAR}\b")),
    ("month_of_rel", re.compile(rf"\b{_MONTH}\s+of\s+(?P<rel>last|this|next)\s+year\b")),
    ("my", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b")),
    ("part_year", re.compile(
        rf"\b(?:(?:early|late|mid|middle|end|beginning|start|spring|summer|autumn|fall|winter)"
        rf"(?:\s+of)?[\s\-]+(?:the\s+)?(?:(?:final|first|last)\s+(?:\w+\s+)?months\s+of\s+)?)"
        rf"{_YEAR}\b", re.IGNORECASE)),
    ("in_year", re.compile(rf"\b(?:in|since|during|by|throughout|of|until|from)\s+{_YEAR}\b")),
    ("rel_month", re.compile(
        rf"\b(?P<rel>last|this|next|in|since|early|late|mid)[\s\-]+{_MONTH}\b")),
    ("rel_unit", re.compile(r"\b(?P<rel>last|this|next|past)\s+(?P<unit>week|month|year)\b",
                            re.IGNORECASE)),
    ("day_word", re.compile(r"\b(?P<word>[Yy]esterday|[Tt]oday|[Oo]n\s+(?:Monday|Tuesday|"
                            r"Wednesday|Thursday|Friday|Saturday|Sunday))\b")),
    ("ago", re.compile(r"\b(?P<count>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|"
                       r"ten|eleven|twelve)\s+(?P<unit>day|week|month|year)s?\s+ago\b",
                       re.IGNORECASE)),
]
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    value: str


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _recent_month(month: int, published: date) -> int:
    """The year of the latest ``month`` not after ``published``."""
    return published.year if month <= published.month else published.year - 1


def _resolve(kind: str, m: re.Match[str], published: date | None) -> str | None:
    g = m.groupdict()
    if kind in ("iso", "mdy", "dmy"):
        month = int(g["mnum"]) if kind == "iso" else _month(g["month"])
        try:
            return date(int(g["year"]), month, int(g["day"])).isoformat()
        except ValueError:
            return None
    if kind == "my":
        return f"{int(g['year']):04d}-{_month(g['month']):02d}"
    if kind in ("part_year", "in_year"):
        return g["year"]
    if published is None:
        return None
    if kind == "month_of_rel":
        year = published.year + {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
        return f"{year:04d}-{_month(g['month']):02d}"
    if kind == "rel_month":
        month = _month(g["month"])
        rel = g["rel"].lower()
        if rel == "next":
            year = published.year if month > published.month else published.year + 1
        elif rel == "this":
            year = published.year
        else:
            year = _recent_month(month, published)
        return f"{year:04d}-{month:02d}"
    if kind == "rel_unit":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]
        if rel == "past" and unit != "week":
            return None  # "over the past year" is a span up to now, not a calendar year
        if unit == "year":
            return f"{published.year + step:04d}"
        if unit == "month":
            month_index = published.year * 12 + published.month - 1 + step
            return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
        day = published + timedelta(days=7 * step)
        return f"{day.year:04d}-{day.month:02d}"
    if kind == "day_word":
        word = g["word"].lower()
        if word == "today":
            return published.isoformat()
        if word == "yesterday":
            return (published - timedelta(days=1)).isoformat()
        # "on Tuesday": the latest Tuesday up to the publication day
        weekday = _WEEKDAYS.index(word.split()[-1])
        return (published - timedelta(days=(published.weekday() - weekday) % 7)).isoformat()
    if kind == "ago":
        raw = g["count"].lower()
        count = int(raw) if raw.isdigit() else _COUNTS[raw]
        unit = g["unit"].lower()
        if unit == "year":
            return f"{published.year - count:04d}"
        if unit == "month":
            month_index = published.year * 12 + published.month - 1 - count
            return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
        day = published - timedelta(days=count * (7 if unit == "week" else 1))
        return day.isoformat() if unit == "day" else f"{day.year:04d}-{day.month:02d}"
    return None


def find_times(text: str, published: date | None, offset: int = 0) -> list[TimeMention]:
    """Time expressions in ``text``; overlapping matches keep the most specific."""
    taken: list[tuple[int, int]] = []
    found: list[TimeMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _resolve(kind, m, published)
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(TimeMention(m.start() + offset, m.end() + offset, value))
    return sorted(found, key=lambda t: t.start)
