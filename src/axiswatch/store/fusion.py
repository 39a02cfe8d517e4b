"""Keep the store's fused view (stories, facts, conflicts) in step with its events.

:func:`update_after_save` runs in the transaction that stores an article: it
finds the article's story, then recomputes only the units (type and pair of
actors) that the article, its story's other copies, or a replaced version of
it touch. :func:`fuse_all` recomputes everything from scratch; both give the
same result, because every fused thing is a function of its unit's events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import cast

import numpy as np
from sqlalchemy import (
    Connection,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from axiswatch.fuse.claims import Claim, FigurePoint, unit_of
from axiswatch.fuse.near_duplicates import band_keys, from_bytes, same_story, signature, to_bytes
from axiswatch.fuse.stories import group_stories
from axiswatch.fuse.unit import Fused, fuse
from axiswatch.store.bulk import update_column
from axiswatch.store.generation import bump_generation, lock_writes
from axiswatch.store.schema import (
    Base,
    ConflictRow,
    Document,
    DocumentBand,
    EdgeRow,
    EventRow,
    FactRow,
    FigureRow,
    ItemRow,
    PendingUnit,
)
from axiswatch.store.writer import Saved

Progress = Callable[[str, int, int], None]


def _unit_condition(units: Iterable[str]):
    clauses = []
    for unit in units:
        type_, a, b = unit.split("|")
        target_a = EventRow.target_id.is_(None) if not a else EventRow.target_id == a
        target_b = EventRow.target_id.is_(None) if not b else EventRow.target_id == b
        clauses.append(and_(EventRow.type == type_, or_(
            and_(EventRow.source_id == a, target_b), and_(EventRow.source_id == b, target_a))))
    return or_(*clauses)


def _restrict(stmt: Select, units: set[str] | None) -> Select:
    return stmt if units is None else stmt.where(_unit_condition(units))


def load_claims(session: Session, units: set[str] | None) -> list[Claim]:
    stmt = (select(EventRow.id, Document.doc_id, Document.story_id, Document.publisher,
                   Document.published, EventRow.type, EventRow.source_id, EventRow.target_id,
                   ItemRow.category, EventRow.when, EventRow.certainty, EventRow.status,
                   EventRow.attribution, EventRow.score)
            .join(Document, EventRow.document_id == Document.id)
            .outerjoin(ItemRow, EventRow.item_id == ItemRow.id))
    return [Claim(r[0], r[1], r[2] or r[1], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                  r[11], r[12], r[13]) for r in session.execute(_restrict(stmt, units))]


def load_points(session: Session, units: set[str] | None, where=()) -> list[FigurePoint]:
    """Figure points of ``units`` (None: all), narrowed by extra SQL conditions."""
    stmt = (select(EventRow.id, Document.doc_id, Document.story_id, Document.publisher,
                   Document.published, EventRow.type, EventRow.source_id, EventRow.target_id,
                   ItemRow.category, FigureRow.when, FigureRow.value, FigureRow.high,
                   FigureRow.unit, FigureRow.approx, FigureRow.bound, EventRow.certainty,
                   EventRow.attribution)
            .join(EventRow, FigureRow.event_id == EventRow.id)
            .join(Document, EventRow.document_id == Document.id)
            .outerjoin(ItemRow, EventRow.item_id == ItemRow.id))
    return [FigurePoint(r[0], r[1], r[2] or r[1], *r[3:]) for r in
            session.execute(_restrict(stmt, units).where(*where))]


@dataclass
class _Rows:
    facts: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    assignments: list[dict] = field(default_factory=list)


def _collect(rows: _Rows, unit: str, fused: Fused) -> None:
    facts = [{
        "id": f.id, "unit": unit, "type": f.type, "source_id": f.source, "target_id": f.target,
        "item_category": f.category, "anchor": f.anchor,
        "day": f.anchor if f.anchor not in ("", "undated") else f.support.period_start,
        "edge_id": edge_id(f.source, f.target, f.type, f.category) if f.target else None,
        "period_start": f.support.period_start, "period_end": f.support.period_end,
        "first_reported": f.support.first_reported, "last_reported": f.support.last_reported,
        "events": len(f.claims), "documents": f.support.documents,
        "sources": f.support.sources, "denials": f.support.denials,
        "strongest": f.support.strongest, "weakest": f.support.weakest,
        "confidence": f.support.confidence, "contested": False,
        "attributions": list(f.support.attributions), "publishers": list(f.support.publishers),
        "statuses": list(f.support.statuses)} for f in fused.facts]
    contested = {c.fact_id for c in fused.conflicts}
    for row in facts:
        row["contested"] = row["id"] in contested
    rows.facts.extend(facts)
    rows.edges.extend(edge_rows(unit, facts))
    rows.conflicts.extend({
        "id": c.id, "unit": unit, "kind": c.kind, "fact_id": c.fact_id, "type": c.type,
        "source_id": c.source, "target_id": c.target, "item_category": c.category,
        "unit_name": c.unit, "period": c.period, "detail": c.detail,
        "stating": list(c.stating), "contrary": list(c.contrary)} for c in fused.conflicts)
    rows.assignments.extend({"eid": c.event_id, "fid": f.id} for f in fused.facts
                            for c in f.claims)


def edge_id(source: str, target: str, type_: str, category: str | None) -> str:
    return f"{source}>{target}:{type_}:{category or ''}"


def edge_rows(unit: str, facts: list[dict]) -> list[dict]:
    """Facts between two actors grouped by source, target, type and category: one graph
    edge each, as wide as its best-supported fact, opening that fact when clicked."""
    edges: dict[tuple, dict] = {}
    for f in sorted(facts, key=lambda f: (-f["sources"], -f["confidence"], f["id"])):
        if not f["target_id"]:
            continue
        key = (f["source_id"], f["target_id"], f["type"], f["item_category"])
        edge = edges.get(key)
        if edge is None:  # the first is the best supported
            edges[key] = {
                "id": f["edge_id"], "unit": unit,
                "source_id": key[0], "target_id": key[1], "type": key[2],
                "item_category": key[3], "fact_id": f["id"], "facts": 1,
                "sources": f["sources"], "confidence": f["confidence"],
                "contested": f["contested"], "period_start": f["period_start"],
                "period_end": f["period_end"]}
            continue
        edge["facts"] += 1
        edge["contested"] = edge["contested"] or f["contested"]
        for name, pick in (("period_start", min), ("period_end", max)):
            known = [v for v in (edge[name], f[name]) if v]
            edge[name] = pick(known) if known else None
    return list(edges.values())


def _by_unit(claims: list[Claim], points: list[FigurePoint]) -> dict[str, tuple[list, list]]:
    grouped: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for c in claims:
        grouped[unit_of(c.type, c.source, c.target)][0].append(c)
    for p in points:
        grouped[unit_of(p.type, p.source, p.target)][1].append(p)
    return grouped


def _upsert(connection: Connection, model: type[Base], rows: list[dict]) -> None:
    """Insert ``rows`` into ``model``'s table; a row whose key is there already is
    overwritten, so writing the same fused rows twice is writing them once."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    dialects = {"postgresql": postgresql, "sqlite": sqlite}
    dialect = dialects.get(connection.dialect.name)
    if dialect is None:
        connection.execute(insert(table), rows)
        return
    stmt = dialect.insert(table)
    keys = [c.name for c in table.primary_key]
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_={
        c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys})
    connection.execute(stmt, rows)


