"""The network of who does what to whom: actors as nodes, facts as directed edges."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from axiswatch.query.facts import FactFilter, fact_statement
from axiswatch.store.schema import Actor, FactRow

_EDGE_COLUMNS = (FactRow.id, FactRow.source_id, FactRow.target_id, FactRow.type,
                 FactRow.item_category, FactRow.sources, FactRow.confidence, FactRow.contested,
                 FactRow.strongest, FactRow.period_start, FactRow.period_end)
_EDGE_KEYS = ("id", "source", "target", "type", "category", "sources", "confidence",
              "contested", "strongest", "period_start", "period_end")


def graph_data(session: Session, f: FactFilter) -> dict:
    """Facts between two actors that pass ``f`` as edges; the actors they join as nodes."""
    stmt = (fact_statement(f).where(FactRow.target_id.is_not(None))
            .with_only_columns(*_EDGE_COLUMNS).order_by(FactRow.id))
    edges = [dict(zip(_EDGE_KEYS, row, strict=True)) for row in session.execute(stmt)]
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    actors = {a.id: a for a in session.scalars(select(Actor).where(Actor.id.in_(ids)))}
    nodes = [{"id": i, "name": actors[i].name if i in actors else i,
              "kind": actors[i].kind if i in actors else "state"} for i in ids]
    return {"nodes": nodes, "edges": edges}
