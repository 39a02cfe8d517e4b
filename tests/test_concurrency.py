"""Writers at the same time on a real PostgreSQL server: two `axiswatch ingest`
processes over the same files, and `axiswatch serve` finishing the fusion a
killed ingest left queued."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from axiswatch.store.database import Store
from axiswatch.store.schema import (
    ConflictRow,
    Document,
    EdgeRow,
    EventRow,
    EvidenceRow,
    FactRow,
    PendingUnit,
)
from conftest import ROOT, run_cli, start_server

SUPPLIERS = ["North Korea", "Iran", "Belarus", "China"]
RECEIVERS = ["Russia", "Syria", "Venezuela"]
GOODS = ["containers of shells", "artillery shells", "drones", "ballistic missiles", "tanks"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
SAYERS = ["officials said", "the White House said", "a report said", "diplomats said"]
PUBLISHERS = ["Reuters", "AP", "AFP", "BBC", "Yonhap", "Kyiv Independent"]


def _sentence(rng: random.Random) -> str:
    supplier, receiver = rng.choice(SUPPLIERS), rng.choice(RECEIVERS)
    when = f"{rng.choice(MONTHS)} {rng.choice([2022, 2023, 2024])}"
    if rng.random() < 0.15:
        return f"{supplier} denied sending {rng.choice(GOODS)} to {receiver} in {when}."
    number = f"{rng.choice([1, 2, 3, 5, 6, 8, 10]) * 1000:,}"
    return (f"{supplier} shipped {number} {rng.choice(GOODS)} to {receiver} in {when}, "
            f"{rng.choice(SAYERS)}.")


def write_corpus(folder: Path, count: int, seed: int = 14) -> Path:
    """``count`` small articles of one to three varied sentences, some of them copies
    of others under another publisher (syndication: stories to merge)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    bodies: list[str] = []
    for i in range(count):
        if bodies and rng.random() < 0.1:
            body = rng.choice(bodies)
        else:
            body = " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
            bodies.append(body)
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        (folder / f"a{i:03d}.txt").write_text(
            f"Title: Report {i}\nDate: {day}\nPublisher: {rng.choice(PUBLISHERS)}\n\n{body}\n",
            "utf-8")
    return folder


def fused_view(url: str) -> dict:
    """Everything fusion derives, in a form two stores can be compared by."""
    def rows(session, table) -> list[tuple]:
        columns = [c for c in table.__table__.columns]
        return sorted(tuple(json.dumps(v, sort_keys=True, default=str) for v in r)
                      for r in session.execute(select(*columns)))

    store = Store(url)
    try:
        with store.session() as s:
            return {
                "documents": sorted(s.execute(select(Document.doc_id, Document.story_id,
                                                     Document.content_hash)).all()),
                "events": sorted(s.execute(select(Document.doc_id, EventRow.type,
                                                  EventRow.source_id, EventRow.target_id,
                                                  EventRow.fact_id)
                                           .join(Document)).all(),
                                 key=lambda r: tuple(str(v) for v in r)),
                "facts": rows(s, FactRow), "conflicts": rows(s, ConflictRow),
                "edges": rows(s, EdgeRow),
                "pending": s.scalar(select(func.count()).select_from(PendingUnit)),
            }
    finally:
        store.close()


def conflicts_by_evidence(url: str) -> list:
    store = Store(url)
    try:
        with store.session() as s:
            key = {i: (d, t, a, b, start) for i, d, t, a, b, start in s.execute(
                select(EventRow.id, Document.doc_id, EventRow.type, EventRow.source_id,
                       EventRow.target_id, EvidenceRow.start)
                .join(Document, EventRow.document_id == Document.id)
                .join(EvidenceRow, EvidenceRow.event_id == EventRow.id))}
            return sorted((c.id, c.unit, c.kind, c.fact_id, c.detail,
                           sorted(key[i] for i in c.stating), sorted(key[i] for i in c.contrary))
                          for c in s.scalars(select(ConflictRow)))
    finally:
        store.close()


