"""Write many articles in one transaction, with multi-row inserts.

:func:`save_article` stores one article through the ORM, about 18 ms a
document. This writer stores a batch with one multi-row INSERT per table
(documents, sentences, actors, items, events, evidence, figures), so a
document costs a fraction of that. It keeps the store's rules: a document
with the same id and content hash is "unchanged", one with another hash
replaces the old version, each new document gets its story and queues the
facts it touches (or, for a bulk load, leaves both to one fusion at the end).

All or nothing per article: the batch is one transaction, and when it fails
the caller (:func:`store_batch`) rolls it back and stores the batch's
articles one at a time, so one article that the store refuses costs only
itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import Session

from axiswatch.fuse.claims import unit_of
from axiswatch.fuse.near_duplicates import band_keys, from_bytes
from axiswatch.model import Article, Event, Sentence
from axiswatch.nlp.actors import actor_kind, actor_name
from axiswatch.store.bulk import add_rows, insert_rows
from axiswatch.store.fusion import (
    assign_stories,
    join_story,
    queue_units,
    store_signatures,
    units_of_documents,
)
from axiswatch.store.generation import bump_generation, lock_writes
from axiswatch.store.schema import (
    Actor,
    Document,
    DocumentBand,
    EventRow,
    EvidenceRow,
    FigureRow,
    ItemRow,
    SentenceRow,
)
from axiswatch.store.writer import Outcome, document_columns, event_columns, figure_columns

CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class Entry:
    """One article to store, with its sentences and events."""

    article: Article
    sentences: Sequence[Sentence]
    events: Sequence[Event]
    signature: bytes | None = None  # the text's MinHash signature, when made already


def _chunks(values: list, size: int = CHUNK):
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _existing(session: Session, doc_ids: list[str]) -> dict[str, tuple[int, str, str | None]]:
    found: dict[str, tuple[int, str, str | None]] = {}
    for part in _chunks(doc_ids):
        for row_id, doc_id, digest, story in session.execute(
                select(Document.id, Document.doc_id, Document.content_hash, Document.story_id)
                .where(Document.doc_id.in_(part))):
            found[doc_id] = (row_id, digest, story)
    return found


def _ensure_actors(session: Session, actor_ids: set[str]) -> None:
    wanted = sorted(actor_ids)
    known: set[str] = set()
    for part in _chunks(wanted):
        known |= set(session.scalars(select(Actor.id).where(Actor.id.in_(part))))
    missing = [a for a in wanted if a not in known]
    add_rows(session, Actor, [{"id": a, "name": actor_name(a), "kind": actor_kind(a)}
                          for a in missing])


def _item_ids(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    wanted = sorted(keys)
    ids: dict[tuple[str, str], int] = {}
    for part in _chunks(wanted):
        for row_id, category, name in session.execute(
                select(ItemRow.id, ItemRow.category, ItemRow.name)
                .where(tuple_(ItemRow.category, ItemRow.name).in_(part))):
            ids[(category, name)] = row_id
    missing = [k for k in wanted if k not in ids]
    new = insert_rows(session, ItemRow, [{"category": c, "name": n} for c, n in missing])
    ids.update(zip(missing, new, strict=True))
    return ids


def _item_key(event: Event) -> tuple[str, str] | None:
    return (event.item.category, event.item.name.lower()[:255]) if event.item else None


def _document_row(entry: Entry, now: datetime) -> dict:
    # a story of its own until fusion (or, for ingest, the next step) says otherwise
    return {**document_columns(entry.article, now), "story_id": entry.article.doc_id,
            "signature": entry.signature}


@dataclass
class BatchSaved:
    outcomes: list[Outcome]
    added: list[tuple[int, str, str]]  # (row id, doc id, text) of the documents stored
    replaced: list[tuple[int, str, str | None]]  # (row id, doc id, old story)
    old_units: set[str]


def save_articles(session: Session, entries: Sequence[Entry]) -> BatchSaved:
    """Store ``entries`` (distinct doc ids) in ``session``'s transaction; the caller commits."""
    if len({e.article.doc_id for e in entries}) != len(entries):
        raise ValueError("a batch holds each document id once")
    lock_writes(session)
    existing = _existing(session, [e.article.doc_id for e in entries])
    outcomes: list[Outcome] = []
    todo: list[Entry] = []
    gone: dict[str, tuple[int, str | None]] = {}
    for entry in entries:
        old = existing.get(entry.article.doc_id)
        if old is not None and old[1] == entry.article.content_hash:
            outcomes.append(Outcome.UNCHANGED)
            continue
        outcomes.append(Outcome.REPLACED if old is not None else Outcome.ADDED)
        if old is not None:
            gone[entry.article.doc_id] = (old[0], old[2])
        todo.append(entry)
    old_units: set[str] = set()
    if gone:
        rows = [row for row, _story in gone.values()]
        for part in _chunks(rows):
            old_units |= {unit_of(t, s, g) for t, s, g in session.execute(
                select(EventRow.type, EventRow.source_id, EventRow.target_id)
                .where(EventRow.document_id.in_(part)).distinct())}
            session.execute(delete(Document).where(Document.id.in_(part))
                            .execution_options(synchronize_session=False))
    saved = BatchSaved(outcomes, [], [], old_units)
    if not todo:
        return saved
    now = datetime.now(UTC).replace(tzinfo=None)
    doc_rows = insert_rows(session, Document, [_document_row(e, now) for e in todo])
    add_rows(session, DocumentBand, [
        {"band": k, "document_id": d} for d, e in zip(doc_rows, todo, strict=True)
        if e.signature is not None for k in sorted(set(band_keys(from_bytes(e.signature))))])
    sentence_rows = insert_rows(session, SentenceRow, [
        {"document_id": d, "position": i, "paragraph": s.paragraph, "start": s.start,
         "end": s.end, "text": s.text}
        for d, e in zip(doc_rows, todo, strict=True) for i, s in enumerate(e.sentences)])
    sentence_of: dict[tuple[int, int], int] = {}
    ids = iter(sentence_rows)
    for d, e in zip(doc_rows, todo, strict=True):
        for s in e.sentences:
            sentence_of[(d, s.start)] = next(ids)
    stated = [(d, e.article, ev) for d, e in zip(doc_rows, todo, strict=True)
              for ev in e.events if (d, ev.evidence_start) in sentence_of]
    _ensure_actors(session, {a for _d, _a, ev in stated for a in (ev.source, ev.target) if a})
    items = _item_ids(session, {k for _d, _a, ev in stated if (k := _item_key(ev))})
    event_rows = insert_rows(session, EventRow, [
        {**event_columns(ev, article), "document_id": d, "fact_id": None,
         "item_id": items[k] if (k := _item_key(ev)) else None}
        for d, article, ev in stated])
    if event_rows:
        add_rows(session, EvidenceRow, [
            {"event_id": r, "sentence_id": sentence_of[(d, ev.evidence_start)],
             "start": ev.evidence_start, "end": ev.evidence_end, "trigger": ev.trigger[:64]}
            for r, (d, _a, ev) in zip(event_rows, stated, strict=True)])
        figures = [{**f, "event_id": r} for r, (_d, _a, ev) in zip(event_rows, stated, strict=True)
                   for f in figure_columns(ev)]
        add_rows(session, FigureRow, figures)
    for d, e in zip(doc_rows, todo, strict=True):
        if e.article.doc_id in gone:
            saved.replaced.append((d, e.article.doc_id, gone[e.article.doc_id][1]))
        else:
            saved.added.append((d, e.article.doc_id, e.article.text))
    bump_generation(session)
    return saved


