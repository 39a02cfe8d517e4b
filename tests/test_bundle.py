"""Moving a store: `write_bundle` and `axiswatch import`, into SQLite and PostgreSQL.

A store built by ingesting the sample corpus is written as a bundle and loaded
into empty stores; what they hold (documents, sentences, events, evidence,
figures, and the facts, conflicts, series and edges fusion derives) must be the
same, ignoring database ids, and a second import must change nothing. Hostile
bundles must be refused with one line naming the file and the line, storing
nothing.
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from axiswatch.export.bundle import BundleFilter, write_bundle
from axiswatch.interfaces.cli import app
from axiswatch.query.events import EventFilter, event_record, find_events
from axiswatch.query.facts import (
    FactFilter,
    conflict_record,
    fact_record,
    find_conflicts,
    find_facts,
    find_series,
    series_rows,
)
from axiswatch.store import bundle_read
from axiswatch.store.bundle_read import BundleError, check_bundle
from axiswatch.store.database import Store
from axiswatch.store.schema import Document, EdgeRow, EventRow, EvidenceRow, FigureRow, SentenceRow
from conftest import SAMPLE, run_cli


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> str:
    """A store holding the sample corpus, ingested by the real command."""
    url = f"sqlite:///{tmp_path_factory.mktemp('source') / 'source.db'}"
    result = run_cli("ingest", str(SAMPLE), "--db", url)
    assert result.returncode == 0, result.stderr
    return url


@pytest.fixture(scope="module")
def bundle(source: str, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "sample.bundle.gz"
    with Store(source) as store:
        assert write_bundle(store, path) == len(list(SAMPLE.iterdir()))
    return path


def _no_ids(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "id"}


def snapshot(url: str) -> dict:
    """Everything the store holds that a user can see, without database ids."""
    with Store(url) as store, store.session() as session:
        documents = [
            (d.doc_id, d.title, d.origin, d.published, d.content_hash, d.text, d.publisher,
             d.url, d.language, d.ingested_at, d.story_id,
             [(s.position, s.paragraph, s.start, s.end, s.text) for s in d.sentences])
            for d in session.scalars(select(Document).order_by(Document.doc_id))]
        events = sorted(json.dumps({**_no_ids(event_record(e)), "fact": e.fact_id,
                                    "trigger": [v.trigger for v in e.evidence]}, sort_keys=True)
                        for e in find_events(session, EventFilter()))
        figures = sorted(session.execute(
            select(Document.doc_id, FigureRow.value, FigureRow.high, FigureRow.unit,
                   FigureRow.approx, FigureRow.bound, FigureRow.when, FigureRow.start,
                   FigureRow.end)
            .join(EventRow, FigureRow.event_id == EventRow.id)
            .join(Document, EventRow.document_id == Document.id)).all(), key=repr)
        conflicts = []
        for row in find_conflicts(session, FactFilter()):
            record = conflict_record(session, row, with_evidence=True)
            for side in ("stating", "contrary"):
                record[side] = sorted(json.dumps(_no_ids(e), sort_keys=True)
                                      for e in record[side])
            conflicts.append(record)
        edges = sorted(session.execute(
            select(EdgeRow.id, EdgeRow.fact_id, EdgeRow.facts, EdgeRow.sources,
                   EdgeRow.confidence, EdgeRow.contested, EdgeRow.period_start,
                   EdgeRow.period_end)).all())
        return {"documents": documents, "events": events, "figures": figures,
                "facts": [fact_record(r) for r in find_facts(session, FactFilter())],
                "conflicts": conflicts, "edges": edges,
                "series": series_rows(find_series(session, FactFilter()))}


def _counts(url: str) -> tuple[int, ...]:
    with Store(url) as store, store.session() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) or 0
                     for t in (Document, SentenceRow, EventRow, EvidenceRow, FigureRow))


def _facts_json(url: str) -> list[dict]:
    result = CliRunner().invoke(app, ["facts", "--format", "json", "--db", url])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _import_twice(bundle: Path, source: str, target: str) -> None:
    """The first import by the real command in a process of its own, the second in
    this one (the same command, started faster)."""
    expected = snapshot(source)
    assert expected["facts"] and expected["conflicts"] and expected["series"]
    events = _counts(source)[2]
    first = run_cli("import", str(bundle), "--db", target)
    assert first.returncode == 0, first.stderr
    assert f"14 added, 0 replaced, 0 unchanged, 0 failed; {events} events" in first.stderr
    assert snapshot(target) == expected
    assert _facts_json(target) == _facts_json(source)
    counts = _counts(target)
    again = CliRunner().invoke(app, ["import", str(bundle), "--db", target])
    assert again.exit_code == 0, again.output
    assert "0 added, 0 replaced, 14 unchanged, 0 failed; 0 events" in again.stderr
    assert _counts(target) == counts == _counts(source)
    assert snapshot(target) == expected


def test_bundle_into_an_empty_postgres_store_gives_the_same_facts(bundle, source, pg_url):
    _import_twice(bundle, source, pg_url)


def test_bundle_into_an_empty_sqlite_store_gives_the_same_facts(bundle, source, sqlite_url):
    _import_twice(bundle, source, sqlite_url)


def test_a_bundle_of_the_imported_store_is_the_same_bundle(bundle, source, tmp_path):
    """Nothing is lost on the way: exported again, every document line is the same."""
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    assert CliRunner().invoke(app, ["import", str(bundle), "--db", target]).exit_code == 0
    again = tmp_path / "again.bundle.gz"
    with Store(target) as store:
        assert write_bundle(store, again) == 14

    def body(path: Path) -> list[str]:
        return gzip.decompress(path.read_bytes()).decode().splitlines()[1:]

    assert body(again) == body(bundle)


def test_a_changed_document_replaces_the_stored_one(bundle, tmp_path):
    target = f"sqlite:///{tmp_path / 'target.db'}"
    assert CliRunner().invoke(app, ["import", str(bundle), "--db", target]).exit_code == 0
    lines = gzip.decompress(bundle.read_bytes()).decode().splitlines()
    doc = json.loads(lines[1])
    doc["text"] = doc["text"].replace("containers", "CONTAINERS", 1)
    doc["content_hash"] = "0" * 64
    doc["ingested_at"] = "2026-01-02T03:04:05+02:00"
    changed = tmp_path / "changed.bundle.gz"
    changed.write_bytes(gzip.compress("\n".join(
        [lines[0], json.dumps(doc), json.dumps({"kind": "end", "documents": 1,
                                              "events": len(doc["events"])})]).encode() + b"\n"))
    result = CliRunner().invoke(app, ["import", str(changed), "--db", target])
    assert result.exit_code == 0, result.output
    assert "0 added, 1 replaced, 0 unchanged" in result.stderr
    with Store(target) as store, store.session() as session:
        stored = session.scalar(select(Document).where(Document.doc_id == doc["doc_id"]))
        assert stored is not None and "CONTAINERS" in stored.text
        assert stored.ingested_at == datetime(2026, 1, 2, 1, 4, 5)  # kept, in UTC
        assert session.scalar(select(func.count()).select_from(Document)) == 14


def _doc_ids(path: Path) -> list[str]:
    return [json.loads(line)["doc_id"] for line in
            gzip.decompress(path.read_bytes()).decode().splitlines()[1:-1]]


def test_documents_read_a_chunk_at_a_time_make_the_same_bundle(source, bundle, tmp_path,
                                                               monkeypatch):
    from axiswatch.export import bundle as export

    monkeypatch.setattr(export, "CHUNK", 3)
    small = tmp_path / "small.bundle.gz"
    with Store(source) as store:
        assert write_bundle(store, small) == 14
    assert _lines(small)[1:] == _lines(bundle)[1:]


def test_filters_select_documents(source, tmp_path):
    path = tmp_path / "part.bundle.gz"
    with Store(source) as store:
        assert write_bundle(store, path, BundleFilter(documents=("05_summit_treaty", "nope"))) == 1
        assert _doc_ids(path) == ["05_summit_treaty"]
        count = write_bundle(store, path, BundleFilter(actors=("IRN",)))
        assert count == 3 and all("iran" in d for d in _doc_ids(path))
        assert write_bundle(store, path, BundleFilter(documents=("05_summit_treaty",),
                                                      actors=("IRN",))) == 0
        assert write_bundle(store, path, EventFilter(type="meeting")) >= 1
        facts = write_bundle(store, path, FactFilter(actors=("PRK", "RUS"), min_sources=2))
        assert 0 < facts < 14
    assert check_bundle(path).documents == facts  # a selection is a whole bundle too


# --- hostile bundles -------------------------------------------------------------------


def _lines(bundle: Path) -> list[str]:
    return gzip.decompress(bundle.read_bytes()).decode().splitlines()


def _edited(bundle: Path, edit) -> bytes:
    """The bundle with its second document (line 3) edited by ``edit``."""
    lines = _lines(bundle)
    doc = json.loads(lines[2])
    edit(doc)
    lines[2] = json.dumps(doc, ensure_ascii=False)
    return gzip.compress(("\n".join(lines) + "\n").encode())


def _set(path: str, value):
    def edit(doc: dict) -> None:
        *parents, last = path.split(".")
        target = doc
        for p in parents:
            target = target[int(p)] if p.isdigit() else target[p]
        target[last] = value
    return edit


def _delete(key: str):
    return lambda doc: doc.pop(key)


HOSTILE = {
    "not gzip": (lambda b: b"plain text, not compressed\n", "not a gzip file"),
    "empty file": (lambda b: b"", "empty: no header line"),
    "cut short": (lambda b: b.read_bytes()[:-40], "cut short"),
    "corrupt gzip": (lambda b: (lambda d: d[:30] + bytes(x ^ 0x5A for x in d[30:60]) + d[60:])(
        b.read_bytes()), "corrupt compressed data"),
    "wrong header": (lambda b: gzip.compress(b'{"kind":"header","format":"other","version":1}\n'),
                     ":1: not an axiswatch bundle"),
    "newer version": (lambda b: gzip.compress("\n".join(
        [json.dumps({**json.loads(_lines(b)[0]), "version": 9}), *_lines(b)[1:]]).encode()),
        ":1: bundle format version 9 is newer"),
    "a line not JSON": (lambda b: gzip.compress("\n".join(
        [*_lines(b)[:3], '{"kind": "document", "doc_id": ', *_lines(b)[3:]]).encode()),
        ":4: not JSON"),
    "NaN": (lambda b: _edited(b, _set("events.0.score", float("nan"))), ":3: not JSON"),
    "missing field": (lambda b: _edited(b, _delete("content_hash")),
                      ":3: document '02_containers_seoul_estimate': content_hash: Field required"),
    "oversized actor": (lambda b: _edited(b, _set("events.0.source", "X" * 65)),
                        ":3: document '02_containers_seoul_estimate': events[0].source: "
                        "String should have at most 64 characters"),
    "oversized text": (lambda b: _edited(b, _set("text", "x" * (bundle_read.MAX_TEXT + 1))),
                       "text: String should have at most 20000000 characters"),
    "unknown sentence": (lambda b: _edited(b, _set("events.0.evidence.0.sentence", 99)),
                         ":3: document '02_containers_seoul_estimate': events[0]: evidence "
                         "points at sentence 99"),
    "offsets outside": (lambda b: _edited(b, _set("sentences.1.end", 10**6)),
                        "sentences[1]: offsets"),
    "unknown event type": (lambda b: _edited(b, _set("events.0.type", "invasion")),
                           "events[0].type: Input should be"),
    "NUL in text": (lambda b: _edited(b, _set("title", "a\x00b")), ":3: a string holds a NUL"),
    "lone surrogate": (lambda b: gzip.compress("\n".join(
        [*_lines(b)[:2], _lines(b)[2].replace('"title":"', '"title":"\\ud800', 1),
         *_lines(b)[3:]]).encode()), ":3: a string holds a lone surrogate"),
    "deeply nested": (lambda b: gzip.compress("\n".join(
        [_lines(b)[0], "[" * 100_000, *_lines(b)[1:]]).encode()), ":2: not JSON"),
    "hidden characters in id": (lambda b: _edited(b, _set("doc_id", "evil\u202egnp.exe")),
                                "may not hold"),
    "no end line": (lambda b: gzip.compress("\n".join(_lines(b)[:-1]).encode()),
                    "no end line: the bundle was cut short"),
    "wrong counts": (lambda b: gzip.compress("\n".join(
        [*_lines(b)[:2], *_lines(b)[3:]]).encode()), "the end line counts 14 documents"),
    "line after the end": (lambda b: gzip.compress("\n".join(
        [*_lines(b), _lines(b)[1]]).encode()), "a line after the end line"),
    "not an object": (lambda b: gzip.compress("\n".join(
        [_lines(b)[0], "[1, 2]", *_lines(b)[1:]]).encode()), ":2: not a JSON object"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_bundle_is_refused_in_one_line_storing_nothing(case, bundle, tmp_path):
    make, message = HOSTILE[case]
    path = tmp_path / "hostile.bundle.gz"
    path.write_bytes(make(bundle))
    target = f"sqlite:///{tmp_path / 'target.db'}"
    result = CliRunner().invoke(app, ["import", str(path), "--db", target])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}"), result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.output
    assert _counts(target) == (0, 0, 0, 0, 0)  # the first, good, document is not stored


def test_a_hostile_bundle_leaves_a_store_as_it_was(bundle, tmp_path):
    target = f"sqlite:///{tmp_path / 'target.db'}"
    assert CliRunner().invoke(app, ["import", str(bundle), "--db", target]).exit_code == 0
    before = snapshot(target)
    path = tmp_path / "hostile.bundle.gz"
    path.write_bytes(_edited(bundle, _set("events.0.evidence.0.sentence", 99)))
    assert CliRunner().invoke(app, ["import", str(path), "--db", target]).exit_code == 2
    assert snapshot(target) == before


def test_an_overlong_line_is_refused_before_it_is_read_whole(bundle, tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_read, "MAX_LINE_BYTES", 1000)
    with pytest.raises(BundleError, match=r":2: line longer than"):
        check_bundle(bundle)


def test_a_missing_file_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["import", str(tmp_path / "nope.gz"),
                                      "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("nope.gz: no such file")
