"""Alerts that watches raised, newest first, and what each watch has taken in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from axiswatch.store.schema import WatchAlert, WatchItem


def _alert_statement(watch: str | None, rule: str | None, since: datetime | None) -> Select:
    stmt = select(WatchAlert)
    if watch:
        stmt = stmt.where(WatchAlert.watch == watch)
    if rule:
        stmt = stmt.where(WatchAlert.rule == rule)
    if since:
        stmt = stmt.where(WatchAlert.created >= since)
    return stmt


def find_alerts(session: Session, watch: str | None = None, rule: str | None = None,
                since: datetime | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
    stmt = _alert_statement(watch, rule, since)
    stmt = stmt.order_by(WatchAlert.created.desc(), WatchAlert.id).limit(limit).offset(offset)
    return [alert_row(r) for r in session.scalars(stmt)]


def count_alerts(session: Session, watch: str | None = None, rule: str | None = None,
                 since: datetime | None = None) -> int:
    """How many alerts :func:`find_alerts` would list without a limit."""
    stmt = _alert_statement(watch, rule, since).with_only_columns(WatchAlert.id)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def alert_row(row: WatchAlert) -> dict:
    payload = row.payload or {}
    return {"id": row.id, "watch": row.watch, "rule": row.rule,
            "created": row.created.isoformat(timespec="seconds") + "Z",
            "alert": payload.get("alert"), "message": payload.get("message"),
            "fact": payload.get("fact"), "series": payload.get("series"),
            "conflict": payload.get("id") if payload.get("alert") == "new_conflict" else None,
            "delivered": [d for d in row.delivered.split(",") if d],
            "payload": payload}


def watch_items(session: Session, watch: str | None = None, status: str | None = None,
                limit: int = 100, offset: int = 0) -> list[dict]:
    stmt = select(WatchItem)
    if watch:
        stmt = stmt.where(WatchItem.watch == watch)
    if status:
        stmt = stmt.where(WatchItem.status == status)
    stmt = stmt.order_by(WatchItem.seen_at.desc(), WatchItem.key).limit(limit).offset(offset)
    return [{"watch": r.watch, "source": r.source, "key": r.key, "status": r.status,
             "attempts": r.attempts, "doc": r.doc_id, "detail": r.detail,
             "seen": r.seen_at.isoformat(timespec="seconds") + "Z"}
            for r in session.scalars(stmt)]
