"""Throughput and peak memory of extraction over the seed articles, replicated.

usage: python bench/extract_speed.py [--copies N] [--seeds DIR]

Copies the seed articles (or any folder of articles) into a temporary folder
until there are N files (default 2,000), then runs the same extraction as
`axiswatch extract` with one process and with all cores, and prints
articles/s and peak resident memory for each.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from axiswatch.ingest import iter_article_paths
from axiswatch.pipeline import default_workers, run_extraction

DEFAULT_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


def _replicate(seeds: list[Path], copies: int, folder: Path) -> list[Path]:
    out = []
    for i in range(copies):
        src = seeds[i % len(seeds)]
        dst = folder / f"{i:05d}_{src.name}"
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def _peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _run(paths: list[Path], workers: int) -> tuple[float, int, int]:
    start = time.perf_counter()
    events = failed = 0
    for result in run_extraction(paths, workers):
        events += len(result.events)
        failed += bool(result.error)
    return time.perf_counter() - start, events, failed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=2000)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--workers", type=int, default=default_workers())
    args = ap.parse_args()
    seeds = list(iter_article_paths([args.seeds])) if args.seeds.is_dir() else []
    if not seeds:
        sys.exit(f"no articles found in {args.seeds}; pass --seeds DIR")
    with tempfile.TemporaryDirectory() as tmp:
        paths = _replicate(seeds, args.copies, Path(tmp))
        from axiswatch.nlp.parser import load_parser

        load_parser()  # model loading is start-up cost, not throughput
        for workers in (1, args.workers):
            seconds, events, failed = _run(paths, workers)
            own, children = _peak_rss_mb()
            print(f"workers={workers}: {len(paths)} articles in {seconds:.1f} s = "
                  f"{len(paths) / seconds:.1f} articles/s; {events} events, {failed} failed; "
                  f"peak RSS main {own:.0f} MB, largest worker {children:.0f} MB")


if __name__ == "__main__":
    main()
