"""Fusion at scale: 100,000 synthetic events into facts, then one real article.

usage: python bench/fusion_speed.py [--events N] [--db URL] [--article FILE]

Builds a store of synthetic documents (about five events each, over 40 states,
all seven event types, a skewed choice of pairs so some units are large, one
document in ten a syndicated copy of another, one event in twenty denied, one
in four with a figure), then times `fuse_all` (signatures, stories, facts,
series and conflicts from scratch) and finally adds one real article the way
`axiswatch ingest` does, timing extraction and the incremental update apart.
Prints seconds, events/s, the largest unit and peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from sqlalchemy import func, insert, select

from axiswatch.extract import extract_article
from axiswatch.fuse.claims import unit_of
from axiswatch.ingest import read_article
from axiswatch.model import CERTAINTIES, EVENT_TYPES
from axiswatch.nlp.sentences import split_sentences
from axiswatch.store.database import Store
from axiswatch.store.fusion import fuse_all, process_pending, update_after_save
from axiswatch.store.schema import (
    Actor,
    Document,
    EventRow,
    FactRow,
    FigureRow,
    ItemRow,
    SentenceRow,
)
from axiswatch.store.writer import save_article

STATES = ["RUS", "PRK", "IRN", "CHN", "BLR", "UKR", "USA", "GBR", "FRA", "DEU", "KOR", "JPN",
          "IND", "PAK", "TUR", "ISR", "SYR", "IRQ", "SAU", "ARE", "EGY", "ETH", "NGA", "ZAF",
          "BRA", "VEN", "CUB", "MEX", "CAN", "AUS", "IDN", "MMR", "VNM", "THA", "POL", "ROU",
          "HUN", "SRB", "KAZ", "ARM"]
CATEGORIES = ["ammunition", "missile", "drone", "weapon", "technology", "food", "fuel", "money",
              "materials", "personnel"]
WORDS = [
    "ship", "shell", "rail", "port", "front", "army", "deal", "talks", "sanction", "drone",
    "missile", "fuel", "grain", "cash", "border", "depot", "convoy", "factory", "minister",
    "envoy", "summit", "treaty", "pact", "report", "officials", "said", "claimed", "denied",
    "week", "month", "year", "north", "south", "east", "west", "plant", "crew",
]
ROOT = Path(__file__).resolve().parents[1]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(store: Store, events: int, rng: random.Random) -> None:
    docs = max(1, events // 5)
    weights = [1 / (i + 1) for i in range(len(STATES))]  # a few states dominate
    day0 = date(2022, 1, 1)
    with store.session() as s, s.begin():
        s.execute(insert(Actor), [{"id": a, "name": a, "kind": "state"} for a in STATES])
        s.execute(insert(ItemRow), [{"category": c, "name": c} for c in CATEGORIES])
        items = dict(s.execute(select(ItemRow.category, ItemRow.id)).all())
        texts: list[str] = []
        rows = []
        for d in range(docs):
            if texts and rng.random() < 0.1:  # a syndicated copy of an earlier document
                text = rng.choice(texts) + " Republished with permission."
            else:
                text = " ".join(rng.choice(WORDS) for _ in range(120))
                texts.append(text)
            rows.append({"id": d + 1, "doc_id": f"syn{d:06d}", "title": "synthetic",
                         "origin": "bench", "text": text, "content_hash": f"h{d}",
                         "published": day0 + timedelta(days=rng.randrange(1100)),
                         "publisher": f"outlet{rng.randrange(300)}" if rng.random() < 0.7
                         else None, "ingested_at": datetime(2026, 1, 1)})
        s.execute(insert(Document), rows)
        s.execute(insert(SentenceRow), [{"id": d + 1, "document_id": d + 1, "position": 0,
                                         "paragraph": 0, "start": 0, "end": 10, "text": "x"}
                                        for d in range(docs)])
        event_rows, figure_rows = [], []
        for e in range(events):
            doc = e % docs + 1
            source, target = rng.choices(STATES, weights, k=2)
            if source == target:
                target = STATES[(STATES.index(source) + 1) % len(STATES)]
            etype = rng.choice(EVENT_TYPES)
            itemized = etype in ("transfer", "use", "production")
            published = rows[doc - 1]["published"]
            when = (published - timedelta(days=rng.randrange(60))).isoformat()[:7] \
                if rng.random() < 0.5 else None
            certainty = "denied" if rng.random() < 0.05 else rng.choice(CERTAINTIES[:4])
            event_rows.append({
                "id": e + 1, "document_id": doc, "type": etype, "source_id": source,
                "target_id": None if etype == "production" else target,
                "item_id": items[rng.choice(CATEGORIES)] if itemized else None,
                "when": when, "certainty": certainty, "status": None, "attribution": None,
                "day": when or published.isoformat()})
            if itemized and rng.random() < 0.25:
                figure_rows.append({"event_id": e + 1, "value": float(rng.randrange(1, 20000)),
                                    "unit": rng.choice(["containers", "shells", "tonnes"]),
                                    "approx": True, "bound": "about", "when": when,
                                    "start": 0, "end": 10})
        s.execute(insert(EventRow), event_rows)
        s.execute(insert(FigureRow), figure_rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="store URL (default: a temporary SQLite file)")
    parser.add_argument("--article", type=Path,
                        default=ROOT / "examples" / "corpus" / "04_containers_13000.txt")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.db"
        store = Store(url)
        t = time.perf_counter()
        build(store, args.events, random.Random(args.seed))
        console.print(f"built {args.events:,} synthetic events in {time.perf_counter() - t:.1f} s")

        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("fusing", total=None)

            def report(stage: str, done: int, total: int) -> None:
                progress.update(task, description=stage, completed=done, total=total)

            t = time.perf_counter()
            with store.session() as s, s.begin():
                facts = fuse_all(s, report)
            fuse_s = time.perf_counter() - t
        with store.session() as s:
            units = {}
            for etype, src, tgt in s.execute(select(EventRow.type, EventRow.source_id,
                                                    EventRow.target_id)):
                key = unit_of(etype, src, tgt)
                units[key] = units.get(key, 0) + 1
            stories = s.scalar(select(func.count(func.distinct(Document.story_id))))
            documents = s.scalar(select(func.count()).select_from(Document))
        biggest = max(units.items(), key=lambda kv: kv[1])
        console.print(f"fuse_all: {args.events:,} events -> {facts:,} facts in {fuse_s:.1f} s "
                      f"({args.events / fuse_s:,.0f} events/s); {documents:,} documents in "
                      f"{stories:,} stories; {len(units):,} units, largest {biggest[0]} with "
                      f"{biggest[1]:,} events")

        t = time.perf_counter()
        article = read_article(args.article)
        events = extract_article(article)  # loads the language model on first use
        first_extract = time.perf_counter() - t
        t = time.perf_counter()
        events = extract_article(article)
        extract_s = time.perf_counter() - t
        t = time.perf_counter()
        with store.session() as s, s.begin():
            saved = save_article(s, article, list(split_sentences(article.text)), events)
            touched = update_after_save(s, saved)
            process_pending(s)
        update_s = time.perf_counter() - t
        with store.session() as s:
            total = s.scalar(select(func.count()).select_from(FactRow))
        console.print(f"one more article ({article.origin}): {len(events)} events, "
                      f"{len(touched)} units recomputed; store + stories + facts in "
                      f"{update_s * 1000:.0f} ms (extraction {extract_s * 1000:.0f} ms; "
                      f"{first_extract:.1f} s with model load); {total:,} facts now")
        console.print(f"peak RSS {_rss_mb():.0f} MB; store {store.url}")
        store.close()


if __name__ == "__main__":
    main()
