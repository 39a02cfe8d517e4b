"""Contradictions between sources, each linking the evidence on both sides.

* ``denial``: a fact that some sources state and others deny. For flows a
  denial of a broader category covers the narrower ones ("denied sending any
  weapons" against "sent shells"); one-off happenings compare within a fact.
* ``figures``: figures for the same series and the same period (the same
  month, or the same year when only the year is known) whose ranges do not
  overlap, from different stories.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from axiswatch.fuse.claims import precision
from axiswatch.fuse.facts import Fact
from axiswatch.fuse.series import Point, Series
from axiswatch.fuse.settings import load_settings


@dataclass(frozen=True)
class Conflict:
    id: str
    kind: str  # denial | figures
    fact_id: str | None
    type: str
    source: str
    target: str | None
    category: str | None
    unit: str | None
    period: str | None
    detail: str
    stating: tuple[int, ...]  # event ids on the one side
    contrary: tuple[int, ...]  # and on the other


def _cid(*parts: str | None) -> str:
    return "C" + hashlib.sha1("|".join(p or "" for p in parts).encode()).hexdigest()[:15]


def _covers(denied: str | None, stated: str | None) -> bool:
    if denied == stated or denied is None:
        return True
    return stated in load_settings().broader_categories.get(denied, frozenset())


def denial_conflicts(facts: list[Fact]) -> list[Conflict]:
    flows = load_settings().flow_types
    out: list[Conflict] = []
    for fact in facts:
        stating = [c for c in fact.claims if c.certainty != "denied"]
        if not stating:
            continue
        if fact.type in flows:
            denying = [c for other in facts
                       if (other.type, other.source, other.target) ==
                       (fact.type, fact.source, fact.target)
                       and _covers(other.category, fact.category)
                       for c in other.claims if c.certainty == "denied"]
        else:
            denying = [c for c in fact.claims if c.certainty == "denied"]
        if not denying:
            continue
        who = sorted({c.attribution or c.publisher or f"document {c.doc}" for c in denying})
        out.append(Conflict(
            _cid(fact.id, "denial"), "denial", fact.id, fact.type, fact.source, fact.target,
            fact.category, None, None,
            f"{len(stating)} report(s) state it; denied by {', '.join(who)}",
            tuple(sorted(c.event_id for c in stating)),
            tuple(sorted({c.event_id for c in denying}))))
    return out


def _period(p: Point) -> str | None:
    """The month a figure applies to: its stated time, else the month it was reported."""
    day = p.when or p.date
    if not day:
        return None
    return day[:4] if precision(day) == "year" else day[:7]


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def figure_conflicts(series: list[Series], facts: list[Fact]) -> list[Conflict]:
    fact_of_event = {c.event_id: f.id for f in facts for c in f.claims}
    out: list[Conflict] = []
    for s in series:
        by_period: dict[str, list[Point]] = defaultdict(list)
        for p in s.points:
            period = _period(p)
            if period:
                by_period[period].append(p)
        for period in sorted(by_period):
            points = sorted(by_period[period], key=lambda p: (p.range()[0], p.value, p.doc))
            low = [p for p in points if _overlap(p.range(), points[0].range())]
            rest = [p for p in points if p not in low]
            if not rest or len({p.story for p in points}) < 2:
                continue
            stating = tuple(sorted(e for p in low for e in p.event_ids))
            figures = "; ".join(f"{_figure(p)} ({p.reporter})" for p in points)
            out.append(Conflict(
                _cid(s.id, period), "figures", fact_of_event.get(stating[0]), s.type, s.source,
                s.target, None, s.unit, period, f"{s.unit} in {period}: {figures}",
                stating, tuple(sorted(e for p in rest for e in p.event_ids))))
    return out


def _figure(p: Point) -> str:
    words = {"min": "over ", "max": "up to ", "about": "about "}
    value = f"{p.value:,.0f}" if float(p.value).is_integer() else f"{p.value:,}"
    high = f"-{p.high:,.0f}" if p.high is not None else ""
    return f"{words.get(p.bound or '', '')}{value}{high}"
