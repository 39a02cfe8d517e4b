"""The network of who does what to whom: actors as nodes, flows as directed edges.

An edge joins two actors for one event type and item category; it stands for
all the facts with that key that pass the filter (a summit a year, say), is as
wide as its best-supported fact's independent sources, and opens that fact
when clicked. Only the ``limit`` best-supported edges are returned: beyond a
few hundred a drawing is unreadable anyway, and ``total_edges`` says how many
there were.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from axiswatch.query.facts import FactFilter, fact_statement
from axiswatch.store.schema import Actor, EdgeRow, FactRow


def graph_data(session: Session, f: FactFilter, limit: int = 300) -> dict:
    """The ``limit`` best-supported edges among facts passing ``f``, and their actors."""
    if f.since or f.until or f.certainty or f.min_sources or f.document or f.contested:
        edges, total = edges_from_facts(session, f, limit)
    else:  # every fact of an edge passes: read the edges fusion keeps
        edges, total = kept_edges(session, f, limit)
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    actors = {a.id: a for a in session.scalars(select(Actor).where(Actor.id.in_(ids)))}
    nodes = [{"id": i, "name": actors[i].name if i in actors else i,
              "kind": actors[i].kind if i in actors else "state"} for i in ids]
    return {"nodes": nodes, "edges": edges, "total_edges": total}


def kept_edges(session: Session, f: FactFilter, limit: int) -> tuple[list[dict], int]:
    stmt = select(EdgeRow)
    if f.type:
        stmt = stmt.where(EdgeRow.type == f.type)
    if f.item:
        stmt = stmt.where(EdgeRow.item_category == f.item.lower())
    if f.source:
        stmt = stmt.where(EdgeRow.source_id == f.source.upper())
    if f.target:
        stmt = stmt.where(EdgeRow.target_id == f.target.upper())
    if f.actors:
        ids = [a.upper() for a in f.actors]
        stmt = stmt.where(or_(EdgeRow.source_id == ids[0], EdgeRow.target_id == ids[0])
                          if len(ids) == 1 else
                          EdgeRow.source_id.in_(ids) & EdgeRow.target_id.in_(ids))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(EdgeRow.sources.desc(), EdgeRow.confidence.desc(),
                                         EdgeRow.id).limit(limit))
    return [{"id": e.id, "fact": e.fact_id, "source": e.source_id, "target": e.target_id,
             "type": e.type, "category": e.item_category, "facts": e.facts,
             "sources": e.sources, "confidence": e.confidence, "contested": e.contested,
             "period_start": e.period_start, "period_end": e.period_end} for e in rows], total


def edges_from_facts(session: Session, f: FactFilter, limit: int) -> tuple[list[dict], int]:
    stmt = (fact_statement(f).where(FactRow.target_id.is_not(None))
            .with_only_columns(FactRow.source_id, FactRow.target_id, FactRow.type,
                               FactRow.item_category, FactRow.id, FactRow.sources,
                               FactRow.confidence, FactRow.contested, FactRow.period_start,
                               FactRow.period_end))
    groups: dict[tuple, dict] = {}
    for source, target, type_, category, fid, sources, confidence, contested, start, end \
            in session.execute(stmt):  # one pass; a few thousand rows at most per filter
        edge = groups.get((source, target, type_, category))
        if edge is None:
            groups[(source, target, type_, category)] = {
                "id": f"{source}>{target}:{type_}:{category or ''}", "fact": fid,
                "source": source, "target": target, "type": type_, "category": category,
                "facts": 1, "sources": sources, "confidence": confidence,
                "contested": bool(contested), "period_start": start, "period_end": end,
                "_best": (sources, confidence, _neg(fid))}
            continue
        edge["facts"] += 1
        edge["sources"] = max(edge["sources"], sources)
        edge["confidence"] = max(edge["confidence"], confidence)
        edge["contested"] = edge["contested"] or bool(contested)
        if start and (edge["period_start"] is None or start < edge["period_start"]):
            edge["period_start"] = start
        if end and (edge["period_end"] is None or end > edge["period_end"]):
            edge["period_end"] = end
        if (sources, confidence, _neg(fid)) > edge["_best"]:
            edge["fact"], edge["_best"] = fid, (sources, confidence, _neg(fid))
    ranked = sorted(groups.values(), key=lambda e: (-e["sources"], -e["confidence"], e["id"]))
    edges = ranked[:limit]
    for e in edges:
        del e["_best"]
    return edges, len(groups)


def _neg(fact_id: str) -> tuple:
    """Order fact ids so that the smallest compares greatest (ties go to it)."""
    return tuple(-ord(c) for c in fact_id)
