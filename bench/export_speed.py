"""Exports at scale: every format of `axiswatch export` over 100,000 synthetic events.

usage: python bench/export_speed.py [--events N] [--db URL] [--keep DIR]

(a --db store that already holds events is exported as it is, not built again)

Builds a store the way bench/fusion_speed.py does (synthetic documents of
about five events each over 40 states, bulk inserted), gives each event an
evidence sentence, a figure on one in four and fuses them into facts; then
runs `axiswatch export` once per format in a child process, printing its
seconds, peak RSS (of that process alone) and the size of the file.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select, update

sys.path.insert(0, str(Path(__file__).resolve().parent))
from axiswatch.store.database import Store  # noqa: E402
from axiswatch.store.fusion import fuse_all  # noqa: E402
from axiswatch.store.schema import EventRow, EvidenceRow, FigureRow  # noqa: E402
from fusion_speed import build  # noqa: E402

RUNS = [("csv", "events"), ("jsonl", "events"), ("parquet", "events"), ("csv", "facts"),
        ("jsonl", "facts"), ("parquet", "facts"), ("graphml", "facts"), ("gexf", "facts"),
        ("ftm", "facts"), ("sipri", "facts"), ("bundle", "facts")]


def prepare(store: Store, events: int) -> None:
    build(store, events, random.Random(1))
    with store.session() as s, s.begin():
        docs = dict(s.execute(select(EventRow.id, EventRow.document_id)).all())
        s.execute(insert(EvidenceRow), [{"event_id": e, "sentence_id": d, "start": 0, "end": 10,
                                         "trigger": "sent"} for e, d in docs.items()])
        # the figures as the events' quantities, as the writer stores them
        for event_id, value, unit in s.execute(select(FigureRow.event_id, FigureRow.value,
                                                      FigureRow.unit)).all():
            s.execute(update(EventRow).where(EventRow.id == event_id).values(
                quantity_value=value, quantity_unit=unit, quantity_approx=True))
        fuse_all(s)


def run(db: str, format: str, what: str, folder: Path) -> tuple[float, float, int]:
    output = folder / f"export-{what}.{format}"
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "axiswatch", "export", "--db", db,
                             "--format", format, "--what", what, "-o", str(output)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{format}/{what} failed: {stderr}")
    return seconds, usage.ru_maxrss / 1024, output.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="store URL (default: a temporary SQLite file)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the exports in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = args.db or f"sqlite:///{tmp}/bench.db"
        started = time.perf_counter()
        store = Store(db)
        with store.session() as s:
            present = s.scalar(select(func.count()).select_from(EventRow)) or 0
        if present:
            print(f"exporting the {present:,} events already in {db}")
        else:
            prepare(store, args.events)
            print(f"built and fused {args.events:,} synthetic events in "
                  f"{time.perf_counter() - started:.1f} s")
        store.close()
        print(f"{'format':<18}{'seconds':>9}{'peak RSS MB':>13}{'file MB':>10}")
        for format, what in RUNS:
            seconds, rss, size = run(db, format, what, folder)
            name = f"{what}.{format}" if format in ("csv", "jsonl", "parquet") else format
            print(f"{name:<18}{seconds:>9.1f}{rss:>13.0f}{size / 1e6:>10.1f}", flush=True)


if __name__ == "__main__":
    main()
