"""Run the stages over many files: read, extract (on one or all cores), store.

Each file yields one :class:`Result`: its article and events, or the
:class:`~axiswatch.ingest.IngestError` that stopped it. Bad files never stop
the run. With ``workers > 1`` chunks of files go to worker processes, each of
which loads the language model once.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from multiprocessing.pool import Pool
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from axiswatch.extract import extract_articles
from axiswatch.ingest import IngestError, read_article
from axiswatch.model import Article, Event
from axiswatch.nlp.parser import MAX_SPAN, ModelMissing
from axiswatch.nlp.sentences import split_sentences
from axiswatch.store.writer import Outcome

if TYPE_CHECKING:  # the store's modules are loaded only by what stores
    from axiswatch.store.batch_writer import Entry
    from axiswatch.store.database import Store

CHUNK = 16
# Per-document budget: what is past it is not read, with a warning on the document.
# Real articles stay far below (the longest seen: 35,000 characters, 250 sentences).
MAX_CHARS = 60_000
MAX_SENTENCES = 1_500


@dataclass
class Result:
    path: str
    article: Article | None
    events: list[Event]
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Budgeted:
    """An article cut to the budget, and what was cut."""

    article: Article
    warnings: list[str]


_LONG_RUN = re.compile(rf"[^\n]{{{MAX_SPAN + 1},}}")


def _break_long_lines(text: str) -> tuple[str, int]:
    """Break lines over :data:`MAX_SPAN` characters (at a space where there is one)
    by turning one character into a line break: offsets stay as they were."""
    chars: list[str] | None = None
    broken = 0
    for m in _LONG_RUN.finditer(text):
        start = m.start()
        while m.end() - start > MAX_SPAN:
            window = text[start:start + MAX_SPAN]
            cut = max(window.rfind(" "), window.rfind("\t"))
            at = start + (cut if cut > 0 else MAX_SPAN - 1)
            chars = chars if chars is not None else list(text)
            chars[at] = "\n"
            broken += 1
            start = at + 1
    return ("".join(chars) if chars is not None else text), broken


def within_budget(article: Article) -> Budgeted:
    """``article`` with at most :data:`MAX_CHARS` characters and :data:`MAX_SENTENCES`
    sentences (cut at a sentence's end) and no line over :data:`MAX_SPAN` characters.
    Deterministic, so extraction and storage cut alike; the content hash is kept."""
    text, warnings = article.text, []
    if len(text) > MAX_CHARS:
        head = list(split_sentences(text[:MAX_CHARS]))
        end = head[-2].end if len(head) > 1 else MAX_CHARS
        warnings.append(f"text over the limit of {MAX_CHARS:,} characters per document: "
                        f"the last {len(text) - end:,} characters were skipped")
        text = text[:end]
    text, broken = _break_long_lines(text)
    if broken:
        warnings.append(f"{broken:,} line breaks put into lines over the limit of "
                        f"{MAX_SPAN:,} characters")
    sentences = list(split_sentences(text)) if len(text) > MAX_SENTENCES else []
    if len(sentences) > MAX_SENTENCES:
        end = sentences[MAX_SENTENCES - 1].end
        warnings.append(f"over the limit of {MAX_SENTENCES:,} sentences per document: "
                        f"the last {len(sentences) - MAX_SENTENCES:,} sentences were skipped")
        text = text[:end]
    if not warnings:
        return Budgeted(article, [])
    return Budgeted(replace(article, text=text), warnings)


# What goes to a worker: a text file's path, an article read already, or the
# result of a document that failed to read (passed through, keeping the order).
Work = str | Article | Result


def _extract_chunk(chunk: list[Work]) -> list[Result]:
    results: list[Result | None] = []
    articles: list[tuple[int, Article]] = []
    notes: dict[int, list[str]] = {}
    for work in chunk:
        if isinstance(work, Result):
            results.append(work)
            continue
        if isinstance(work, str):
            try:
                article = read_article(work)
            except IngestError as exc:
                results.append(Result(work, None, [], exc.reason))
                continue
        else:
            article = work
        budgeted = within_budget(article)
        notes[len(results)] = budgeted.warnings
        articles.append((len(results), budgeted.article))
        results.append(None)
    try:
        extracted = list(extract_articles([a for _, a in articles]))
        for (slot, _), (article, events) in zip(articles, extracted, strict=True):
            results[slot] = Result(article.origin, article, events, None, notes[slot])
    except ModelMissing:
        raise
    except Exception as exc:  # one bad batch must not end the run
        for slot, article in articles:
            results[slot] = Result(article.origin, article, [], f"extraction failed: {exc}")
    return [r for r in results if r is not None]


def _work(item: Path | str | Article | IngestError) -> Work:
    if isinstance(item, IngestError):
        return Result(item.origin, None, [], item.reason)
    if isinstance(item, Path):
        return str(item)
    return item


def _chunks(items: Iterable, size: int) -> Iterator[list[Work]]:
    chunk: list[Work] = []
    for item in items:
        chunk.append(_work(item))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _one_thread_each() -> None:
    """In a worker process: numerical libraries use one thread, so that the
    workers (one per core) do not fight over the cores."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _pool(workers: int) -> Pool:
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    return context.Pool(workers, initializer=_one_thread_each)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def run_extraction(items: Iterable[Path | str | Article | IngestError],
                   workers: int = 1) -> Iterator[Result]:
    """Yield a :class:`Result` per item (text file path, article or read error), in order."""
    chunks = _chunks(items, CHUNK)
    if workers <= 1:
        for chunk in chunks:
            yield from _extract_chunk(chunk)
        return
    with _pool(workers) as pool:
        for results in pool.imap(_extract_chunk, chunks):
            yield from results


def entry_of(article: Article, events: list[Event]) -> Entry:
    """What the store's batch writer takes for an article: cut to the budget (as
    extraction cut it) and split into its sentences."""
    from axiswatch.store.batch_writer import Entry

    article = within_budget(article).article
    return Entry(article, list(split_sentences(article.text)), events)


class BatchedStore:
    """Articles stored ``size`` at a time by the batch writer (one transaction a
    batch, one per article when a batch fails); ``on_stored`` hears each one's
    outcome, or None and the error when the store refused it."""

    def __init__(self, store: Store, on_stored: Callable[[Result, Outcome | None,
                                                          Exception | None], None],
                 size: int = 64) -> None:
        self.store, self.on_stored, self.size = store, on_stored, size
        self._results: list[Result] = []

    def add(self, result: Result) -> None:
        assert result.article is not None
        if any(r.article and r.article.doc_id == result.article.doc_id for r in self._results):
            self.flush()  # a batch holds a document once: the later version comes after
        self._results.append(result)
        if len(self._results) >= self.size:
            self.flush()

    def flush(self) -> None:
        results, self._results = self._results, []
        if not results:
            return
        from axiswatch.store.batch_writer import store_batch

        errors: dict[int, Exception] = {}
        entries = [entry_of(r.article, r.events) for r in results if r.article is not None]
        outcomes = store_batch(self.store.write, entries,
                               lambda entry, exc: errors.__setitem__(id(entry), exc))
        for result, entry, outcome in zip(results, entries, outcomes, strict=True):
            self.on_stored(result, outcome, errors.get(id(entry)))


def store_result(session: Session, article: Article, events: list[Event]) -> Outcome:
    """Keep an article and its events, and queue the facts it touches, in ``session``'s
    transaction: the caller commits it whole or not at all."""
    from axiswatch.store.fusion import update_after_save
    from axiswatch.store.writer import save_article

    article = within_budget(article).article
    saved = save_article(session, article, list(split_sentences(article.text)), events)
    update_after_save(session, saved)
    return saved.outcome


def _events_of(articles: list[Article]) -> list[list[Event]]:
    budgeted = [within_budget(a).article for a in articles]
    return [events for _article, events in extract_articles(budgeted)]


class Extractor:
    """Extraction for a long-running process (watch mode): in this process, or in a
    pool of ``workers`` processes kept for the extractor's life, each loading the
    language model once. ``events_of`` keeps the order of the articles given."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers or default_workers()
        self._pool: Pool | None = None

    def events_of(self, articles: list[Article]) -> list[list[Event]]:
        return self.start(articles)()

    def start(self, articles: list[Article]) -> Callable[[], list[list[Event]]]:
        """Start extracting ``articles`` on the workers; the function returned waits
        for their events (in one process, the work is done before it returns)."""
        if not articles:
            return list
        if self.workers <= 1 or len(articles) == 1:
            found = _events_of(articles)
            return lambda: found
        if self._pool is None:
            self._pool = _pool(self.workers)
        size = max(1, -(-len(articles) // self.workers))
        chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
        running = self._pool.map_async(_events_of, chunks)
        return lambda: [events for part in running.get() for events in part]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


STARTUP_SECONDS = 120.0  # for a worker to load the language model


class ExtractionTimeout(RuntimeError):
    pass


def _serve_extraction(conn: Connection) -> None:
    """A worker process: load the model, then extract each article sent, budgeted."""
    from axiswatch.extract.classifier import load_model
    from axiswatch.nlp.parser import load_parser

    load_parser()
    load_model()
    conn.send(("ready", None))
    while True:
        try:
            article = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", _events_of([article])[0]))
        except Exception as exc:  # reported to the caller, the worker goes on
            conn.send(("error", f"extraction failed: {type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, context) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve_extraction, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def run(self, article: Article, timeout: float) -> list[Event]:
        if not self.ready:  # loading the model is not the article's time
            if not self.conn.poll(STARTUP_SECONDS):
                raise ExtractionTimeout("the extraction worker did not start")
            self.conn.recv()
            self.ready = True
        self.conn.send(article)
        if not self.conn.poll(timeout):
            raise ExtractionTimeout(f"extraction over the time limit of {timeout:g} s")
        status, value = self.conn.recv()
        if status != "ok":
            raise RuntimeError(value)
        return value

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class ExtractionWorkers:
    """Extraction in ``workers`` processes kept for the server's life, each article
    with a time limit: an article over it is an error and its worker is replaced, so
    one input cannot hold the others (while all workers are busy, callers wait)."""

    def __init__(self, workers: int = 2, timeout: float = 120.0) -> None:
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(max(1, workers)):
            self._idle.put(_Worker(self._context))

    def events_of(self, article: Article) -> list[Event]:
        worker = self._idle.get()
        try:
            return worker.run(article, self.timeout)
        except (ExtractionTimeout, EOFError, OSError):
            worker.kill()
            worker = _Worker(self._context)
            raise
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return
