"""Figure series: the figures reported for one flow over time.

A series is one direction of one flow type between two actors in one unit
("containers", "shells", "troops"): units are never converted or added up.
Each point keeps its date (when it was reported; when it applied, if the
text says, is kept beside it), the figure as stated (value, upper value, approximate and how) and
who reported it. Copies of one story give one point.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from axiswatch.fuse.claims import FigurePoint, interval
from axiswatch.fuse.settings import load_settings


@dataclass(frozen=True)
class Point:
    date: str | None  # when it was reported (else when it applied, if that is all we know)
    when: str | None  # when it applied, if the text says
    value: float
    high: float | None
    approx: bool
    bound: str | None
    reporter: str
    publisher: str | None
    reported: datetime.date | None  # the module: "date" is a field here
    doc: str
    story: str
    certainty: str
    categories: tuple[str, ...]
    event_ids: tuple[int, ...]

    def range(self) -> tuple[float, float]:
        """The values this figure allows (see ``figure_*`` in data/fusion.yaml)."""
        s = load_settings()
        low, high = self.value, self.high if self.high is not None else self.value
        if self.bound == "min":
            return low, float("inf")
        if self.bound == "max":
            return 0.0, high * (1 + s.figure_exact)
        slack = s.figure_about if self.bound == "about" else s.figure_exact
        return low * (1 - slack), high * (1 + slack)


@dataclass(frozen=True)
class Series:
    id: str
    type: str
    source: str
    target: str | None
    unit: str
    points: tuple[Point, ...]


def _sort_key(p: Point) -> tuple:
    # by the last day the date can mean: "2023" sorts after "2023-10-14"
    end = interval(p.date)[1].isoformat() if p.date else "9999"
    reported = p.reported.isoformat() if p.reported else "9999"
    return (end, reported, p.value, p.doc)


def build_series(points: list[FigurePoint]) -> list[Series]:
    grouped: dict[tuple, list[FigurePoint]] = defaultdict(list)
    for p in points:
        grouped[(p.type, p.source, p.target or "", p.unit)].append(p)
    out: list[Series] = []
    for key in sorted(grouped):
        merged: dict[tuple, list[FigurePoint]] = defaultdict(list)
        for p in grouped[key]:  # one point per story and stated figure
            merged[(p.story, p.value, p.high, p.bound)].append(p)
        series_points = []
        for same in merged.values():
            first = min(same, key=lambda p: (p.published or date.max, p.doc, p.event_id))
            series_points.append(Point(
                date=first.published.isoformat() if first.published else first.when,
                when=first.when, value=first.value, high=first.high, approx=first.approx,
                bound=first.bound, reporter=first.reporter, publisher=first.publisher,
                reported=first.published,
                doc=first.doc, story=first.story, certainty=first.certainty,
                categories=tuple(sorted({p.category for p in same if p.category})),
                event_ids=tuple(sorted({p.event_id for p in same}))))
        type_, source, target, unit = key
        sid = "S" + hashlib.sha1("|".join(key).encode("utf-8")).hexdigest()[:15]
        out.append(Series(sid, type_, source, target or None, unit,
                          tuple(sorted(series_points, key=_sort_key))))
    return out
