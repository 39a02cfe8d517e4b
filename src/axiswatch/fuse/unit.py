"""Fuse one recompute unit (a type and a pair of actors): facts, series, conflicts."""

from __future__ import annotations

from dataclasses import dataclass

from axiswatch.fuse.claims import Claim, FigurePoint
from axiswatch.fuse.conflicts import Conflict, denial_conflicts, figure_conflicts
from axiswatch.fuse.facts import Fact, group_facts
from axiswatch.fuse.series import Series, build_series


@dataclass
class Fused:
    facts: list[Fact]
    series: list[Series]
    conflicts: list[Conflict]


def fuse(claims: list[Claim], points: list[FigurePoint]) -> Fused:
    facts = group_facts(claims)
    series = build_series(points)
    conflicts = denial_conflicts(facts) + figure_conflicts(series, facts)
    return Fused(facts, series, conflicts)
