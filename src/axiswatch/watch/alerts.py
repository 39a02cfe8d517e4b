"""Deliver alerts from the store's outbox to the console, a JSONL file, a webhook.

An alert is written to ``watch_alerts`` in the same transaction as the rule
memory that found it, then delivered to each sink; a sink that fails (a
webhook that is down) keeps the alert pending, and the next poll, or the next
start, tries again. Each alert carries a stable ``id``, so a receiver can drop
the rare duplicate (a crash between writing a line and recording it).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

import httpx
from rich.console import Console
from rich.markup import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from axiswatch.store.schema import WatchAlert
from axiswatch.watch.config import AlertConfig


def alert_record(row: WatchAlert) -> dict:
    return {"id": row.id, "watch": row.watch, "rule": row.rule,
            "created": row.created.isoformat(timespec="seconds") + "Z", **row.payload}


class Sinks:
    def __init__(self, config: AlertConfig, console: Console, user_agent: str,
                 timeout: float = 10.0) -> None:
        self.config = config
        self.console = console
        self._client = httpx.Client(timeout=timeout, headers={"User-Agent": user_agent}) \
            if config.webhook else None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def names(self) -> list[str]:
        return [n for n, on in (("console", self.config.console), ("jsonl", self.config.jsonl),
                                ("webhook", self.config.webhook)) if on]

    def send(self, name: str, record: dict) -> None:
        """Deliver one alert to one sink; raise OSError or httpx.HTTPError on failure."""
        getattr(self, f"_{name}")(record)

    def _console(self, record: dict) -> None:
        evidence = record.get("evidence") or []
        first = evidence[0] if evidence else None
        line = f"[bold yellow]ALERT[/] [{escape(record['rule'])}] {escape(record['message'])}"
        if first and first.get("sentence"):
            line += (f"\n    “{escape(first['sentence'])}” ({escape(first.get('publisher') or '?')}"
                     f", {first.get('published') or 'undated'})")
        self.console.print(line)

    def _jsonl(self, record: dict) -> None:
        assert self.config.jsonl
        with open(self.config.jsonl, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def _webhook(self, record: dict) -> None:
        assert self._client is not None and self.config.webhook
        response = self._client.post(self.config.webhook, json=record)
        if response.status_code >= 300:
            raise httpx.HTTPStatusError(f"HTTP {response.status_code}", request=response.request,
                                        response=response)


def deliver(session_factory: Callable[[], Session], watch: str, sinks: Sinks) -> tuple[int, int]:
    """Deliver pending alerts; return (delivered, still pending)."""
    wanted = sinks.names()
    done = pending = 0
    with session_factory() as session:
        rows = session.scalars(select(WatchAlert).where(
            WatchAlert.watch == watch, WatchAlert.delivered != ",".join(sorted(wanted)))
            .order_by(WatchAlert.created, WatchAlert.id)).all()
        todo = [(r.id, alert_record(r), set(filter(None, r.delivered.split(","))))
                for r in rows if not set(wanted) <= set(filter(None, r.delivered.split(",")))]
    for alert_id, record, sent in todo:
        failed = False
        for name in wanted:
            if name in sent:
                continue
            try:
                sinks.send(name, record)
            except (OSError, httpx.HTTPError) as exc:
                failed = True
                sinks.console.print(f"[red]alert {alert_id} not delivered to {name}:[/] "
                                    f"{escape(str(exc))}; will retry")
                continue
            sent.add(name)
            with session_factory() as session, session.begin():
                row = session.get(WatchAlert, alert_id)
                if row is not None:
                    row.delivered = ",".join(sorted(sent))
        if failed:
            pending += 1
        else:
            done += 1
    return done, pending
