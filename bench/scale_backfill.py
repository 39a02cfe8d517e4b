"""Backfill throughput: the local engine and Ray with 1 and 2 workers.

usage: python bench/scale_backfill.py [--articles N] [--source DIR] [--partition-size N]

Writes N distinct articles (real ones, default the dev set's when it is beside
the checkout, else the sample corpus, each copy with a line of its own) as one
JSONL file, backfills it with `--engine local` and with a local Ray of 1 and of
2 workers, and prints articles/s (start-up included and not), peak memory of
each worker, and whether the engines wrote the same events.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from axiswatch.backfill.engines import LocalEngine, RayEngine
from axiswatch.backfill.job import run_backfill
from axiswatch.ingest.corpus import Fields

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev" / "docs"


def _events(out: Path) -> list:
    rows = pq.read_table(out / "events").drop_columns(["partition"]).to_pylist()
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--source", type=Path,
                    default=DEV if DEV.is_dir() else ROOT / "examples" / "corpus")
    ap.add_argument("--partition-size", type=int, default=50)
    args = ap.parse_args()
    texts = [p.read_text("utf-8") for p in sorted(args.source.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "archive.jsonl"
        with dump.open("w", encoding="utf-8") as handle:
            for i in range(args.articles):
                text = texts[i % len(texts)] + f"\n\nArchive copy {i}."
                handle.write(json.dumps({"id": f"a{i:06d}", "text": text}) + "\n")
        found = {}
        for name, workers in (("local", 1), ("ray", 1), ("ray", 2)):
            started = time.perf_counter()
            engine = LocalEngine(Fields()) if name == "local" else \
                RayEngine(Fields(), workers=workers, dashboard=False)
            ready = time.perf_counter()
            out = Path(tmp) / f"{name}-{workers}"
            try:
                summary = run_backfill([str(dump)], out, engine, size=args.partition_size)
                memory = engine.worker_memory()
            finally:
                engine.close()
            total = time.perf_counter() - started
            found[(name, workers)] = _events(out)
            print(f"{name:5} {workers} worker(s): {summary.documents:,} articles, "
                  f"{summary.events:,} events; {summary.documents / total:.1f} articles/s "
                  f"({summary.documents / summary.seconds:.1f} after start-up of "
                  f"{ready - started:.1f} s); peak RSS per worker "
                  f"{', '.join(f'{m / 2**20:.0f} MB' for m in memory)}", flush=True)
        same = len({tuple(v) for v in found.values()}) == 1
        print(f"same events from every engine: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
