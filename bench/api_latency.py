"""API latency under concurrent clients on a store of 10,000+ facts.

usage: python bench/api_latency.py [--events N] [--clients C] [--seconds S] [--cache 0]
                                   [--db sqlite:///PATH]

Builds a synthetic store (as bench/fusion_speed.py does) large enough for at
least 10,000 facts, fuses it, starts `axiswatch serve` on 127.0.0.1 and lets C
client threads request graph, timeline, fact and event views with varied
filters for S seconds. Prints requests, p50/p95/p99 latency per view and errors.
A page of facts, events or the timeline also counts every matching row
(``total``) unless it is the last page. ``--db`` keeps the store in that file
and reuses it next time (to compare runs on the same data).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))
from axiswatch.store.database import Store  # noqa: E402
from axiswatch.store.fusion import fuse_all  # noqa: E402
from axiswatch.store.schema import FactRow  # noqa: E402
from fusion_speed import STATES, build  # noqa: E402

VIEWS = {
    "graph": lambda r: ("/api/graph", {}),
    "graph transfer 2023-": lambda r: ("/api/graph", {"type": "transfer", "since": "2023-01"}),
    "graph 6-month window": lambda r: _window(r),
    "timeline pair": lambda r: ("/api/timeline", {"actors": ",".join(r.sample(STATES[:8], 2))}),
    "timeline actor": lambda r: ("/api/timeline", {"actors": r.choice(STATES[:12])}),
    "timeline item": lambda r: ("/api/timeline", {"item": r.choice(["drone", "missile",
                                                                  "ammunition"])}),
    "timeline all": lambda r: ("/api/timeline", {}),
    "facts page": lambda r: ("/api/facts", {"offset": r.randrange(0, 5000)}),
    "facts actor 2023": lambda r: ("/api/facts", {"actors": r.choice(STATES[:12]),
                                                  "since": "2023", "until": "2023-12"}),
    "events pair": lambda r: ("/api/events", {"actors": ",".join(r.sample(STATES[:8], 2)),
                                              "limit": 50}),
    "events all": lambda r: ("/api/events", {"offset": r.randrange(0, 20_000)}),
}


def _window(r: random.Random) -> tuple[str, dict]:
    """A graph from a month of one year to the end of the same or a later year (a
    window ending before it starts is a 422)."""
    start = r.choice([2022, 2023, 2024])
    return "/api/graph", {"since": f"{start}-0{r.randrange(1, 7)}",
                          "until": f"{r.choice([y for y in (2022, 2023, 2024) if y >= start])}-12",
                          "min_sources": 1}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=40_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--cache", type=int, default=256,
                        help="responses cached per server process (0 = measure uncached)")
    parser.add_argument("--db", help="keep the store here and reuse it if it has facts")
    args = parser.parse_args()
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/latency.db"
        store = Store(url)
        with store.session() as s:
            facts = s.scalar(select(func.count()).select_from(FactRow)) or 0
        if not facts:
            build(store, args.events, random.Random(3))
            with store.session() as s, s.begin():
                fuse_all(s)
            with store.session() as s:
                facts = s.scalar(select(func.count()).select_from(FactRow)) or 0
        store.close()
        console.print(f"store: {facts:,} facts")
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "axiswatch", "serve", "--db", url,
                                   "--port", str(port), "--workers", str(args.workers),
                                   "--cache", str(args.cache)],
                                  env=os.environ.copy(),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        timings: dict[str, list[float]] = {v: [] for v in VIEWS}
        errors: list[str] = []
        stop = time.monotonic() + args.seconds
        lock = threading.Lock()

        def client(seed: int) -> None:
            rng = random.Random(seed)
            while time.monotonic() < stop:
                view = rng.choice(list(VIEWS))
                path, params = VIEWS[view](rng)
                target = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(target, timeout=30) as r:
                        r.read()
                except Exception as exc:  # count, do not stop the run
                    with lock:
                        errors.append(f"{view}: {exc}")
                    continue
                with lock:
                    timings[view].append((time.perf_counter() - started) * 1000)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    table = Table(title=f"{args.clients} concurrent clients, {args.workers} server processes,"
                        f" cache {args.cache}, {args.seconds:.0f} s, {facts:,} facts")
    for column in ("view", "requests", "p50 ms", "p95 ms", "p99 ms"):
        table.add_column(column, justify="right" if column != "view" else "left")
    everything: list[float] = []
    for view, values in timings.items():
        if not values:
            continue
        everything += values
        q = statistics.quantiles(values, n=100)
        table.add_row(view, str(len(values)), f"{statistics.median(values):.1f}",
                      f"{q[94]:.1f}", f"{q[98]:.1f}")
    q = statistics.quantiles(everything, n=100)
    table.add_row("all", str(len(everything)), f"{statistics.median(everything):.1f}",
                  f"{q[94]:.1f}", f"{q[98]:.1f}")
    console.print(table)
    console.print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))


if __name__ == "__main__":
    main()