def refuse_units(session: Session, units: set[str] | None,
                 progress: Progress | None = None) -> int:
    """Recompute the facts and conflicts of ``units`` (None: all). Return the fact count."""
    if units is not None and not units:
        return 0
    lock_writes(session)
    for table in (ConflictRow, FactRow, EdgeRow):
        if units is None:
            session.execute(delete(table))
        else:
            session.execute(delete(table).where(table.unit.in_(units)))
    grouped = _by_unit(load_claims(session, units), load_points(session, units))
    rows = _Rows()
    for i, unit in enumerate(sorted(grouped)):
        claims, points = grouped[unit]
        _collect(rows, unit, fuse(claims, points))
        if progress and i % 200 == 0:
            progress("fusing", i, len(grouped))
    connection = session.connection()  # plain statements: no ORM bookkeeping per row
    _upsert(connection, FactRow, rows.facts)
    _upsert(connection, ConflictRow, rows.conflicts)
    _upsert(connection, EdgeRow, rows.edges)
    update_column(session, EventRow, "id", "fact_id",
                  [(a["eid"], a["fid"]) for a in rows.assignments], ("integer", "varchar(16)"))
    bump_generation(session)
    session.expire_all()
    return len(rows.facts)


def store_signatures(session: Session, docs: list[tuple[int, str]]) -> dict[int, np.ndarray]:
    """Compute and keep the signatures and LSH band keys of ``(row id, text)`` pairs;
    return the signatures by row id."""
    if not docs:
        return {}
    signatures = {row_id: signature(text) for row_id, text in docs}
    connection = session.connection()  # plain statements: no ORM bookkeeping per row
    ids = list(signatures)
    for i in range(0, len(ids), 500):
        connection.execute(delete(DocumentBand).where(DocumentBand.document_id.in_(ids[i:i + 500])))
    documents = cast(Table, Document.__table__)
    connection.execute(update(documents).where(documents.c.id == bindparam("rid"))
                       .values(signature=bindparam("sig")),
                       [{"rid": i, "sig": to_bytes(sig)} for i, sig in signatures.items()])
    connection.execute(insert(cast(Table, DocumentBand.__table__)),
                       [{"band": k, "document_id": i} for i, sig in signatures.items()
                        for k in sorted(set(band_keys(sig)))])
    return signatures


