"""The watch loop: poll sources, take in what is new, fuse, alert.

One poll:

1. each rule that has never run remembers what the store holds (its baseline);
2. each feed is fetched again (conditionally) and each folder listed; an entry
   or file not yet taken in is read, extracted and stored, and marked taken
   in the same transaction as its (last) article, so a watch killed at any
   point neither loses nor repeats an article when it starts again;
3. the facts the new articles touched are recomputed;
4. each rule compares what it observes with what it remembers; new things
   become alerts, written to the outbox in the transaction that updates the
   memory;
5. pending alerts are delivered to the console, the JSONL file, the webhook.

A transient failure (a feed or page that timed out, a server error) is tried
again at the next poll, up to ``MAX_ATTEMPTS`` times; anything else is
recorded as failed with its reason and not tried again.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import select
from sqlalchemy.orm import Session

from axiswatch.ingest import IngestError, read_article
from axiswatch.ingest.feed import Feed, FeedEntry, parse_feed
from axiswatch.ingest.fetch import FEED_TYPES, Fetcher, FetchError
from axiswatch.ingest.sources import Sources
from axiswatch.model import Article
from axiswatch.nlp.parser import ModelMissing
from axiswatch.pipeline import Extractor, entry_of
from axiswatch.store.batch_writer import save_and_queue
from axiswatch.store.database import Store
from axiswatch.store.fusion import process_pending
from axiswatch.store.schema import WatchAlert, WatchItem, WatchMemory
from axiswatch.watch.alerts import Sinks, deliver
from axiswatch.watch.config import RuleConfig, SourceConfig, WatchConfig
from axiswatch.watch.rules import changes, observe

MAX_ATTEMPTS = 3
BATCH = 16  # found items read, then extracted together
SETTLE_SECONDS = 1.0  # a file changed more recently than this waits for the next poll
_BASELINE = ""  # the memory key that says a rule has taken its baseline


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class PollReport:
    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    retrying: int = 0
    alerts: int = 0
    pending_alerts: int = 0
    lines: list[str] = field(default_factory=list)


# A unit of work found in a source: its key and how to read its articles.
# a found item and how to read it (files may come back as paths, made articles later)
Found = tuple[str, Callable[[], list[Path | Article | IngestError]]]


class Watcher:
    def __init__(self, config: WatchConfig, console: Console | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.console = console or Console(stderr=True, highlight=False)
        self.store = Store(config.db)
        self.fetcher = Fetcher(config.fetch)
        self.sinks = Sinks(config.alerts, self.console, config.fetch.user_agent)
        self.extractor = Extractor(config.workers)
        self.stopping = False
        self._sleep = sleep

    def _progress(self) -> Progress:
        return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=self.console, transient=True,
                        disable=not self.console.is_terminal)

    def close(self) -> None:
        self.extractor.close()
        self.fetcher.close()
        self.sinks.close()
        self.store.close()

    # -- the loop --------------------------------------------------------

    def run(self, polls: int | None = None) -> None:
        """Poll every ``interval`` seconds until stopped (or ``polls`` polls)."""
        done = 0
        self._deliver()  # what a previous run found but could not deliver
        while not self.stopping:
            report = self.poll()
            done += 1
            self.console.print(
                f"[dim]{_now().isoformat(timespec='seconds')}[/] poll {done}: "
                f"{report.stored} stored, {report.unchanged} unchanged, {report.failed} failed, "
                f"{report.retrying} to retry; {report.alerts} alert(s)"
                + (f", {report.pending_alerts} undelivered" if report.pending_alerts else ""))
            if polls is not None and done >= polls:
                break
            deadline = time.monotonic() + self.config.interval
            while not self.stopping and time.monotonic() < deadline:
                self._sleep(min(0.2, max(0.0, deadline - time.monotonic())))

    def poll(self) -> PollReport:
        report = PollReport()
        self._take_baselines()
        with self._progress() as progress:
            for source in self.config.sources:
                if self.stopping:
                    break
                task = progress.add_task(source.location[-60:], total=None)
                batch: list[Found] = []
                running: Running | None = None  # extracting while the batch before is stored
                for found in self._found(source, report):
                    batch.append(found)
                    if len(batch) >= BATCH:
                        started = self._begin(batch)
                        if running is not None:
                            self._finish(source, running, report)
                            progress.advance(task, len(running.read))
                        running, batch = started, []
                    if self.stopping:
                        break
                if batch and not self.stopping:
                    started = self._begin(batch)
                    if running is not None:
                        self._finish(source, running, report)
                        progress.advance(task, len(running.read))
                    running = started
                if running is not None:
                    self._finish(source, running, report)
                    progress.advance(task, len(running.read))
        with self.store.session() as session, session.begin():
            process_pending(session)
        report.alerts = self._evaluate()
        _done, report.pending_alerts = self._deliver()
        return report

    # -- sources ---------------------------------------------------------

    def _sources(self, source: SourceConfig) -> Sources:
        return Sources(fmt=source.format, fields=source.fields, fetcher=self.fetcher,
                       follow_links=source.follow_links)

    def _status(self, source: SourceConfig) -> dict[str, WatchItem]:
        with self.store.session() as session:
            rows = session.scalars(select(WatchItem).where(
                WatchItem.watch == self.config.name, WatchItem.source == source.location[:500]))
            return {r.key: r for r in rows}

    def _found(self, source: SourceConfig, report: PollReport) -> Iterator[Found]:
        known = self._status(source)

        def wanted(key: str) -> bool:
            row = known.get(key[:700])
            return row is None or row.status == "retry"

        reader = self._sources(source)
        if source.kind == "feed":
            try:
                response = self.fetcher.fetch(source.location, kinds=FEED_TYPES | {"text/html"},
                                              refresh=True)
                feed = parse_feed(response.body, source.location)
            except (FetchError, IngestError) as exc:
                self._warn(f"{source.location}: {exc.reason}")
                return
            for warning in feed.warnings:
                self._warn(f"{source.location}: {warning}")
            for entry in feed.entries:
                if wanted(entry.key):
                    yield entry.key, partial(_entry_items, reader, feed, entry)
            return
        root = Path(source.location)
        for path in reader.files([source.location]):
            assert isinstance(path, Path)
            try:
                stat = path.stat()
            except OSError:
                continue  # gone since it was listed
            if time.time() - stat.st_mtime < SETTLE_SECONDS:
                continue  # still being written, perhaps: taken at the next poll
            key = f"{path.relative_to(root).as_posix()}|{stat.st_size}|{stat.st_mtime_ns}"
            if wanted(key):
                yield key, partial(_file_items, reader, path)

    # -- taking items in -------------------------------------------------

    def _begin(self, batch: list[Found]) -> Running:
        """Read a batch of found items and start extracting all their articles at once
        (on the extractor's workers, while the batch before is stored)."""
        read = [(key, self._read(key, reader)) for key, reader in batch]
        articles = [a for _, items in read for a in items if isinstance(a, Article)]
        try:
            return Running(read, articles, self.extractor.start(articles))
        except ModelMissing:
            raise
        except Exception:  # the workers could not take them: _finish tries one at a time
            return Running(read, articles, None)

    def _finish(self, source: SourceConfig, running: Running, report: PollReport) -> None:
        """Wait for a batch's events, then store its articles."""
        read, articles = running.read, running.articles
        events: list[list | IngestError]
        try:
            if running.events is None:
                raise RuntimeError("extraction did not start")
            events = list(running.events())
        except ModelMissing:
            raise
        except Exception:  # find the article that breaks extraction: one at a time
            events = [self._events_or_error(article) for article in articles]
        found = iter(events)
        taken: list[tuple[str, list[tuple[Article, list]], list[IngestError]]] = []
        for key, items in read:
            pairs: list[tuple[Article, list]] = []
            errors = [i for i in items if isinstance(i, IngestError)]
            for item in items:
                if isinstance(item, Article):
                    result = next(found)
                    if isinstance(result, IngestError):
                        errors.append(result)
                    else:
                        pairs.append((item, result))
            for error in errors:
                self._warn(f"{error.origin}: {error.reason}")
            taken.append((key, pairs, errors))
        if not self._store_together(source, taken, report):
            for key, pairs, errors in taken:
                self._store(source, key, pairs, errors, report)

    def _store_together(self, source: SourceConfig, taken: list, report: PollReport) -> bool:
        """Store the articles of every item that gave some, and mark those items, in one
        transaction (the batch writer's multi-row inserts). False, with nothing
        stored, when that cannot be done: then each item is stored on its own."""
        whole = [(key, pairs, errors) for key, pairs, errors in taken if pairs]
        entries = [entry_of(a, events) for _k, pairs, _e in whole for a, events in pairs]
        if len(whole) < 2 or len({e.article.doc_id for e in entries}) != len(entries):
            return False

        def work(session: Session) -> list:
            outcomes = save_and_queue(session, entries)
            for key, pairs, errors in whole:
                transient = any(e.transient for e in errors)
                self._mark(session, source, key, "failed" if errors and not transient
                           else "stored", pairs[-1][0].doc_id, _detail(errors))
            return outcomes

        try:
            outcomes = self.store.write(work)
        except Exception:  # one article the store refuses: each item alone finds it
            return False
        report.unchanged += sum(o.value == "unchanged" for o in outcomes)
        report.stored += sum(o.value != "unchanged" for o in outcomes)
        report.failed += sum(len(errors) for _k, _p, errors in whole)
        for key, pairs, errors in taken:
            if not pairs:
                self._store(source, key, pairs, errors, report)
        return True

    def _events_or_error(self, article: Article) -> list | IngestError:
        try:
            return self.extractor.events_of([article])[0]
        except ModelMissing:
            raise
        except Exception as exc:
            return IngestError(article.origin, f"extraction failed ({exc})")

    def _read(self, key: str, reader: Callable[[], list]) -> list[Article | IngestError]:
        try:
            return [_materialize(i) for i in reader()]
        except Exception as exc:  # a reader bug must not end the watch
            return [IngestError(key, f"cannot read ({type(exc).__name__}: {exc})")]

    def _store(self, source: SourceConfig, key: str, pairs: list[tuple[Article, list]],
               errors: list[IngestError], report: PollReport) -> None:
        """Store one item's articles; the item is marked in its last article's transaction."""
        transient = any(e.transient for e in errors)
        if pairs:
            entries = [entry_of(article, events) for article, events in pairs]

            def work(session: Session) -> list:
                outcomes = []
                for entry in entries:  # a file may give one document id twice
                    outcomes += save_and_queue(session, [entry])
                self._mark(session, source, key, "failed" if errors and not transient
                           else "stored", pairs[-1][0].doc_id, _detail(errors))
                return outcomes

            for outcome in self.store.write(work):
                if outcome.value == "unchanged":
                    report.unchanged += 1
                else:
                    report.stored += 1
        if pairs:
            report.failed += len(errors)
            return
        with self.store.session() as session, session.begin():
            row = session.get(WatchItem, (self.config.name, source.location[:500], key[:700]))
            attempts = (row.attempts if row else 0) + 1
            status = "retry" if transient and attempts < MAX_ATTEMPTS else "failed"
            self._mark(session, source, key, status, None, _detail(errors), attempts)
        if status == "retry":
            report.retrying += 1
        else:
            report.failed += 1

    def _mark(self, session: Session, source: SourceConfig, key: str, status: str,
              doc_id: str | None, detail: str | None, attempts: int = 1) -> None:
        session.merge(WatchItem(watch=self.config.name, source=source.location[:500],
                                key=key[:700], status=status, attempts=attempts, doc_id=doc_id,
                                detail=detail, seen_at=_now()))

    # -- rules and alerts ------------------------------------------------

    def _memory(self, session: Session, rule: RuleConfig) -> dict[str, float | None]:
        rows = session.execute(select(WatchMemory.key, WatchMemory.value).where(
            WatchMemory.watch == self.config.name, WatchMemory.rule == rule.name))
        return {k: v for k, v in rows}

    def _take_baselines(self) -> None:
        with self.store.session() as session, session.begin():
            for rule in self.config.rules:
                if _BASELINE in self._memory(session, rule):
                    continue
                keys: dict[str, float | None] = {} if self.config.alert_existing else {
                    k: o.value for k, o in observe(session, rule).items()}
                keys[_BASELINE] = None
                for k, v in keys.items():
                    session.add(WatchMemory(watch=self.config.name, rule=rule.name,
                                            key=k[:300], value=v))

    def _evaluate(self) -> int:
        found = 0
        with self.store.session() as session, session.begin():
            for rule in self.config.rules:
                seen = self._memory(session, rule)
                now = observe(session, rule)
                for o in changes(rule, seen, now):
                    found += 1
                    raw = f"{self.config.name}|{rule.name}|{o.key}|{o.value}"
                    alert_id = "A" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:19]
                    session.merge(WatchAlert(id=alert_id, watch=self.config.name,
                                             rule=rule.name, created=_now(),
                                             payload={"alert": rule.when, "key": o.key,
                                                      **o.payload}, delivered=""))
                for k, o in now.items():
                    if k not in seen:
                        session.add(WatchMemory(watch=self.config.name, rule=rule.name,
                                                key=k[:300], value=o.value))
                    elif o.value is not None and ((old := seen[k]) is None or o.value > old):
                        row = session.get(WatchMemory, (self.config.name, rule.name, k[:300]))
                        if row is not None:
                            row.value = o.value
        return found

    def _deliver(self) -> tuple[int, int]:
        return deliver(self.store.session, self.config.name, self.sinks)

    def _warn(self, message: str) -> None:
        self.console.print(f"[yellow]warning[/] {escape(message)}")


@dataclass
class Running:
    """A batch read, its extraction under way (``events`` waits for it)."""

    read: list[tuple[str, list[Article | IngestError]]]
    articles: list[Article]
    events: Callable[[], list] | None


def _materialize(item) -> Article | IngestError:
    if isinstance(item, Path):
        try:
            return read_article(item)
        except IngestError as exc:
            return exc
    return item


def _detail(errors: list[IngestError]) -> str | None:
    if not errors:
        return None
    return "; ".join(f"{e.origin}: {e.reason}" for e in errors)[:2000]


def _entry_items(reader: Sources, feed: Feed,
                 entry: FeedEntry) -> list[Path | Article | IngestError]:
    return [reader.from_entry(feed, entry)]


def _file_items(reader: Sources, path: Path) -> list[Path | Article | IngestError]:
    return list(reader.from_file(path))
