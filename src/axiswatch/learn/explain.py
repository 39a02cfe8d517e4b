"""Why extracted events differ from gold: misses and false alarms by cause.

Each missed gold event is put down to the nearest extracted event of the
same document: same parties and type but another item category (wrong
category), the parties swapped (wrong direction), same parties but another
type (wrong type), one party right (wrong party); with nothing near it, the
event was not found at all. A false alarm that served as such a near event
is counted with the miss; the others are false alarms proper. Matched events
whose certainty or date differ are listed too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from axiswatch.evaluate import match_events

CAUSES = ("wrong category", "wrong direction", "wrong type", "wrong party", "not found",
          "false alarm", "certainty", "date")


@dataclass
class Case:
    cause: str
    gold: dict | None
    pred: dict | None

    def describe(self) -> str:
        def k(e: dict | None) -> str:
            if e is None:
                return "-"
            cat = (e.get("item") or {}).get("category")
            return f"{e.get('type')} {e.get('source')}->{e.get('target')}" + \
                (f" [{cat}]" if cat else "")
        extra = ""
        if self.cause == "certainty" and self.gold and self.pred:
            extra = f" (gold {self.gold.get('certainty')}, got {self.pred.get('certainty')})"
        if self.cause == "date" and self.gold and self.pred:
            extra = f" (gold {self.gold.get('when')}, got {self.pred.get('when')})"
        return f"gold: {k(self.gold)}  extracted: {k(self.pred)}{extra}"


@dataclass
class Explanation:
    cases: dict[str, list[Case]] = field(default_factory=lambda: {c: [] for c in CAUSES})

    def counts(self) -> dict[str, int]:
        return {c: len(v) for c, v in self.cases.items()}


def _pair(e: dict) -> tuple:
    return (e.get("source"), e.get("target"))


def _category(e: dict) -> str | None:
    return (e.get("item") or {}).get("category")


_NEAR: list[tuple[str, Callable[[dict, dict], bool]]] = [
    ("wrong category", lambda g, p: g["type"] == p.get("type") and _pair(g) == _pair(p)),
    ("wrong direction", lambda g, p: g["type"] == p.get("type") and
     _pair(g) == _pair(p)[::-1] and _category(g) == _category(p)),
    ("wrong type", lambda g, p: g["type"] != p.get("type") and
     set(_pair(g)) == set(_pair(p))),
    ("wrong party", lambda g, p: g["type"] == p.get("type") and
     _category(g) == _category(p) and bool(set(_pair(g)) & set(_pair(p)) - {None})),
]


def explain(gold: list[dict], predicted: list[dict]) -> Explanation:
    matched, false_alarms, misses = match_events(gold, predicted)
    out = Explanation()
    used: set[int] = set()
    for g in misses:
        found = None
        for cause, near in _NEAR:
            for n, p in enumerate(false_alarms):
                if n not in used and p.get("doc") == g.get("doc") and near(g, p):
                    found = (cause, n)
                    break
            if found:
                break
        if found:
            used.add(found[1])
            out.cases[found[0]].append(Case(found[0], g, false_alarms[found[1]]))
        else:
            out.cases["not found"].append(Case("not found", g, None))
    for n, p in enumerate(false_alarms):
        if n not in used:
            out.cases["false alarm"].append(Case("false alarm", None, p))
    for g, p in matched:
        if g.get("certainty") != p.get("certainty"):
            out.cases["certainty"].append(Case("certainty", g, p))
        if (g.get("when") or None) != (p.get("when") or None):
            out.cases["date"].append(Case("date", g, p))
    return out
