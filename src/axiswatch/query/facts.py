"""Read facts, figure series, conflicts and timelines back from the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from axiswatch.fuse.series import Series, build_series
from axiswatch.query.events import (
    EventFilter,
    count_events,
    event_record,
    event_statement,
    find_events,
)
from axiswatch.query.filters import at_least, canonical_actor, party_conditions, until_clause
from axiswatch.store.fusion import load_points
from axiswatch.store.schema import (
    ConflictRow,
    Document,
    EventRow,
    EvidenceRow,
    FactRow,
    FigureRow,
    ItemRow,
    SentenceRow,
)


@dataclass(frozen=True)
class FactFilter:
    type: str | None = None
    source: str | None = None
    target: str | None = None
    item: str | None = None
    since: str | None = None  # the fact's period reaches this date or later
    until: str | None = None
    certainty: str | None = None  # its strongest evidence is this sure or surer
    document: str | None = None
    min_sources: int | None = None
    min_score: float | None = None  # some event behind it was extracted this confidently
    contested: bool = False
    actors: tuple[str, ...] = ()  # one actor: it takes part; several: all parties among them
    limit: int | None = None
    offset: int = 0


def fact_statement(f: FactFilter) -> Select:
    stmt = select(FactRow).where(*party_conditions(
        f, FactRow.type, FactRow.source_id, FactRow.target_id, FactRow.item_category))
    if f.since:
        stmt = stmt.where(FactRow.period_end >= f.since)
    if f.until:
        stmt = stmt.where(until_clause(FactRow.period_start, f.until))
    if f.certainty:
        stmt = stmt.where(FactRow.strongest.in_(at_least(f.certainty)))
    if f.min_sources:
        stmt = stmt.where(FactRow.sources >= f.min_sources)
    if f.contested:
        stmt = stmt.where(FactRow.contested.is_(True))
    if f.min_score is not None:
        stmt = stmt.where(FactRow.id.in_(
            select(EventRow.fact_id).where((EventRow.score >= f.min_score)
                                           | EventRow.score.is_(None))))
    if f.document:
        stmt = stmt.where(FactRow.id.in_(
            select(EventRow.fact_id).join(Document, EventRow.document_id == Document.id)
            .where(Document.doc_id == f.document)))
    return stmt


def find_facts(session: Session, f: FactFilter) -> list[FactRow]:
    # the same order on every database: undated first, NULLs as empty strings
    stmt = fact_statement(f).order_by(
        func.coalesce(FactRow.period_start, ""), FactRow.type, FactRow.source_id,
        func.coalesce(FactRow.target_id, ""), func.coalesce(FactRow.item_category, ""),
        FactRow.id)
    stmt = stmt.offset(f.offset)
    if f.limit:
        stmt = stmt.limit(f.limit)
    return list(session.scalars(stmt))


def count_facts(session: Session, f: FactFilter) -> int:
    """How many facts pass ``f``, whatever its limit and offset."""
    stmt = fact_statement(f).with_only_columns(FactRow.id)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def fact_record(row: FactRow) -> dict:
    return {
        "id": row.id, "type": row.type, "source": row.source_id, "target": row.target_id,
        "item_category": row.item_category, "period_start": row.period_start,
        "period_end": row.period_end,
        "first_reported": row.first_reported.isoformat() if row.first_reported else None,
        "last_reported": row.last_reported.isoformat() if row.last_reported else None,
        "events": row.events, "documents": row.documents, "sources": row.sources,
        "denials": row.denials, "strongest": row.strongest, "weakest": row.weakest,
        "confidence": row.confidence, "contested": row.contested,
        "attributions": list(row.attributions or []), "publishers": list(row.publishers or []),
        "statuses": list(row.statuses or []),
    }


def get_fact(session: Session, fact_id: str) -> FactRow | None:
    return session.get(FactRow, fact_id)


def fact_evidence(session: Session, fact_id: str) -> list[EventRow]:
    stmt = (select(EventRow).where(EventRow.fact_id == fact_id).options(
        selectinload(EventRow.document), selectinload(EventRow.item),
        selectinload(EventRow.evidence).selectinload(EvidenceRow.sentence))
        .join(Document, EventRow.document_id == Document.id)
        .order_by(Document.published, Document.doc_id, EventRow.id))
    return list(session.scalars(stmt))


def evidence_record(row: EventRow) -> dict:
    record = event_record(row)
    record["publisher"] = row.document.publisher
    record["story"] = row.document.story_id
    return record


def find_series(session: Session, f: FactFilter, unit: str | None = None) -> list[Series]:
    where = party_conditions(f, EventRow.type, EventRow.source_id, EventRow.target_id,
                             ItemRow.category)
    if unit:
        where.append(FigureRow.unit == unit.lower())
    series = build_series(load_points(session, None, where))
    if f.since or f.until:
        series = [Series(s.id, s.type, s.source, s.target, s.unit, tuple(
            p for p in s.points if _in_range(p.date, f.since, f.until))) for s in series]
    return [s for s in series if s.points]


def _in_range(day: str | None, since: str | None, until: str | None) -> bool:
    if day is None:
        return since is None and until is None
    if since and day < since and not day.startswith(since):
        return False
    return not (until and day > until and not day.startswith(until))


def series_rows(series: list[Series]) -> list[dict]:
    return [{"series": s.id, "type": s.type, "source": s.source, "target": s.target,
             "unit": s.unit, "date": p.date, "when": p.when,
             "reported": p.reported.isoformat() if p.reported else None,
             "value": p.value, "high": p.high,
             "approx": p.approx, "bound": p.bound, "reporter": p.reporter,
             "publisher": p.publisher, "doc": p.doc, "certainty": p.certainty,
             "categories": list(p.categories), "events": list(p.event_ids)}
            for s in series for p in s.points]


def find_conflicts(session: Session, f: FactFilter) -> list[ConflictRow]:
    return conflicts_page(session, f)[0]


def conflicts_page(session: Session, f: FactFilter) -> tuple[list[ConflictRow], int]:
    """The conflicts passing ``f`` within its limit and offset, and how many pass."""
    stmt = select(ConflictRow).where(*party_conditions(
        f, ConflictRow.type, ConflictRow.source_id, ConflictRow.target_id,
        ConflictRow.item_category))
    if f.document:
        ids = {e for (e,) in session.execute(
            select(EventRow.id).join(Document, EventRow.document_id == Document.id)
            .where(Document.doc_id == f.document))}
        rows = [r for r in session.scalars(stmt.order_by(ConflictRow.id))
                if ids & set(r.stating + r.contrary)]
    else:
        rows = list(session.scalars(stmt.order_by(ConflictRow.id)))
    page = rows[f.offset:f.offset + f.limit] if f.limit else rows[f.offset:]
    return page, len(rows)


def conflicts_of_fact(session: Session, fact_id: str) -> list[ConflictRow]:
    return list(session.scalars(select(ConflictRow).where(ConflictRow.fact_id == fact_id)
                                .order_by(ConflictRow.id)))


def conflict_record(session: Session, row: ConflictRow, with_evidence: bool = False) -> dict:
    record: dict[str, Any] = {"id": row.id, "kind": row.kind, "fact": row.fact_id, "type": row.type,
              "source": row.source_id, "target": row.target_id,
              "item_category": row.item_category, "unit": row.unit_name, "period": row.period,
              "detail": row.detail, "stating": list(row.stating),
              "contrary": list(row.contrary)}
    if with_evidence:
        for side in ("stating", "contrary"):
            events = find_events(session, EventFilter(ids=tuple(record[side])))
            record[side] = [evidence_record(e) for e in events]
    return record


def _dated_first(session: Session, stmt: Select, day, cut: int | None, sort_key,
                 undated_order: tuple, scalars: bool = False) -> list:
    """Rows of ``stmt`` by ``day`` (indexed), ties by ``sort_key``, undated ones last,
    at most ``cut``.

    The database walks the day index and stops after ``cut`` rows; rows sharing the
    last day are then all fetched and ordered here, so the result does not depend on
    the order rows were stored in.
    """
    run = session.scalars if scalars else session.execute
    dated = list(run(stmt.where(day.is_not(None)).order_by(day).limit(cut)))
    if cut is not None and len(dated) >= cut:
        last = sort_key(dated[-1])[0]
        ties = list(run(stmt.where(day == last)))
        dated = [r for r in dated if sort_key(r)[0] != last] + ties
        dated.sort(key=sort_key)
        return dated[:cut]
    dated.sort(key=sort_key)
    rest = None if cut is None else cut - len(dated)
    return dated + list(run(stmt.where(day.is_(None)).order_by(*undated_order).limit(rest)))


def _timeline_events(f: FactFilter, actors: tuple[str, ...], *extra) -> Select:
    """The timeline's rows of events passing ``f`` (with ``actors`` for its own)."""
    item = aliased(ItemRow)  # the filter may join items already
    return (event_statement(EventFilter(
        type=f.type, source=f.source, target=f.target, item=f.item, since=f.since,
        until=f.until, certainty=f.certainty, document=f.document, actors=actors))
        .where(*extra)
        .outerjoin(item, EventRow.item_id == item.id)
        .outerjoin(EvidenceRow, EvidenceRow.event_id == EventRow.id)
        .outerjoin(SentenceRow, SentenceRow.id == EvidenceRow.sentence_id)
        .with_only_columns(EventRow.day, EventRow.id, EventRow.type, EventRow.source_id,
                           EventRow.target_id, item.category, EventRow.certainty,
                           SentenceRow.text, Document.doc_id, EventRow.fact_id))


