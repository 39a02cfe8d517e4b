"""`axiswatch load` into PostgreSQL: 20,000 articles of a backfill's output.

usage: python bench/scale_load.py [--articles N] [--db URL] [--source DIR]

Backfills a folder of real articles once (default: the bundled sample corpus
and, when it is beside the checkout, the dev set's 98 articles), then makes a
backfill output of N articles from it: each is as long as one of the real
articles drawn at random and made of their paragraphs drawn at random (events
moved with their text), so articles have the real ones' sizes without being
copies of each other (their signatures and sentences made, as backfill
workers make them). Loads it into a fresh PostgreSQL
database with the batch writer and one fusion, and prints articles/s for the
load and for load + fusion, and peak memory.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pyarrow.parquet as pq

from axiswatch.backfill.engines import LocalEngine
from axiswatch.backfill.job import run_backfill, write_partition
from axiswatch.backfill.load import load_output
from axiswatch.backfill.tables import PartitionRows
from axiswatch.fuse.near_duplicates import signature, to_bytes
from axiswatch.ingest.corpus import Fields
from axiswatch.nlp.sentences import split_sentences
from axiswatch.store.database import Store

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev" / "docs"


def _shift(row: dict, by: int, doc_id: str, partition: int) -> dict:
    row = dict(row, doc_id=doc_id, partition=partition,
               evidence_start=row["evidence_start"] + by, evidence_end=row["evidence_end"] + by)
    row["figures"] = [dict(f, start=f["start"] + by, end=f["end"] + by) for f in row["figures"]]
    return row


def _paragraphs(docs: list[dict], events: list[dict]) -> list[tuple[str, list[dict]]]:
    """Every paragraph of the source documents with its events (offsets from its start)."""
    by_doc: dict[str, list[dict]] = {}
    for e in events:
        by_doc.setdefault(e["doc_id"], []).append(e)
    found = []
    for doc in docs:
        at = 0
        for part in doc["text"].split("\n\n"):
            inside = [_shift(e, -at, "", 0) for e in by_doc.get(doc["doc_id"], [])
                      if at <= e["evidence_start"] < at + len(part)]
            if part.strip():
                found.append((part, inside))
            at += len(part) + 2
    return found


def synthesize(source: Path, out: Path, articles: int, size: int = 500) -> None:
    """``articles`` articles, each as long as a real one drawn at random, made of
    paragraphs of the real ones (with their events) drawn at random."""
    docs = pq.read_table(source / "documents").to_pylist()
    paragraphs = _paragraphs(docs, pq.read_table(source / "events").to_pylist())
    rng = random.Random(7)
    for partition in range(0, (articles + size - 1) // size):
        rows = PartitionRows()
        for n in range(partition * size, min(articles, (partition + 1) * size)):
            model = rng.choice(docs)
            doc_id = f"synthetic-{n:06d}"
            text, shifted = "", []
            while len(text) < len(model["text"]):
                part, inside = rng.choice(paragraphs)
                shifted += [_shift(e, len(text), doc_id, partition) for e in inside]
                text += part + "\n\n"
            text = text.rstrip("\n")
            rows.documents.append(dict(model, doc_id=doc_id, partition=partition, text=text,
                                       origin=f"synthetic/{doc_id}", warnings=[],
                                       content_hash=hashlib.sha256(text.encode()).hexdigest(),
                                       signature=to_bytes(signature(text)),
                                       sentences=[{"start": s.start, "end": s.end,
                                                   "paragraph": s.paragraph}
                                                  for s in split_sentences(text)]))
            rows.events += [dict(e, ordinal=i) for i, e in enumerate(shifted)]
        write_partition(out, partition, f"synthetic-{partition}", rows)


def _fresh_database(admin: str) -> str:
    import psycopg

    name = f"axiswatch_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + "/" + name


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/test",
                    help="an admin URL: a fresh database is made beside it")
    ap.add_argument("--source", type=Path, nargs="*",
                    default=[ROOT / "examples" / "corpus"] + ([DEV] if DEV.is_dir() else []))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "source", Path(tmp) / "out"
        run_backfill([str(s) for s in args.source], source, LocalEngine(Fields()), size=1000)
        synthesize(source, out, args.articles)
        url = _fresh_database(args.db)
        print(f"{args.articles:,} articles into {url}", file=sys.stderr)
        store = Store(url)
        marks: dict[str, float] = {}
        started = time.perf_counter()

        def progress(stage: str, done: int, total: int) -> None:
            if stage != "loading" and "loaded" not in marks:
                marks["loaded"] = time.perf_counter() - started

        summary = load_output(store, out, progress=progress)
        total = time.perf_counter() - started
        store.close()
    loaded = marks.get("loaded", total)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"loaded {summary.added:,} articles, {summary.events:,} events in {loaded:.1f} s "
          f"({summary.added / loaded:.0f} articles/s); with fusion ({summary.facts:,} facts) "
          f"{total:.1f} s ({summary.added / total:.0f} articles/s); peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
