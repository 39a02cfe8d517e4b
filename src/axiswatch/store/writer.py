"""Write one article with its sentences and events, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from axiswatch.fuse.claims import unit_of
from axiswatch.model import Article, Event, Figure, Sentence
from axiswatch.nlp.actors import actor_kind, actor_name
from axiswatch.store.generation import bump_generation, lock_writes
from axiswatch.store.schema import (
    Actor,
    Document,
    EventRow,
    EvidenceRow,
    FigureRow,
    ItemRow,
    SentenceRow,
)


class Outcome(StrEnum):
    ADDED = "added"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


def _actor(session: Session, actor_id: str, cache: dict[str, Actor]) -> Actor:
    if actor_id not in cache:
        row = session.get(Actor, actor_id)
        if row is None:
            row = Actor(id=actor_id, name=actor_name(actor_id), kind=actor_kind(actor_id))
            session.add(row)
        cache[actor_id] = row
    return cache[actor_id]


def _item(session: Session, category: str, name: str, cache: dict) -> ItemRow:
    key = (category, name.lower()[:255])
    if key not in cache:
        row = session.scalar(select(ItemRow).where(ItemRow.category == key[0],
                                                   ItemRow.name == key[1]))
        if row is None:
            row = ItemRow(category=key[0], name=key[1])
            session.add(row)
            session.flush()
        cache[key] = row
    return cache[key]


def document_columns(article: Article, now: datetime) -> dict:
    """A document's columns (but its story and signature), for either writer."""
    return {"doc_id": article.doc_id, "title": article.title, "origin": article.origin,
            "published": article.published, "content_hash": article.content_hash,
            "text": article.text, "ingested_at": now,
            "publisher": article.publisher[:255] if article.publisher else None,
            "url": article.url, "language": article.language}


def event_columns(e: Event, article: Article) -> dict:
    """An event's own columns (not its document, item or fact), for either writer."""
    q = e.quantity
    return {"type": e.type, "source_id": e.source, "target_id": e.target,
            "quantity_value": q.value if q else None, "quantity_high": q.high if q else None,
            "quantity_unit": q.unit if q else None, "quantity_approx": q.approx if q else None,
            "when": e.when, "status": e.status, "attribution": e.attribution,
            "certainty": e.certainty, "score": e.score,
            "day": e.when or (article.published.isoformat() if article.published else None)}


def figure_columns(e: Event) -> list[dict]:
    """The figures an event states (its quantity when it lists none), for either writer."""
    figures = e.figures or ([Figure(e.quantity, e.when, e.evidence_start, e.evidence_end)]
                            if e.quantity else [])
    return [{"value": f.quantity.value, "high": f.quantity.high, "unit": f.quantity.unit[:64],
             "approx": f.quantity.approx, "bound": f.quantity.bound, "when": f.when,
             "start": f.evidence_start, "end": f.evidence_end} for f in figures]


@dataclass
class Saved:
    """What :func:`save_article` did, and what fusion must look at again."""

    outcome: Outcome
    document: Document | None
    old_units: set[str] = field(default_factory=set)  # units of a replaced version's events
    old_story: str | None = None


def save_article(session: Session, article: Article, sentences: list[Sentence],
                 events: list[Event]) -> Saved:
    """Store ``article``; the caller commits. Same content twice is a no-op, also when
    another process stored it first (:func:`lock_writes` waits for that one's commit
    before this one looks)."""
    lock_writes(session)
    existing = session.scalar(select(Document).where(Document.doc_id == article.doc_id))
    saved = Saved(Outcome.ADDED, None)
    if existing is not None:
        if existing.content_hash == article.content_hash:
            return Saved(Outcome.UNCHANGED, existing)
        saved.old_units = {unit_of(e.type, e.source_id, e.target_id) for e in existing.events}
        saved.old_story = existing.story_id
        session.delete(existing)
        session.flush()
        saved.outcome = Outcome.REPLACED
    doc = Document(**document_columns(article, datetime.now(UTC).replace(tzinfo=None)))
    session.add(doc)
    rows = [SentenceRow(position=i, paragraph=s.paragraph, start=s.start, end=s.end, text=s.text)
            for i, s in enumerate(sentences)]
    doc.sentences = rows
    session.flush()
    by_start = {r.start: r for r in rows}
    actors: dict[str, Actor] = {}
    items: dict = {}
    # the lookups below need not flush the rows added so far: the caches hold them
    with session.no_autoflush:
        for e in events:
            sentence = by_start.get(e.evidence_start)
            if sentence is None:
                continue
            if e.source:
                _actor(session, e.source, actors)
            if e.target:
                _actor(session, e.target, actors)
            row = EventRow(**event_columns(e, article),
                           item=_item(session, e.item.category, e.item.name, items)
                           if e.item else None)
            row.evidence = [EvidenceRow(sentence=sentence, start=e.evidence_start,
                                        end=e.evidence_end, trigger=e.trigger[:64])]
            row.figures = [FigureRow(**f) for f in figure_columns(e)]
            doc.events.append(row)
    session.flush()
    saved.document = doc
    bump_generation(session)
    return saved
