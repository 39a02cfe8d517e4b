"""Read events back from the store with the filters analysts ask for."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from axiswatch.query.filters import at_least, party_conditions, until_clause
from axiswatch.store.schema import Actor, Document, EventRow, EvidenceRow, ItemRow, SentenceRow


@dataclass(frozen=True)
class EventFilter:
    type: str | None = None
    source: str | None = None
    target: str | None = None
    item: str | None = None  # item category
    since: str | None = None  # ISO partial date, compared on the event's time
    until: str | None = None
    certainty: str | None = None  # this level or stronger
    min_score: float | None = None  # extraction confidence at least this
    document: str | None = None
    actors: tuple[str, ...] = ()  # one actor: it takes part; several: all parties among them
    ids: tuple[int, ...] = ()
    limit: int | None = None
    offset: int = 0


def event_statement(f: EventFilter) -> Select:
    stmt = select(EventRow).join(EventRow.document).where(*_event_conditions(f))
    if f.item:
        stmt = stmt.join(EventRow.item).where(ItemRow.category == f.item.lower())
    if f.document:
        stmt = stmt.where(Document.doc_id == f.document)
    return stmt


def _event_conditions(f: EventFilter) -> list:
    """``f``'s conditions on the events table's own columns (not item nor document)."""
    conditions = party_conditions(f, EventRow.type, EventRow.source_id, EventRow.target_id)
    if f.ids:
        conditions.append(EventRow.id.in_(f.ids))
    event_time = EventRow.day  # when it happened, else when it was reported
    if f.since:
        conditions.append(event_time >= f.since)
    if f.until:
        conditions.append(until_clause(event_time, f.until))
    if f.certainty:
        conditions.append(EventRow.certainty.in_(at_least(f.certainty)))
    if f.min_score is not None:  # events of the rules alone have no score and pass
        conditions.append((EventRow.score >= f.min_score) | EventRow.score.is_(None))
    return conditions


def find_events(session: Session, f: EventFilter) -> list[EventRow]:
    stmt = event_statement(f).options(
        selectinload(EventRow.document), selectinload(EventRow.item),
        selectinload(EventRow.evidence).selectinload(EvidenceRow.sentence),
    ).order_by(EventRow.id).offset(f.offset)
    if f.limit:
        stmt = stmt.limit(f.limit)
    return list(session.scalars(stmt))


def count_events(session: Session, f: EventFilter) -> int:
    """How many events pass ``f``, whatever its limit and offset: the rows of
    :func:`event_statement`, counted on the events table alone (every event has
    its document; item and document are looked up once, not joined per event)."""
    stmt = select(func.count()).select_from(EventRow).where(*_event_conditions(f))
    if f.item:
        stmt = stmt.where(EventRow.item_id.in_(
            select(ItemRow.id).where(ItemRow.category == f.item.lower())))
    if f.document:
        stmt = stmt.where(EventRow.document_id.in_(
            select(Document.id).where(Document.doc_id == f.document)))
    return session.scalar(stmt) or 0


def event_record(row: EventRow) -> dict:
    """An event as a flat dict for tables, JSON and CSV."""
    evidence = row.evidence[0] if row.evidence else None
    return {
        "id": row.id,
        "doc": row.document.doc_id,
        "published": row.document.published.isoformat() if row.document.published else None,
        "type": row.type,
        "source": row.source_id,
        "target": row.target_id,
        "item_category": row.item.category if row.item else None,
        "item": row.item.name if row.item else None,
        "quantity": row.quantity_value,
        "quantity_high": row.quantity_high,
        "unit": row.quantity_unit,
        "approx": row.quantity_approx,
        "when": row.when,
        "status": row.status,
        "attribution": row.attribution,
        "certainty": row.certainty,
        "score": row.score,
        "evidence": evidence.sentence.text if evidence else None,
        "evidence_start": evidence.start if evidence else None,
        "evidence_end": evidence.end if evidence else None,
    }


def actor_summary(session: Session) -> list[dict]:
    """Every actor with how many events it takes part in, as source and target."""
    src = aliased(EventRow)
    tgt = aliased(EventRow)
    as_source = (select(src.source_id, func.count()).group_by(src.source_id))
    as_target = (select(tgt.target_id, func.count()).group_by(tgt.target_id))
    sources = dict(session.execute(as_source).all())
    targets = dict(session.execute(as_target).all())
    out = []
    for actor in session.scalars(select(Actor).order_by(Actor.id)):
        out.append({"id": actor.id, "name": actor.name, "kind": actor.kind,
                    "as_source": sources.get(actor.id, 0), "as_target": targets.get(actor.id, 0)})
    return sorted(out, key=lambda a: -(a["as_source"] + a["as_target"]))


def get_event(session: Session, event_id: int) -> EventRow | None:
    return session.scalar(select(EventRow).where(EventRow.id == event_id).options(
        selectinload(EventRow.document), selectinload(EventRow.item),
        selectinload(EventRow.evidence).selectinload(EvidenceRow.sentence)))


def paragraph_of(session: Session, sentence: SentenceRow) -> list[SentenceRow]:
    return list(session.scalars(select(SentenceRow).where(
        SentenceRow.document_id == sentence.document_id,
        SentenceRow.paragraph == sentence.paragraph).order_by(SentenceRow.position)))