def _relabel(session: Session, groups: dict[str, str], current: dict[str, str | None]) -> set[str]:
    changed = {d for d, story in groups.items() if current.get(d) != story}
    if changed:
        update_column(session, Document, "doc_id", "story_id",
                      [(d, groups[d]) for d in sorted(changed)], ("text", "text"))
        session.expire_all()
    return changed


def assign_story(session: Session, doc: Document, old_story: str | None = None) -> set[str]:
    """Give ``doc`` its story and merge the stories it joins. Return the doc ids
    whose story changed (those whose facts' independent-source counts may move)."""
    session.flush()
    mine = store_signatures(session, [(doc.id, doc.text)])[doc.id]
    changed = join_story(session, doc.id, doc.doc_id, mine, old_story)
    session.expire(doc, ["story_id", "signature"])
    return changed


def assign_stories(session: Session, docs: list[tuple[int, str, str]]) -> set[str]:
    """:func:`assign_story` for new documents given as ``(row id, doc id, text)``,
    their signatures computed and kept in one go. The stories come out as they
    would one document at a time: each is the least doc id of its group."""
    signatures = store_signatures(session, [(row_id, text) for row_id, _d, text in docs])
    changed: set[str] = set()
    for row_id, doc_id, _text in docs:
        changed |= join_story(session, row_id, doc_id, signatures[row_id])
    return changed


