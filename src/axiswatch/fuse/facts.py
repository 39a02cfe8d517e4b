"""Claims about the same thing become one fact.

Claims share a fact when they have the same type, source, target (either
order for meetings and agreements) and item category, at compatible times:

* flows (transfer, use, production) are one fact however long they run; how
  their figures move is the fact's series;
* one-off happenings (meetings, agreements, sanctions, denunciations) split
  by time: dated reports more than ``point_event_gap_days`` apart are
  different facts; a report dated only by year joins the one happening of
  that year if there is exactly one; a report that gives no date joins the
  latest happening before its publication (within ``undated_reach_days``).

A fact's id is a hash of its key and its anchor (the earliest date it is
given), so fusing the same claims again gives the same ids.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from axiswatch.fuse.claims import Claim, interval, precision
from axiswatch.fuse.settings import load_settings
from axiswatch.fuse.support import Support, summarize


@dataclass
class Fact:
    id: str
    type: str
    source: str
    target: str | None
    category: str | None
    anchor: str
    claims: list[Claim]
    support: Support = field(init=False)

    def __post_init__(self) -> None:
        self.claims.sort(key=lambda c: c.event_id)
        self.support = summarize(self.claims)


FactKey = tuple[str, str, str | None, str | None]


def fact_key(c: Claim) -> FactKey:
    source, target = c.parties()
    return (c.type, source, target, c.category)


def fact_id(key: FactKey, anchor: str) -> str:
    raw = "|".join(k or "" for k in key) + "|" + anchor
    return "F" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:15]


@dataclass
class _Cluster:
    start: date
    end: date
    anchor: str
    claims: list[Claim] = field(default_factory=list)


def _chain(claims: list[Claim], times: dict[int, str], gap: timedelta) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    for c in sorted(claims, key=lambda c: (interval(times[c.event_id])[0], c.event_id)):
        start, end = interval(times[c.event_id])
        if clusters and start <= clusters[-1].end + gap:
            clusters[-1].end = max(clusters[-1].end, end)
            clusters[-1].claims.append(c)
        else:
            clusters.append(_Cluster(start, end, times[c.event_id], [c]))
    return clusters


def _split_in_time(claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
    settings = load_settings()
    gap = timedelta(days=settings.point_event_gap_days)
    reach = timedelta(days=settings.undated_reach_days)
    precise = [c for c in claims if c.when and precision(c.when) != "year"]
    yearly = [c for c in claims if c.when and precision(c.when) == "year"]
    reported = [c for c in claims if not c.when and c.published]
    timeless = [c for c in claims if not c.when and not c.published]
    clusters = _chain(precise, {c.event_id: c.when for c in precise if c.when}, gap)
    by_year: dict[str, _Cluster] = {}
    for c in sorted(yearly, key=lambda c: c.event_id):
        year = c.when
        assert year is not None  # yearly claims are dated
        start, end = interval(year)
        inside = [k for k in clusters if k.start <= end and k.end >= start]
        if len(inside) == 1:
            inside[0].claims.append(c)
        else:
            by_year.setdefault(year, _Cluster(start, end, year)).claims.append(c)
    dated = clusters + list(by_year.values())
    unplaced = []
    for c in reported:
        published = c.published
        assert published is not None  # reported claims have a publication date
        before = [k for k in dated if k.start <= published and published - k.end <= reach]
        if before:
            max(before, key=lambda k: (k.start, k.anchor)).claims.append(c)
        else:
            unplaced.append(c)
    dated += _chain(unplaced, {c.event_id: c.published.isoformat() for c in unplaced
                               if c.published}, gap)
    if timeless:
        if len(dated) == 1:
            dated[0].claims.extend(timeless)
        else:
            dated.append(_Cluster(date.min, date.min, "undated", list(timeless)))
    return [(k.anchor, k.claims) for k in dated]


def group_facts(claims: list[Claim]) -> list[Fact]:
    """All facts the claims describe, in a stable order."""
    by_key: dict[FactKey, list[Claim]] = defaultdict(list)
    for c in claims:
        by_key[fact_key(c)].append(c)
    flows = load_settings().flow_types
    facts: list[Fact] = []
    for key in sorted(by_key, key=lambda k: tuple(x or "" for x in k)):
        group = by_key[key]
        parts = [("", group)] if key[0] in flows else _split_in_time(group)
        for anchor, members in parts:
            facts.append(Fact(fact_id(key, anchor), key[0], key[1], key[2], key[3], anchor,
                              list(members)))
    return facts
