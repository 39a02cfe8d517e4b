"""The rows exports are made of, read from the store in batches.

Events are read as plain columns (no ORM objects) in id order; facts in the
order ``axiswatch facts`` lists them. Both come in batches of ``BATCH`` rows
(``yield_per``: a server-side cursor on PostgreSQL), so an export holds one
batch in memory at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, cast, func, select
from sqlalchemy.orm import Session, aliased

from axiswatch.query.events import EventFilter, event_statement
from axiswatch.query.facts import FactFilter, fact_record, fact_statement
from axiswatch.store.schema import (
    Actor,
    Document,
    EventRow,
    EvidenceRow,
    FactRow,
    ItemRow,
    SentenceRow,
)

BATCH = 2000
Row = dict[str, Any]

EVENT_FIELDS = ("id", "doc", "published", "type", "source", "target", "item_category", "item",
                "quantity", "quantity_high", "unit", "approx", "when", "day", "status",
                "attribution", "certainty", "score", "fact", "evidence", "evidence_start",
                "evidence_end", "publisher", "title", "url")


def _event_columns(stmt: Select) -> Select:
    """``stmt`` over events (joined with their document) reading the export's columns:
    the event, its item and its first evidence sentence."""
    item = aliased(ItemRow)  # the filter may have joined items already
    first_evidence = (select(func.min(EvidenceRow.id)).where(EvidenceRow.event_id == EventRow.id)
                      .correlate(EventRow).scalar_subquery())
    return (stmt.outerjoin(item, EventRow.item_id == item.id)
            .outerjoin(EvidenceRow, EvidenceRow.id == first_evidence)
            .outerjoin(SentenceRow, SentenceRow.id == EvidenceRow.sentence_id)
            .with_only_columns(
                EventRow.id, Document.doc_id, Document.published, EventRow.type,
                EventRow.source_id, EventRow.target_id, item.category, item.name,
                EventRow.quantity_value, EventRow.quantity_high, EventRow.quantity_unit,
                EventRow.quantity_approx, EventRow.when, EventRow.day, EventRow.status,
                EventRow.attribution, EventRow.certainty, EventRow.score, EventRow.fact_id,
                SentenceRow.text, EvidenceRow.start, EvidenceRow.end, Document.publisher,
                Document.title, Document.url))


def event_batches(session: Session, f: EventFilter, batch: int = BATCH) -> Iterator[list[Row]]:
    """The events passing ``f`` in id order, ``batch`` at a time, as flat dicts
    (``EVENT_FIELDS``; dates as :class:`datetime.date`)."""
    stmt = _event_columns(event_statement(f)).order_by(EventRow.id).offset(f.offset)
    if f.limit:
        stmt = stmt.limit(f.limit)
    result = session.execute(stmt, execution_options={"yield_per": batch})
    for part in result.partitions():
        yield [dict(zip(EVENT_FIELDS, r, strict=True)) for r in part]


def fact_row(row: FactRow) -> Row:
    """:func:`axiswatch.query.facts.fact_record` with its dates as dates."""
    record = fact_record(row)
    record["first_reported"] = row.first_reported
    record["last_reported"] = row.last_reported
    return record


def _ordered_facts(f: FactFilter) -> Select:
    stmt = fact_statement(f).order_by(
        func.coalesce(FactRow.period_start, ""), FactRow.type, FactRow.source_id,
        func.coalesce(FactRow.target_id, ""), func.coalesce(FactRow.item_category, ""),
        FactRow.id).offset(f.offset)
    return stmt.limit(f.limit) if f.limit else stmt


def fact_batches(session: Session, f: FactFilter, batch: int = BATCH) -> Iterator[list[Row]]:
    """The facts passing ``f`` in the order ``axiswatch facts`` lists them, ``batch`` at
    a time, as :func:`fact_row` dicts."""
    result = session.scalars(_ordered_facts(f), execution_options={"yield_per": batch})
    for part in result.partitions():
        yield [fact_row(row) for row in part]


def events_of_facts(session: Session, fact_ids: Sequence[str]) -> dict[str, list[Row]]:
    """The events behind each of ``fact_ids`` (flat dicts as in :func:`event_batches`),
    in date order."""
    found: dict[str, list[Row]] = defaultdict(list)
    if not fact_ids:
        return found
    stmt = _event_columns(select(EventRow).join(EventRow.document)
                          .where(EventRow.fact_id.in_(list(fact_ids))))
    stmt = stmt.order_by(EventRow.fact_id, Document.published, Document.doc_id, EventRow.id)
    for r in session.execute(stmt):
        row = dict(zip(EVENT_FIELDS, r, strict=True))
        found[row["fact"]].append(row)
    return found


@dataclass(frozen=True)
class ActorInfo:
    id: str
    name: str
    kind: str  # state, organization, group, person
    first: str | None  # first and last date of the facts it takes part in
    last: str | None


def actors_of_facts(session: Session, f: FactFilter) -> list[ActorInfo]:
    """Every actor taking part in a fact passing ``f``, with the span of those facts."""
    facts = _ordered_facts(f).subquery()
    c = facts.c
    first_reported, last_reported = cast(c.first_reported, String), cast(c.last_reported, String)
    # a fact's span as network.fact_span reads it: its period, else when it was reported
    start = func.coalesce(c.period_start, first_reported, c.period_end, last_reported)
    end = func.coalesce(c.period_end, last_reported, c.period_start, first_reported)
    spans: dict[str, list[str | None]] = {}
    for side in (c.source_id, c.target_id):
        stmt = (select(side, func.min(start), func.max(end))
                .where(side.is_not(None)).group_by(side))
        for actor_id, first, last in session.execute(stmt):
            span = spans.setdefault(actor_id, [first, last])
            span[0] = min(d for d in (span[0], first) if d) if span[0] or first else None
            span[1] = max(d for d in (span[1], last) if d) if span[1] or last else None
    known = {a.id: a for a in session.scalars(select(Actor).where(Actor.id.in_(list(spans))))}
    out = []
    for actor_id in sorted(spans):
        actor = known.get(actor_id)
        out.append(ActorInfo(actor_id, actor.name if actor else actor_id,
                             actor.kind if actor else "state", *spans[actor_id]))
    return out


def actor_table(session: Session) -> dict[str, Actor]:
    return {a.id: a for a in session.scalars(select(Actor))}


def facts_with_events(session: Session, batches: Iterable[list[Row]]
                      ) -> Iterator[list[tuple[Row, list[Row]]]]:
    """Each batch of facts with the events behind each fact (one query a batch)."""
    for facts in batches:
        behind = events_of_facts(session, [f["id"] for f in facts])
        yield [(fact, behind.get(fact["id"], [])) for fact in facts]


def _figure(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def figure_text(event: Row) -> str | None:
    """ "~13,000 containers" for an event stating a figure, else None."""
    if event["quantity"] is None:
        return None
    high = f"-{_figure(event['quantity_high'])}" if event["quantity_high"] else ""
    return (f"{'~' if event['approx'] else ''}{_figure(event['quantity'])}{high} "
            f"{event['unit'] or ''}").strip()


def fact_summary(fact: Row, names: dict[str, str]) -> str:
    """One line saying what a fact is: who, what, to whom, when, how well supported."""
    source = names.get(fact["source"], fact["source"])
    target = names.get(fact["target"], fact["target"]) if fact["target"] else None
    what = fact["type"] + (f" of {fact['item_category']}" if fact["item_category"] else "")
    parties = f"{source} → {target}" if target else source
    start, end = fact.get("period_start"), fact.get("period_end")
    when = (f"{start}" if start == end else f"{start or '?'} to {end or '?'}") \
        if start or end else "undated"
    return (f"{what}: {parties}, {when}; {fact['sources']} independent source(s), strongest "
            f"evidence {fact['strongest']}, confidence {fact['confidence']:.2f}"
            + ("; contested" if fact["contested"] else "")
            + (f", {fact['denials']} denial(s)" if fact["contested"] and fact["denials"] else ""))
