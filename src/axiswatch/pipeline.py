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

from axiswatch.extract import extract_articles
from axiswatch.ingest import IngestError, read_article
from axiswatch.model import Article, Event

CHUNK = 16


@dataclass
class Result:
    path: str
    article: Article | None
    events: list[Event]
    error: str | None = None


def _extract_chunk(paths: list[str]) -> list[Result]:
    results: dict[str, Result] = {}
    articles = []
    for p in paths:
        try:
            article = read_article(p)
        except IngestError as exc:
            results[p] = Result(p, None, [], exc.reason)
            continue
        articles.append(article)
    try:
        for article, events in extract_articles(articles):
            results[article.origin] = Result(article.origin, article, events)
    except Exception as exc:  # one bad batch must not end the run
        for article in articles:
            results.setdefault(article.origin,
                               Result(article.origin, article, [], f"extraction failed: {exc}"))
    return [results[p] for p in paths]


def _chunks(paths: Iterable[Path], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for p in paths:
        chunk.append(str(p))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def run_extraction(paths: Iterable[Path], workers: int = 1) -> Iterator[Result]:
    """Yield a :class:`Result` per path, in input order."""
    chunks = _chunks(paths, CHUNK)
    if workers <= 1:
        for chunk in chunks:
            yield from _extract_chunk(chunk)
        return
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(workers) as pool:
        for results in pool.imap(_extract_chunk, chunks):
            yield from results
