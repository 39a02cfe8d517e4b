"""What fusion reads: claims (one stored event each) and figure points, with
the story and publisher of the document that makes them, plus helpers for the
partial dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) they are dated with."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from axiswatch.model import SYMMETRIC_TYPES


@dataclass(frozen=True)
class Stated:
    """What one stored event states, and where: document, story, publisher, date."""

    event_id: int
    doc: str
    story: str
    publisher: str | None
    published: date | None
    type: str
    source: str
    target: str | None
    category: str | None
    when: str | None

    @property
    def time(self) -> str | None:
        """When it happened if the text says so, else when it was reported."""
        return self.when or (self.published.isoformat() if self.published else None)


@dataclass(frozen=True)
class Claim(Stated):
    """One stored event as fusion sees it."""

    certainty: str
    status: str | None = None
    attribution: str | None = None
    score: float | None = None  # extraction confidence; None: the rules' event, unscored

    def parties(self) -> tuple[str, str | None]:
        if self.type in SYMMETRIC_TYPES and self.target:
            a, b = sorted((self.source, self.target))
            return a, b
        return self.source, self.target


@dataclass(frozen=True)
class FigurePoint(Stated):
    """A figure stated for a flow in one document."""

    value: float
    high: float | None
    unit: str
    approx: bool
    bound: str | None
    certainty: str
    attribution: str | None = None

    @property
    def reporter(self) -> str:
        return self.attribution or self.publisher or self.doc


def unit_of(type_: str, source: str, target: str | None) -> str:
    """The recompute unit of an event: its type and unordered pair of actors.

    Everything fusion derives (facts, series, conflicts) lives inside one unit,
    so a new article only recomputes the units its events touch.
    """
    a, b = sorted((source, target or ""))
    return f"{type_}|{a}|{b}"


def interval(partial: str) -> tuple[date, date]:
    """The first and last day a partial date can mean."""
    parts = [int(p) for p in partial.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return date(year, 1, 1), date(year, 12, 31)
    month = parts[1]
    if len(parts) == 2:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, parts[2]), date(year, month, parts[2])


def precision(partial: str) -> str:
    return ("year", "month", "day")[partial.count("-")]
