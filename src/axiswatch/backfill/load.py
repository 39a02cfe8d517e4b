"""``axiswatch load``: a backfill's Parquet output into a store, in batches, fused once.

Only partitions whose ``_done`` marker is written are read (a partition a
crashed job left half-written is not). Each partition's tables are checked
before anything of it is stored: a file that is not Parquet, or lacks a
column, is an error naming it. Rows that break the event schema (an unknown
type or certainty, no source, evidence that is not one of its sentences) are skipped and
counted. Documents go to the store :data:`BATCH` at a time through the batch
writer (multi-row inserts; a document with the same id and hash is
"unchanged", another hash replaces it), then stories and facts are computed
once for the whole store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from axiswatch.backfill.job import DONE
from axiswatch.backfill.tables import DOCUMENTS, EVENTS, article_of, event_of, sentences_of
from axiswatch.fuse.settings import load_settings
from axiswatch.model import CERTAINTIES, EVENT_TYPES, Event
from axiswatch.nlp.sentences import split_sentences
from axiswatch.store.batch_writer import Entry, save_only, store_batch
from axiswatch.store.database import Store
from axiswatch.store.fusion import fuse_all

BATCH = 500


class LoadError(Exception):
    pass


@dataclass
class LoadSummary:
    partitions: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    events: int = 0
    skipped_events: int = 0
    facts: int = 0
    problems: list[str] = field(default_factory=list)


def _read(path: Path, schema: pa.Schema) -> list[dict]:
    try:
        table = pq.read_table(path)
    except (OSError, ValueError) as exc:
        raise LoadError(f"{path}: not a readable Parquet file ({str(exc)[:160]})") from None
    missing = [n for n in schema.names if n not in table.column_names]
    if missing:
        raise LoadError(f"{path}: not a backfill table (no column {', '.join(missing)})")
    try:
        return table.select(schema.names).cast(schema).to_pylist()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError) as exc:
        raise LoadError(f"{path}: columns of the wrong type ({str(exc)[:160]})") from None


def partitions_of(folder: Path) -> list[str]:
    """The names of the complete partitions in a backfill's output folder."""
    if not folder.is_dir():
        raise LoadError(f"{folder}: no such folder")
    done = folder / DONE
    names = sorted(p.stem for p in done.glob("part-*.json")) if done.is_dir() else []
    if not names:
        raise LoadError(f"{folder}: not a backfill output (no finished partitions in {DONE}/)")
    for name in names:
        for table in ("documents", "events"):
            if not (folder / table / f"{name}.parquet").is_file():
                raise LoadError(f"{folder}: {name} is marked done but {table}/{name}.parquet "
                                "is missing")
    return names


def _signature(value: bytes | None) -> bytes | None:
    """A signature as fusion keeps them (one 8-byte value per permutation), else None:
    fusion then makes it from the text."""
    width = 8 * load_settings().permutations
    return value if isinstance(value, bytes) and len(value) == width else None


def _valid(event: Event, text: str) -> bool:
    return (event.type in EVENT_TYPES and event.certainty in CERTAINTIES and bool(event.source)
            and 0 <= event.evidence_start < event.evidence_end <= len(text))


def entries_of(folder: Path, name: str, summary: LoadSummary) -> list[Entry]:
    documents = _read(folder / "documents" / f"{name}.parquet", DOCUMENTS)
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in _read(folder / "events" / f"{name}.parquet", EVENTS):
        by_doc[row["doc_id"]].append(row)
    entries = []
    for row in documents:
        if not row["doc_id"] or not row["text"] or not row["content_hash"]:
            summary.problems.append(f"{name}: a document row without id, text or hash")
            summary.failed += 1
            continue
        article = article_of(row)
        sentences = sentences_of(row) or list(split_sentences(article.text))
        starts = {s.start for s in sentences}
        events = []
        for event_row in sorted(by_doc.get(article.doc_id, []), key=lambda r: r["ordinal"]):
            event = event_of(event_row)
            if _valid(event, article.text) and event.evidence_start in starts:
                events.append(event)
            else:
                summary.skipped_events += 1
        entries.append(Entry(article, sentences, events, _signature(row["signature"])))
    return entries


def _batches(entries: list[Entry], size: int) -> Iterator[list[Entry]]:
    """Batches of at most ``size`` with each document id once (a later record with
    the same id goes in a later batch, as ``ingest`` would meet it)."""
    batch: list[Entry] = []
    ids: set[str] = set()
    for entry in entries:
        if entry.article.doc_id in ids or len(batch) >= size:
            yield batch
            batch, ids = [], set()
        batch.append(entry)
        ids.add(entry.article.doc_id)
    if batch:
        yield batch


Progress = Callable[[str, int, int], None]  # stage, done, total


def load_output(store: Store, folder: Path, batch: int = BATCH,
                progress: Progress | None = None) -> LoadSummary:
    names = partitions_of(folder)
    summary = LoadSummary()
    for i, name in enumerate(names):
        entries = entries_of(folder, name, summary)

        def refused(entry: Entry, exc: Exception, name: str = name) -> None:
            summary.problems.append(f"{name}: {entry.article.doc_id}: could not store "
                                    f"({str(exc)[:200]})")

        for chunk in _batches(entries, batch):
            outcomes = store_batch(store.write, chunk, refused, save=save_only)
            for entry, outcome in zip(chunk, outcomes, strict=True):
                if outcome is None:
                    summary.failed += 1
                    continue
                setattr(summary, outcome.value, getattr(summary, outcome.value) + 1)
                if outcome.value != "unchanged":
                    summary.events += len(entry.events)
        summary.partitions += 1
        if progress:
            progress("loading", i + 1, len(names))
    summary.facts = store.write(lambda session: fuse_all(session, progress))
    return summary
