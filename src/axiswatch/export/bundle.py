"""Write a store, or a selection of its documents, as one bundle file.

A bundle is gzip-compressed JSON Lines (docs/bundle.md): a header line naming
the format and its version, one line per document holding the document with
its sentences, events, evidence and figures, and an end line with the counts
(a bundle without it was cut short). Documents are read a chunk at a time, so
memory stays bounded however large the store is. What fusion derives (stories,
facts, conflicts, edges) is not written: the importing store recomputes it.
"""

from __future__ import annotations

import gzip
import json
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, select, true
from sqlalchemy.orm import Session

from axiswatch import __version__
from axiswatch.query.events import EventFilter, event_statement
from axiswatch.query.facts import FactFilter, fact_statement
from axiswatch.query.filters import actor_clause
from axiswatch.store.bundle_read import FORMAT, VERSION
from axiswatch.store.database import Store
from axiswatch.store.schema import (
    Document,
    EventRow,
    EvidenceRow,
    FactRow,
    FigureRow,
    ItemRow,
    SentenceRow,
)

CHUNK = 200  # documents read and written at a time


@dataclass(frozen=True)
class BundleFilter:
    """Which documents go into a bundle: those named (all when none are), narrowed to
    those with an event among ``actors`` (one actor: it takes part; several: all
    parties among them)."""

    documents: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


Selection = BundleFilter | EventFilter | FactFilter | None


def _condition(filters: Selection) -> ColumnElement[bool]:
    """A condition on ``Document.id`` selecting the documents of ``filters``."""
    if filters is None:
        return true()
    if isinstance(filters, EventFilter):
        events = event_statement(filters).with_only_columns(EventRow.document_id)
        return Document.id.in_(events)
    if isinstance(filters, FactFilter):
        facts = fact_statement(filters).with_only_columns(FactRow.id)
        return Document.id.in_(select(EventRow.document_id).where(EventRow.fact_id.in_(facts)))
    conditions = []
    if filters.documents:
        conditions.append(Document.doc_id.in_(filters.documents))
    if filters.actors:
        actors = tuple(a.upper() for a in filters.actors)
        conditions.append(Document.id.in_(select(EventRow.document_id).where(
            actor_clause(EventRow.source_id, EventRow.target_id, actors))))
    return and_(*conditions) if conditions else true()


def _describe(filters: Selection) -> dict[str, Any] | None:
    if filters is None:
        return None
    described = {k: v for k, v in asdict(filters).items() if v not in (None, (), False, 0)}
    return {"kind": type(filters).__name__, **{k: list(v) if isinstance(v, tuple) else v
                                               for k, v in described.items()}}


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _sentences(session: Session, ids: list[int], texts: dict[int, str]
               ) -> tuple[dict[int, list[dict]], dict[int, int]]:
    """Each document's sentences in order, and each sentence row's index in its document."""
    rows = session.execute(
        select(SentenceRow.id, SentenceRow.document_id, SentenceRow.paragraph,
               SentenceRow.start, SentenceRow.end, SentenceRow.text)
        .where(SentenceRow.document_id.in_(ids))
        .order_by(SentenceRow.document_id, SentenceRow.position, SentenceRow.id))
    by_doc: dict[int, list[dict]] = defaultdict(list)
    index: dict[int, int] = {}
    for sid, did, paragraph, start, end, text in rows:
        record: dict[str, Any] = {"paragraph": paragraph, "start": start, "end": end}
        if texts[did][start:end] != text:  # kept only when it is not the text's slice
            record["text"] = text
        index[sid] = len(by_doc[did])
        by_doc[did].append(record)
    return by_doc, index


