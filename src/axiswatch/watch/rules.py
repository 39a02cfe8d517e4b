"""Watch rules: what each kind observes in the store, and what counts as new.

A rule observes a set of keyed things (facts, categories on a flow, figure
series, conflicts). What it observed before is in ``watch_memory``; a key not
seen before is an alert, and for ``figure_rises`` a series whose highest value
went up. The first time a rule runs it only remembers (unless the watch asks
to alert on what the store already holds), so starting a watch on a full store
does not flood anyone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from axiswatch.fuse.settings import load_settings
from axiswatch.query.facts import (
    FactFilter,
    conflict_record,
    fact_evidence,
    find_conflicts,
    find_facts,
    find_series,
)
from axiswatch.store.schema import FactRow
from axiswatch.watch.config import RuleConfig


@dataclass(frozen=True)
class Observation:
    key: str
    value: float | None
    payload: dict


def _filter(rule: RuleConfig) -> FactFilter:
    return FactFilter(source=rule.source, target=rule.target, actors=rule.actors,
                      certainty=rule.min_certainty, min_sources=rule.min_sources,
                      type=rule.types[0] if len(rule.types) == 1 else None,
                      item=rule.items[0] if len(rule.items) == 1 else None)


def _matches(rule: RuleConfig, type_: str, category: str | None) -> bool:
    if rule.types and type_ not in rule.types:
        return False
    return not (rule.items and (category or "") not in rule.items)


def _evidence(session: Session, fact: FactRow, limit: int = 3) -> list[dict]:
    rows = sorted(fact_evidence(session, fact.id),
                  key=lambda e: (e.document.published or date.min, e.id), reverse=True)
    out = []
    for e in rows[:limit]:
        sentence = e.evidence[0].sentence.text if e.evidence else None
        out.append({"doc": e.document.doc_id, "publisher": e.document.publisher,
                    "url": e.document.url,
                    "published": e.document.published.isoformat() if e.document.published
                    else None, "certainty": e.certainty, "sentence": sentence})
    return out


def _fact_payload(session: Session, fact: FactRow) -> dict:
    return {"fact": fact.id, "type": fact.type, "source": fact.source_id,
            "target": fact.target_id, "item_category": fact.item_category,
            "period": [fact.period_start, fact.period_end], "sources": fact.sources,
            "documents": fact.documents, "strongest": fact.strongest,
            "confidence": round(fact.confidence, 4), "contested": fact.contested,
            "evidence": _evidence(session, fact)}


def _pair(fact: FactRow) -> str:
    return f"{fact.source_id} → {fact.target_id or '-'}"


def observe_new_fact(session: Session, rule: RuleConfig) -> Iterator[Observation]:
    flows = load_settings().flow_types
    for fact in find_facts(session, _filter(rule)):
        if not _matches(rule, fact.type, fact.item_category) or fact.strongest == "denied" \
                and rule.min_certainty != "denied":
            continue
        # a flow stays one fact as reports come in; a one-off (meeting, sanction) is new
        # again in a later month
        key = f"{fact.type}|{fact.source_id}|{fact.target_id or '-'}|{fact.item_category or '-'}"
        if fact.type not in flows:
            key += f"|{(fact.period_start or 'undated')[:7]}"
        payload = _fact_payload(session, fact)
        what = f"{fact.type} {_pair(fact)}" + (f" {fact.item_category}"
                                               if fact.item_category else "")
        payload["message"] = (f"new fact: {what} ({fact.sources} source(s), "
                              f"{fact.strongest})")
        yield Observation(key, None, payload)


def observe_new_category(session: Session, rule: RuleConfig) -> Iterator[Observation]:
    types = rule.types or ("transfer",)
    for fact in find_facts(session, _filter(rule)):
        if fact.type not in types or not fact.item_category or fact.target_id is None:
            continue
        if rule.items and fact.item_category not in rule.items:
            continue
        if fact.strongest == "denied":
            continue
        key = f"{fact.type}|{fact.source_id}|{fact.target_id}|{fact.item_category}"
        payload = _fact_payload(session, fact)
        payload["message"] = (f"new item category on {fact.type} {_pair(fact)}: "
                              f"{fact.item_category}")
        yield Observation(key, None, payload)


def observe_figures(session: Session, rule: RuleConfig) -> Iterator[Observation]:
    f = FactFilter(source=rule.source, target=rule.target, actors=rule.actors,
                   type=rule.types[0] if len(rule.types) == 1 else None)
    for series in find_series(session, f, unit=rule.unit):
        if rule.types and series.type not in rule.types:
            continue
        points = [p for p in series.points if p.certainty != "denied"]
        if not points:
            continue
        top = max(points, key=lambda p: (p.value, p.date or ""))
        payload = {"series": series.id, "type": series.type, "source": series.source,
                   "target": series.target, "unit": series.unit, "value": top.value,
                   "date": top.date, "reporter": top.reporter, "publisher": top.publisher,
                   "doc": top.doc, "certainty": top.certainty, "bound": top.bound,
                   "message": f"figure rises: {series.type} {series.source} → "
                              f"{series.target or '-'} now {top.value:,.0f} {series.unit}"}
        yield Observation(series.id, top.value, payload)


def observe_conflicts(session: Session, rule: RuleConfig) -> Iterator[Observation]:
    f = FactFilter(source=rule.source, target=rule.target, actors=rule.actors)
    for row in find_conflicts(session, f):
        if not _matches(rule, row.type, row.item_category):
            continue
        payload = conflict_record(session, row)
        what = f"{row.type} {row.source_id} → {row.target_id or '-'}" + (
            f" {row.item_category}" if row.item_category else "")
        payload["message"] = f"new contradiction ({row.kind}): {what}: {row.detail}"
        yield Observation(row.id, None, payload)


OBSERVERS = {"new_fact": observe_new_fact, "new_category": observe_new_category,
             "figure_rises": observe_figures, "new_conflict": observe_conflicts}


def observe(session: Session, rule: RuleConfig) -> dict[str, Observation]:
    return {o.key: o for o in OBSERVERS[rule.when](session, rule)}


def changes(rule: RuleConfig, seen: dict[str, float | None],
            now: dict[str, Observation]) -> list[Observation]:
    """What in ``now`` is worth an alert, given what the rule had ``seen``."""
    if rule.when == "figure_rises":
        out = []
        for key, o in sorted(now.items()):
            before = seen.get(key)
            if key in seen and before is not None and o.value is not None and o.value > before:
                payload = dict(o.payload, previous=before)
                payload["message"] += f" (was {before:,.0f})"
                out.append(Observation(key, o.value, payload))
        return out
    return [o for key, o in sorted(now.items()) if key not in seen]