def _unpaged(f: FactFilter) -> FactFilter:
    return FactFilter(**{**f.__dict__, "limit": None, "offset": 0})


def timeline_total(session: Session, f: FactFilter) -> int:
    """How many rows :func:`timeline` would give without a limit: its events (one
    row each: the store keeps one evidence sentence per event) and its facts."""
    events = count_events(session, EventFilter(
        type=f.type, source=f.source, target=f.target, item=f.item, since=f.since,
        until=f.until, certainty=f.certainty, document=f.document, actors=f.actors))
    return events + count_facts(session, _unpaged(f))


def timeline(session: Session, f: FactFilter) -> list[dict]:
    """Events and facts in date order: events at when they happened (else when
    reported), facts at their earliest date (a fact spans ``date`` to ``end``).

    Both lists are ordered and cut in SQL, then merged, so a page costs the same
    however large the store is.
    """
    cut = (f.offset + f.limit) if f.limit else None

    def events_where(actors: tuple[str, ...], *extra) -> Select:
        return _timeline_events(f, actors, *extra)

    # ties by document id, not by arrival order: the same on every store
    order = (Document.doc_id, EventRow.id)

    def by_day(r) -> tuple:
        return (r[0], r[8], r[1])

    if len(f.actors) == 1:
        # "A as source" and "A as target" each walk an index in day order; one OR would
        # gather all of A's events and sort them
        actor = canonical_actor(f.actors[0])
        found = (_dated_first(session, events_where((), EventRow.source_id == actor),
                              EventRow.day, cut, by_day, order)
                 + _dated_first(session, events_where((), EventRow.target_id == actor,
                                                      EventRow.source_id != actor),
                                EventRow.day, cut, by_day, order))
    else:
        found = _dated_first(session, events_where(f.actors), EventRow.day, cut, by_day, order)
    rows = [{"date": r[0], "end": None, "kind": "event", "id": str(r[1]), "type": r[2],
             "source": r[3], "target": r[4], "item_category": r[5], "certainty": r[6],
             "detail": r[7], "doc": r[8], "fact": r[9], "_key": f"{r[8]}\x00{r[1]:012d}"}
            for r in found]
    facts = _dated_first(session, fact_statement(_unpaged(f)),
                         FactRow.day, cut, lambda r: (r.day, r.id), (FactRow.id,),
                         scalars=True)
    for fact in facts:
        rows.append({"date": fact.day, "end": fact.period_end,
                     "kind": "fact", "id": fact.id,
                     "type": fact.type, "source": fact.source_id, "target": fact.target_id,
                     "item_category": fact.item_category, "certainty": fact.strongest,
                     "detail": f"{fact.period_start or '?'} to {fact.period_end or '?'}; "
                               f"{fact.sources} independent source(s), confidence "
                               f"{fact.confidence:.2f}" + ("; contested" if fact.contested
                                                           else ""),
                     "doc": None, "fact": fact.id, "_key": fact.id})
    rows.sort(key=lambda r: (r["date"] or "9999", r["kind"] != "fact", r["_key"]))
    for r in rows:
        del r["_key"]
    return rows[f.offset:cut] if f.limit else rows