def _events(session: Session, ids: list[int], index: dict[int, int]) -> dict[int, list[dict]]:
    rows = session.execute(
        select(EventRow.id, EventRow.document_id, EventRow.type, EventRow.source_id,
               EventRow.target_id, ItemRow.category, ItemRow.name, EventRow.quantity_value,
               EventRow.quantity_high, EventRow.quantity_unit, EventRow.quantity_approx,
               EventRow.when, EventRow.status, EventRow.attribution, EventRow.certainty,
               EventRow.score)
        .outerjoin(ItemRow, EventRow.item_id == ItemRow.id)
        .where(EventRow.document_id.in_(ids)).order_by(EventRow.document_id, EventRow.id))
    events: dict[int, dict] = {}
    by_doc: dict[int, list[dict]] = defaultdict(list)
    for (eid, did, type_, source, target, category, name, value, high, unit, approx, when,
         status, attribution, certainty, score) in rows:
        record = {
            "type": type_, "source": source, "target": target,
            "item": {"category": category, "name": name} if category is not None else None,
            "quantity": ({"value": value, "high": high, "unit": unit, "approx": bool(approx)}
                         if value is not None and unit is not None else None),
            "when": when, "status": status, "attribution": attribution,
            "certainty": certainty, "score": score, "evidence": [], "figures": []}
        events[eid] = record
        by_doc[did].append(record)
    in_chunk = select(EventRow.id).where(EventRow.document_id.in_(ids))
    for eid, sid, start, end, trigger in session.execute(
            select(EvidenceRow.event_id, EvidenceRow.sentence_id, EvidenceRow.start,
                   EvidenceRow.end, EvidenceRow.trigger)
            .where(EvidenceRow.event_id.in_(in_chunk)).order_by(EvidenceRow.id)):
        events[eid]["evidence"].append(
            {"sentence": index[sid], "start": start, "end": end, "trigger": trigger})
    for eid, value, high, unit, approx, bound, when, start, end in session.execute(
            select(FigureRow.event_id, FigureRow.value, FigureRow.high, FigureRow.unit,
                   FigureRow.approx, FigureRow.bound, FigureRow.when, FigureRow.start,
                   FigureRow.end)
            .where(FigureRow.event_id.in_(in_chunk)).order_by(FigureRow.id)):
        events[eid]["figures"].append(
            {"value": value, "high": high, "unit": unit, "approx": bool(approx),
             "bound": bound, "when": when, "start": start, "end": end})
    return by_doc


def _chunk_records(session: Session, ids: list[int]) -> Iterator[dict]:
    docs = session.execute(
        select(Document.id, Document.doc_id, Document.title, Document.origin,
               Document.published, Document.content_hash, Document.text, Document.publisher,
               Document.url, Document.language, Document.ingested_at)
        .where(Document.id.in_(ids)).order_by(Document.id)).all()
    sentences, index = _sentences(session, ids, {d.id: d.text for d in docs})
    events = _events(session, ids, index)
    for d in docs:
        yield {"kind": "document", "doc_id": d.doc_id, "title": d.title, "origin": d.origin,
               "published": _iso(d.published), "content_hash": d.content_hash,
               "publisher": d.publisher, "url": d.url, "language": d.language,
               "ingested_at": _iso(d.ingested_at), "text": d.text,
               "sentences": sentences.get(d.id, []), "events": events.get(d.id, [])}


def document_records(store: Store, filters: Selection = None) -> Iterator[dict]:
    """The bundle records of the selected documents, in the order they were stored,
    read :data:`CHUNK` documents at a time."""
    condition = _condition(filters)
    last = 0
    while True:
        with store.session() as session:
            ids = list(session.scalars(select(Document.id).where(Document.id > last, condition)
                                       .order_by(Document.id).limit(CHUNK)))
            if not ids:
                return
            records = list(_chunk_records(session, ids))
        last = ids[-1]
        yield from records


def _line(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            + "\n").encode("utf-8")


def write_bundle(store: Store, path: Path, filters: Selection = None) -> int:
    """Write the documents ``filters`` selects (None: all) with their sentences, events,
    evidence and figures to ``path`` as a bundle; return how many documents. The file
    appears whole or not at all (it is written beside ``path`` and then renamed)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    header = {"kind": "header", "format": FORMAT, "version": VERSION,
              "created": datetime.now(UTC).isoformat(timespec="seconds"),
              "axiswatch": __version__, "filter": _describe(filters)}
    documents = events = 0
    try:
        with gzip.open(tmp, "wb", compresslevel=6) as out:
            out.write(_line(header))
            for record in document_records(store, filters):
                out.write(_line(record))
                documents += 1
                events += len(record["events"])
            out.write(_line({"kind": "end", "documents": documents, "events": events}))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return documents
