"""A backfill job: inputs read in partitions, processed by an engine, written as Parquet.

Partition ``k`` holds records ``k*size`` to ``(k+1)*size - 1`` of the inputs in
their stable order. Its tables go to ``OUT/documents/part-0000k.parquet``,
``OUT/events/...`` and ``OUT/errors/...`` (each file written aside and renamed
into place), and then its marker ``OUT/_done/part-0000k.json``, holding a
digest of the partition's inputs. A job started again skips every partition
whose marker is there with the same digest; a partition whose inputs changed
since is an error (write to another folder), never silently mixed.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from axiswatch.backfill.engines import LocalEngine, Partition, RayEngine
from axiswatch.backfill.tables import TABLES, PartitionRows
from axiswatch.ingest.corpus import Fields
from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.records import RawDocument, raw_documents
from axiswatch.ingest.sources import Format

DONE = "_done"


class BackfillError(Exception):
    pass


@dataclass
class BackfillSummary:
    partitions: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)  # partitions that failed whole
    documents: int = 0
    events: int = 0
    errors: int = 0
    seconds: float = 0.0


def part_name(index: int) -> str:
    return f"part-{index:05d}"


def _digest(raws: list[RawDocument | IngestError], size: int) -> str:
    h = hashlib.sha1(f"{size}\0".encode())
    for raw in raws:
        h.update((raw.digest() if isinstance(raw, RawDocument)
                  else f"error\0{raw.origin}\0{raw.reason}").encode() + b"\n")
    return h.hexdigest()


def partitions(raws: Iterable[RawDocument | IngestError],
               size: int) -> Iterator[tuple[int, list[RawDocument | IngestError], str]]:
    """Consecutive partitions of ``size`` records, each with its index and digest."""
    chunk: list[RawDocument | IngestError] = []
    index = 0
    for raw in raws:
        chunk.append(raw)
        if len(chunk) == size:
            yield index, chunk, _digest(chunk, size)
            index, chunk = index + 1, []
    if chunk:
        yield index, chunk, _digest(chunk, size)


def _marker(out: Path, index: int) -> Path:
    return out / DONE / f"{part_name(index)}.json"


def is_done(out: Path, index: int, digest: str) -> bool:
    marker = _marker(out, index)
    if not marker.exists():
        return False
    try:
        written = json.loads(marker.read_text("utf-8")).get("digest")
    except (OSError, ValueError, AttributeError):
        return False  # a marker that cannot be read: the partition is written again
    if written != digest:
        raise BackfillError(f"{out} already holds {part_name(index)} from other inputs "
                            "(or another --partition-size); write to a new folder")
    return True


def write_partition(out: Path, index: int, digest: str, rows: PartitionRows) -> None:
    """The partition's tables, then its marker, each renamed into place when whole."""
    name = part_name(index)
    for table in TABLES:
        folder = out / table
        folder.mkdir(parents=True, exist_ok=True)
        aside = folder / f".{name}.parquet.tmp"
        pq.write_table(rows.table(table), aside, compression="zstd")
        os.replace(aside, folder / f"{name}.parquet")
    marker = _marker(out, index)
    marker.parent.mkdir(parents=True, exist_ok=True)
    aside = marker.with_suffix(".tmp")
    aside.write_text(json.dumps({"partition": index, "digest": digest,
                                 "documents": len(rows.documents), "events": len(rows.events),
                                 "errors": len(rows.errors)}), "utf-8")
    os.replace(aside, marker)


Progress = Callable[[int, int, int], None]  # records read, partitions done, skipped


def run_backfill(inputs: list[str], out: Path, engine: LocalEngine | RayEngine,
                 fields: Fields | None = None, fmt: Format = Format.auto,
                 size: int = 500, progress: Progress | None = None,
                 on_error: Callable[[dict], None] | None = None) -> BackfillSummary:
    """Read ``inputs``, process each partition not yet written on ``engine``, write it."""
    fields = fields or Fields()
    if out.exists() and not out.is_dir():
        raise BackfillError(f"{out} is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    summary = BackfillSummary()
    started = time.perf_counter()
    read = 0
    digests: dict[int, str] = {}

    def todo() -> Iterator[Partition]:
        nonlocal read
        for index, raws, digest in partitions(raw_documents(inputs, fields, fmt), size):
            read += len(raws)
            summary.partitions += 1
            if is_done(out, index, digest):
                summary.skipped += 1
                if progress:
                    progress(read, summary.partitions - len(digests), summary.skipped)
                continue
            digests[index] = digest
            yield index, raws

    for index, rows in engine.map(todo()):
        digest = digests.pop(index)
        if isinstance(rows, str):
            summary.failed.append(f"{part_name(index)}: {rows}")
            continue
        write_partition(out, index, digest, rows)
        summary.documents += len(rows.documents)
        summary.events += len(rows.events)
        summary.errors += len(rows.errors)
        if on_error:
            for error in rows.errors:
                on_error(error)
        if progress:
            progress(read, summary.partitions - len(digests), summary.skipped)
    if summary.partitions == 0:
        raise BackfillError("no documents found in " + ", ".join(inputs))
    summary.seconds = time.perf_counter() - started
    return summary