def save_and_queue(session: Session, entries: Sequence[Entry]) -> list[Outcome]:
    """:func:`save_articles`, then each stored document's story and the units its
    facts need recomputed, queued for fusion: as ``ingest`` stores one."""
    saved = save_articles(session, entries)
    changed = assign_stories(session, saved.added)
    texts = {e.article.doc_id: e.article.text for e in entries}
    for row_id, doc_id, old_story in saved.replaced:
        signature = store_signatures(session, [(row_id, texts[doc_id])])[row_id]
        changed |= join_story(session, row_id, doc_id, signature, old_story)
    queue_units(session, saved.old_units | units_of_documents(session, changed))
    return saved.outcomes


Write = Callable[[Callable[[Session], Any]], Any]


def save_only(session: Session, entries: Sequence[Entry]) -> list[Outcome]:
    """:func:`save_articles` without stories or queued units: for a bulk load, which
    fuses the whole store once at its end."""
    return save_articles(session, entries).outcomes


Save = Callable[[Session, Sequence[Entry]], list[Outcome]]


def _saving(save: Save, entries: Sequence[Entry]) -> Callable[[Session], list[Outcome]]:
    def work(session: Session) -> list[Outcome]:
        return save(session, entries)
    return work


def store_batch(write: Write, entries: Sequence[Entry],
                on_error: Callable[[Entry, Exception], None],
                save: Save = save_and_queue) -> list[Outcome | None]:
    """Store ``entries`` through ``write`` (a store's :meth:`~Store.write`): in one
    transaction, or, when that fails, one transaction per article; an article the
    store refuses gives None and ``on_error`` hears why."""
    if len(entries) > 1:
        try:
            return list(write(_saving(save, entries)))
        except Exception:  # find the article at fault: one transaction each
            pass
    outcomes: list[Outcome | None] = []
    for entry in entries:
        try:
            outcomes.append(write(_saving(save, [entry]))[0])
        except Exception as exc:
            on_error(entry, exc)
            outcomes.append(None)
    return outcomes
