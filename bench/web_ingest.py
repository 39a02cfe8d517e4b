"""Throughput of reading the web: HTML parsing, fetching, the cache, and watch polls.

usage: python bench/web_ingest.py [--pages N] [--corpus DIR]

Turns the sample articles into N web pages with page furniture (navigation,
related links, footer), serves them and an RSS feed of them from a local
HTTP server on 127.0.0.1, and measures:

* HTML -> article (trafilatura + cleaning), pages/s, no network;
* fetching + reading every page through the Fetcher (no per-host delay),
  pages/s, then again from the raw-byte cache;
* one watch poll over the feed from an empty store (fetch, read, extract,
  store, fuse, rules) and a second poll with nothing new;
* peak resident memory.
"""

from __future__ import annotations

import argparse
import html
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rich.console import Console

from axiswatch.ingest.fetch import Fetcher, FetchSettings
from axiswatch.ingest.html import article_from_html
from axiswatch.ingest.sources import Sources
from axiswatch.watch.config import load_config
from axiswatch.watch.runner import Watcher

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _pages(corpus: Path, count: int) -> dict[str, bytes]:
    texts = [p.read_text("utf-8") for p in sorted(corpus.glob("*.txt"))]
    pages = {}
    for i in range(count):
        text = texts[i % len(texts)]
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        title = html.escape(paragraphs[0][:80]) + f" ({i})"
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[1:] or paragraphs)
        pages[f"/news/{i}.html"] = (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:site_name' content='Bench Courier'></head><body>"
            f"<header><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>"
            f"Sport</a></nav></header><main><article><h1>{title}</h1>{body}</article>"
            f"<aside><h3>Related</h3><ul>" + "".join(
                f"<li><a href='/news/{j}.html'>Story {j}</a></li>" for j in range(10)) +
            "</ul></aside></main><footer>© Bench Courier. All rights reserved.</footer>"
            "</body></html>").encode("utf-8")
    return pages


def _serve(routes: dict[str, tuple[bytes, str]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else headers and body wait on a delayed ACK (40 ms)

        def log_message(self, *_args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            body, kind = routes.get(self.path, (b"not found", "text/plain"))
            self.send_response(200 if self.path in routes else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address) -> None:
            pass  # clients closing kept-alive connections

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--corpus", type=Path, default=SAMPLE)
    ap.add_argument("--workers", type=int, default=1, help="watch extraction processes")
    args = ap.parse_args()
    pages = _pages(args.corpus, args.pages)
    if not pages:
        sys.exit(f"no .txt articles in {args.corpus}")

    start = time.perf_counter()
    for path, body in pages.items():
        article_from_html(body, path, path)
    took = time.perf_counter() - start
    print(f"HTML -> article: {len(pages)} pages in {took:.2f} s = {len(pages) / took:.0f} "
          f"pages/s ({sum(map(len, pages.values())) / len(pages) / 1024:.1f} KB each)")

    routes = {p: (b, "text/html; charset=utf-8") for p, b in pages.items()}
    server = _serve(routes)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    items = "".join(f"<item><title>{i}</title><link>{base}{p}</link><guid>{p}</guid></item>"
                    for i, p in enumerate(pages))
    routes["/feed.xml"] = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bench"
                           f"</title>{items}</channel></rss>".encode(), "application/rss+xml")
    with tempfile.TemporaryDirectory() as folder:
        settings = FetchSettings(min_interval=0.0, cache_dir=f"{folder}/cache", allow_private=True)
        for label in ("fetch + read (network)", "fetch + read (cache)"):
            with Fetcher(settings) as fetcher:
                sources = Sources(fetcher=fetcher)
                start = time.perf_counter()
                got = list(sources.items([base + p for p in pages]))
                took = time.perf_counter() - start
                bad = sum(1 for g in got if not hasattr(g, "text"))
            print(f"{label}: {len(got)} pages in {took:.2f} s = {len(got) / took:.0f} pages/s"
                  f" ({bad} failed, {fetcher.requests} requests)")

        config = Path(folder) / "watch.yaml"
        config.write_text(
            f"name: bench\ndb: store.db\ninterval: 60\nworkers: {args.workers}\n"
            f"fetch: {{min_interval: 0, cache_dir: cache2, allow_private: true}}\n"
            f"sources: [{{feed: '{base}/feed.xml'}}]\nalerts: {{console: false, "
            f"jsonl: alerts.jsonl}}\nrules:\n  - {{when: new_fact}}\n  - {{when: new_conflict}}"
            f"\n  - {{when: figure_rises}}\n", "utf-8")
        watcher = Watcher(load_config(config), console=Console(quiet=True))
        for label in ("first poll (all new)", "second poll (nothing new)"):
            start = time.perf_counter()
            report = watcher.poll()
            took = time.perf_counter() - start
            print(f"watch {label}: {took:.2f} s, {report.stored} stored, {report.failed} failed,"
                  f" {report.alerts} alerts" + (f" = {report.stored / took:.1f} articles/s"
                                                  if report.stored else ""))
        watcher.close()
    server.shutdown()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