def join_story(session: Session, row_id: int, doc_id: str, mine: np.ndarray,
               old_story: str | None = None) -> set[str]:
    """Put the document (its signature stored already) in the story of the stored
    documents it is a copy of, merging those stories; return the doc ids whose
    story changed."""
    keys = band_keys(mine)
    candidates = session.execute(
        select(Document.doc_id, Document.story_id, Document.signature)
        .where(Document.id.in_(select(DocumentBand.document_id)
                               .where(DocumentBand.band.in_(keys))), Document.id != row_id)
    ).all()
    stories = {story or d for d, story, sig in candidates
               if sig is not None and same_story(mine, from_bytes(sig))}
    if old_story:
        # a replaced version may have held its old story together: regroup that story
        # (and what the new version joins) as a full run would
        members = session.execute(
            select(Document.doc_id, Document.story_id, Document.signature)
            .where(or_(Document.story_id.in_(stories | {old_story}), Document.id == row_id))
        ).all()
        current = {d: s for d, s, _ in members}
        current[doc_id] = None
        groups = group_stories((d, from_bytes(sig)) for d, _, sig in members
                               if sig is not None)
        return _relabel(session, groups, current)
    story = min(stories | {doc_id})
    session.execute(update(Document).where(Document.id == row_id).values(story_id=story)
                    .execution_options(synchronize_session=False))
    changed = {doc_id}
    merged = sorted(stories - {story})
    if merged:  # the new document links stories that were apart
        changed |= set(session.scalars(select(Document.doc_id)
                                       .where(Document.story_id.in_(merged))))
        session.execute(update(Document).where(Document.story_id.in_(merged))
                        .values(story_id=story).execution_options(synchronize_session=False))
    return changed


def units_of_documents(session: Session, doc_ids: set[str]) -> set[str]:
    if not doc_ids:
        return set()
    rows = session.execute(select(EventRow.type, EventRow.source_id, EventRow.target_id)
                           .join(Document, EventRow.document_id == Document.id)
                           .where(Document.doc_id.in_(doc_ids)).distinct())
    return {unit_of(t, s, g) for t, s, g in rows}


def update_after_save(session: Session, saved: Saved) -> set[str]:
    """Find the story of a just-saved document and queue the units to recompute.

    Runs in the transaction that saves the document, so a document is never
    stored without its story and its queued units; :func:`process_pending`
    recomputes them (after each document, or once per batch when many arrive).
    """
    if saved.document is None or saved.outcome.value == "unchanged":
        return set()
    changed = assign_story(session, saved.document, saved.old_story)
    return queue_units(session, saved.old_units | units_of_documents(session, changed))


def queue_units(session: Session, units: set[str]) -> set[str]:
    """Queue ``units`` for :func:`process_pending` (once each)."""
    known = set(session.scalars(select(PendingUnit.unit).where(PendingUnit.unit.in_(units))))
    session.add_all(PendingUnit(unit=u) for u in sorted(units - known))
    session.flush()
    return units


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(PendingUnit)) or 0


def process_pending(session: Session) -> int:
    """Recompute the queued units; return how many there were.

    Nothing is written when nothing is queued. Otherwise the units are taken off
    the queue under the write lock, before their events are read: a unit queued
    again by a writer after this one is left for the next run, and two runs at
    the same time never recompute (and write) the same unit.
    """
    if not session.scalar(select(exists().where(PendingUnit.unit.is_not(None)))):
        return 0
    lock_writes(session)
    units = set(session.scalars(delete(PendingUnit).returning(PendingUnit.unit)))
    refuse_units(session, units)
    return len(units)


def fuse_all(session: Session, progress: Progress | None = None) -> int:
    """Recompute signatures that are missing, all stories and all facts."""
    lock_writes(session)
    missing = session.execute(select(Document.id, Document.text)
                              .where(Document.signature.is_(None))).all()
    for i in range(0, len(missing), 1000):
        store_signatures(session, [(r, t) for r, t in missing[i:i + 1000]])
        if progress:
            progress("signatures", i, len(missing))
    rows = session.execute(select(Document.doc_id, Document.story_id, Document.signature)).all()
    groups = group_stories((d, from_bytes(cast(bytes, sig))) for d, _, sig in rows)  # all signed
    _relabel(session, groups, {d: s for d, s, _ in rows})
    session.execute(delete(PendingUnit))
    return refuse_units(session, None, progress)