def ingest_process(folder: Path, db: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "axiswatch", "ingest", str(folder),
                             "--db", db], cwd=ROOT, env=dict(os.environ),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _database(pg_url: str, name: str) -> str:
    """Another fresh database ``name`` on the server of ``pg_url``."""
    import psycopg

    base = pg_url.rsplit("/", 1)[0]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def _drop(pg_url: str, url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


@pytest.fixture
def reference_url(pg_url: str):
    url = _database(pg_url, pg_url.rsplit("/", 1)[1] + "_ref")
    yield url
    _drop(pg_url, url)


def test_two_ingesters_over_the_same_files_on_postgres(tmp_path, pg_url, reference_url):
    corpus = write_corpus(tmp_path / "corpus", 300)
    Store(pg_url).close()  # the schema exists before the race (as after any first use)
    started = time.monotonic()
    first, second = ingest_process(corpus, pg_url), ingest_process(corpus, pg_url)
    outputs = [p.communicate(timeout=180) for p in (first, second)]
    wall = time.monotonic() - started
    codes = (first.returncode, second.returncode)
    print(f"\nconcurrent ingest: {wall:.1f} s, exit codes {codes}; "
          + " | ".join(err.strip().splitlines()[-1] for _out, err in outputs))
    assert codes == (0, 0), "\n".join(err[-3000:] for _out, err in outputs)
    assert all("could not store" not in err and "Traceback" not in err
               for _out, err in outputs)
    added = [int(err.strip().splitlines()[-1].split(" added")[0]) for _out, err in outputs]
    assert sum(added) == 300

    single = run_cli("ingest", str(corpus), "--db", reference_url)
    assert single.returncode == 0, single.stderr
    fused = run_cli("fuse", "--db", reference_url)
    assert fused.returncode == 0, fused.stderr

    got, want = fused_view(pg_url), fused_view(reference_url)
    assert len(got["documents"]) == 300
    assert len({d for d, _s, _h in got["documents"]}) == 300
    assert got["pending"] == 0
    assert want["facts"] and want["conflicts"]
    for part in ("documents", "events", "facts", "conflicts", "edges"):
        assert got[part] == want[part], part


def _pending(url: str) -> tuple[int, int]:
    """Documents stored and units queued for fusion."""
    store = Store(url, migrate=False)
    try:
        with store.session() as s:
            return (s.scalar(select(func.count()).select_from(Document)),
                    s.scalar(select(func.count()).select_from(PendingUnit)))
    finally:
        store.close()


def ingest_then_kill(folder: Path, db: str, stored_at_least: int) -> tuple[int, int]:
    """An ingest killed with SIGKILL once it stored that many documents of ``folder``
    (before its first fusion, every 100): documents stored, units left queued."""
    process = ingest_process(folder, db)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if _pending(db)[0] >= stored_at_least:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the ingest ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    return _pending(db)


def _facts_served(base: str) -> list[tuple]:
    with urllib.request.urlopen(base + "/api/facts?limit=1000", timeout=30) as response:
        items = json.loads(response.read())["items"]
    return sorted((f["id"], f["sources"], f["documents"], f["events"]) for f in items)


def _facts_from_scratch(db: str) -> dict:
    fused = run_cli("fuse", "--db", db)
    assert fused.returncode == 0, fused.stderr
    return fused_view(db)


def test_serve_finishes_the_fusion_a_killed_ingest_left(tmp_path, sqlite_url):
    db = sqlite_url
    corpus = write_corpus(tmp_path / "corpus", 300)
    Store(db).close()
    stored, queued = ingest_then_kill(corpus, db, 20)
    assert queued > 0 and stored < 100  # killed before the ingest fused anything
    assert not fused_view(db)["facts"]

    server = start_server(db, "--drain-every", "1")
    base = next(server)
    try:
        # drained before the server answered: the facts are there at once
        assert _pending(db)[1] == 0
        at_start = fused_view(db)
        served = _facts_served(base)
        assert served and len(served) == len(at_start["facts"])

        # a second ingest killed while the server runs: its drain finishes the job
        more = write_corpus(tmp_path / "more", 300, seed=41)
        for path in more.iterdir():
            path.rename(more / f"b{path.name}")
        stored_more, _queued = ingest_then_kill(more, db, stored + 20)
        deadline = time.monotonic() + 15
        while _pending(db)[1] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _pending(db)[1] == 0
        drained = fused_view(db)
        assert _facts_served(base) != served  # the served facts moved on
    finally:
        server.close()
    assert stored_more > stored
    scratch = _facts_from_scratch(db)
    for part in ("documents", "events", "facts", "conflicts", "edges"):
        assert drained[part] == scratch[part], part


def _poll_api(base: str, stop, statuses: list[int]) -> None:
    """Read the views the page reads, over and over, until ``stop`` is set."""
    paths = ["/api/graph", "/api/facts?limit=50", "/api/events?limit=50", "/api/timeline",
             "/api/conflicts", "/api/documents?limit=20", "/api/actors"]
    while not stop.is_set():
        for path in paths:
            try:
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
            except OSError:
                statuses.append(-1)


def test_two_ingesters_over_overlapping_inputs_and_a_server_on_postgres(tmp_path, pg_url,
                                                                        reference_url):
    import shutil
    import threading

    corpus = write_corpus(tmp_path / "corpus", 240, seed=21)
    files = sorted(corpus.glob("*.txt"))
    halves = [tmp_path / "first", tmp_path / "second"]
    for folder, part in zip(halves, (files[:160], files[80:]), strict=True):
        folder.mkdir()
        for f in part:
            shutil.copy(f, folder / f.name)
    Store(pg_url).close()
    log = tmp_path / "server.log"
    server = start_server(pg_url, "--drain-every", "1", log=log)
    base = next(server)
    statuses: list[int] = []
    stop = threading.Event()
    reader = threading.Thread(target=_poll_api, args=(base, stop, statuses))
    reader.start()
    try:
        ingesters = [ingest_process(folder, pg_url) for folder in halves]
        outputs = [p.communicate(timeout=300) for p in ingesters]
    finally:
        stop.set()
        reader.join(timeout=60)
        server.close()
    assert [p.returncode for p in ingesters] == [0, 0], \
        "\n".join(err[-3000:] for _out, err in outputs)
    added = [int(err.strip().splitlines()[-1].split(" added")[0]) for _out, err in outputs]
    assert sum(added) == 240  # the 80 files both read: stored by one, "unchanged" for the other

    single = run_cli("ingest", str(corpus), "--db", reference_url)
    assert single.returncode == 0, single.stderr
    got, want = fused_view(pg_url), fused_view(reference_url)
    assert len(got["documents"]) == 240 and got["pending"] == 0
    for part in ("documents", "events", "facts", "edges"):
        assert got[part] == want[part], part
    # the writers numbered the events in another order: conflicts compared by evidence
    assert want["conflicts"]
    assert conflicts_by_evidence(pg_url) == conflicts_by_evidence(reference_url)
    printed = log.read_text("utf-8", "replace")
    assert len(statuses) > 20 and set(statuses) == {200}, sorted(set(statuses))
    assert "Traceback" not in printed and '" 500' not in printed, printed[-3000:]
