"""Run the stages over many files: read, extract (on one or all cores), store.

Each file yields one :class:`Result`: its article and events, or the
:class:`~axiswatch.ingest.IngestError` that stopped it. Bad files never stop
the run. With ``workers > 1`` chunks of files go to worker processes, each of
which loads the language model once.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from axiswatch.extract import extract_articles
from axiswatch.ingest import IngestError, read_article
from axiswatch.model import Article, Event
from axiswatch.nlp.parser import ModelMissing
from axiswatch.nlp.sentences import split_sentences
from axiswatch.store.writer import Outcome

CHUNK = 16


@dataclass
class Result:
    path: str
    article: Article | None
    events: list[Event]
    error: str | None = None


# What goes to a worker: a text file's path, an article read already, or the
# result of a document that failed to read (passed through, keeping the order).
Work = str | Article | Result


def _extract_chunk(chunk: list[Work]) -> list[Result]:
    results: list[Result | None] = []
    articles: list[tuple[int, Article]] = []
    for work in chunk:
        if isinstance(work, Result):
            results.append(work)
            continue
        if isinstance(work, str):
            try:
                work = read_article(work)
            except IngestError as exc:
                results.append(Result(work, None, [], exc.reason))
                continue
        articles.append((len(results), work))
        results.append(None)
    try:
        extracted = list(extract_articles([a for _, a in articles]))
        for (slot, _), (article, events) in zip(articles, extracted, strict=True):
            results[slot] = Result(article.origin, article, events)
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


def _pool(workers: int):
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


def store_result(session: Session, article: Article, events: list[Event]) -> Outcome:
    """Keep an article and its events, and queue the facts it touches, in ``session``'s
    transaction: the caller commits it whole or not at all."""
    from axiswatch.store.fusion import update_after_save
    from axiswatch.store.writer import save_article

    saved = save_article(session, article, list(split_sentences(article.text)), events)
    update_after_save(session, saved)
    return saved.outcome


def _events_of(articles: list[Article]) -> list[list[Event]]:
    return [events for _article, events in extract_articles(articles)]


class Extractor:
    """Extraction for a long-running process (watch mode): in this process, or in a
    pool of ``workers`` processes kept for the extractor's life, each loading the
    language model once. ``events_of`` keeps the order of the articles given."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers or default_workers()
        self._pool = None

    def events_of(self, articles: list[Article]) -> list[list[Event]]:
        if not articles:
            return []
        if self.workers <= 1 or len(articles) == 1:
            return _events_of(articles)
        if self._pool is None:
            self._pool = _pool(self.workers)
        size = max(1, -(-len(articles) // self.workers))
        chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
        return [events for part in self._pool.map(_events_of, chunks) for events in part]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
