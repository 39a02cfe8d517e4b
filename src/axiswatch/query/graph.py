"""The network of who does what to whom: actors as nodes, flows as directed edges.

An edge joins two actors for one event type and item category; it stands for
all the facts with that key that pass the filter (a summit a year, say), is as
wide as its best-supported fact's independent sources, and opens that fact
when clicked. Only the ``limit`` best-supported edges are returned: beyond a
few hundred a drawing is unreadable anyway, and ``total_edges`` says how many
there were.
"""

from __future__ import annotations

from sqlalchemy import Integer, func, select
from sqlalchemy.orm import Session

from axiswatch.query.facts import FactFilter, fact_statement
from axiswatch.query.filters import party_conditions
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
    stmt = select(EdgeRow).where(*party_conditions(
        f, EdgeRow.type, EdgeRow.source_id, EdgeRow.target_id, EdgeRow.item_category))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.execute(stmt.with_only_columns(
        EdgeRow.id, EdgeRow.fact_id, EdgeRow.source_id, EdgeRow.target_id, EdgeRow.type,
        EdgeRow.item_category, EdgeRow.facts, EdgeRow.sources, EdgeRow.confidence,
        EdgeRow.contested, EdgeRow.period_start, EdgeRow.period_end)
        .order_by(EdgeRow.sources.desc(), EdgeRow.confidence.desc(), EdgeRow.id).limit(limit))
    return [{"id": e.id, "fact": e.fact_id, "source": e.source_id, "target": e.target_id,
             "type": e.type, "category": e.item_category, "facts": e.facts,
             "sources": e.sources, "confidence": e.confidence, "contested": e.contested,
             "period_start": e.period_start, "period_end": e.period_end} for e in rows], total


def edges_from_facts(session: Session, f: FactFilter, limit: int) -> tuple[list[dict], int]:
    """Edges aggregated in SQL from the facts passing ``f``: grouped on the indexed
    ``edge_id``, the best-supported ``limit`` first, then the best fact of each."""
    facts = fact_statement(f).where(FactRow.edge_id.is_not(None))
    groups = (facts.with_only_columns(
        FactRow.edge_id, func.count().label("facts"), func.max(FactRow.sources).label("sources"),
        func.max(FactRow.confidence).label("confidence"),
        func.max(FactRow.contested.cast(Integer)).label("contested"),
        func.min(FactRow.period_start).label("period_start"),
        func.max(FactRow.period_end).label("period_end"))
        .group_by(FactRow.edge_id))
    # one aggregation: the groups are edges (a few thousand at most), so counting them
    # in a second query would cost as much again as reading them all
    every = session.execute(groups.order_by(func.max(FactRow.sources).desc(),
                                            func.max(FactRow.confidence).desc(),
                                            FactRow.edge_id)).all()
    total = len(every)
    rows = every[:limit]
    best: dict[str | None, str] = {}
    if rows:
        # each edge's best-supported fact, chosen in SQL (one row per edge comes back)
        rank = func.row_number().over(
            partition_by=FactRow.edge_id,
            order_by=(FactRow.sources.desc(), FactRow.confidence.desc(), FactRow.id)).label("rank")
        ranked = facts.where(FactRow.edge_id.in_([r.edge_id for r in rows])) \
            .with_only_columns(FactRow.edge_id, FactRow.id, rank).subquery()
        best = dict(session.execute(select(ranked.c.edge_id, ranked.c.id)
                                    .where(ranked.c.rank == 1)).all())
    # plain columns, not ORM objects: building 300 EdgeRow instances costs more than the query
    kept = {e.id: e for e in session.execute(
        select(EdgeRow.id, EdgeRow.source_id, EdgeRow.target_id, EdgeRow.type,
               EdgeRow.item_category).where(EdgeRow.id.in_([r.edge_id for r in rows])))}
    edges = []
    for r in rows:
        e = kept.get(r.edge_id)
        if e is None:  # fusion keeps an edge for every edge_id; skip one mid-update
            continue
        edges.append({
            "id": r.edge_id, "fact": best[r.edge_id], "source": e.source_id,
            "target": e.target_id, "type": e.type, "category": e.item_category,
            "facts": r.facts, "sources": r.sources, "confidence": r.confidence,
            "contested": bool(r.contested), "period_start": r.period_start,
            "period_end": r.period_end})
    return edges, total
