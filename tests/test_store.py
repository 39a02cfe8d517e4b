"""The store on real SQLite files and a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from axiswatch.extract import extract_article
from axiswatch.ingest import read_article
from axiswatch.nlp.sentences import split_sentences
from axiswatch.query.events import EventFilter, actor_summary, event_record, find_events
from axiswatch.store.database import Store, StoreError
from axiswatch.store.schema import Document, EventRow, SentenceRow
from axiswatch.store.writer import Outcome, save_article

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def ingest_file(store: Store, path: Path) -> Outcome:
    article = read_article(path)
    events = extract_article(article)
    with store.session() as session, session.begin():
        return save_article(session, article, list(split_sentences(article.text)), events).outcome


def counts(store: Store) -> tuple[int, int, int]:
    with store.session() as s:
        return (s.scalar(select(func.count()).select_from(Document)),
                s.scalar(select(func.count()).select_from(SentenceRow)),
                s.scalar(select(func.count()).select_from(EventRow)))


def exercise(store: Store, tmp_path: Path) -> None:
    first = SAMPLE / "01_containers_first_count.txt"
    assert ingest_file(store, first) is Outcome.ADDED
    before = counts(store)
    assert before[0] == 1 and before[2] >= 1
    assert ingest_file(store, first) is Outcome.UNCHANGED
    assert counts(store) == before

    changed = tmp_path / first.name
    changed.write_text(first.read_text() + "\n\nBelarus sent tanks to Serbia.\n")
    assert ingest_file(store, changed) is Outcome.REPLACED
    docs, _, events = counts(store)
    assert docs == 1 and events == before[2] + 1

    with store.session() as s:
        rows = find_events(s, EventFilter(source="blr"))
        assert [(r.source_id, r.target_id) for r in rows] == [("BLR", "SRB")]
        record = event_record(rows[0])
        text = rows[0].document.text
        assert text[record["evidence_start"]:record["evidence_end"]] == record["evidence"]
        assert find_events(s, EventFilter(type="transfer", item="ammunition", since="2023",
                                          until="2023-12"))
        assert find_events(s, EventFilter(certainty="asserted"))
        assert not find_events(s, EventFilter(since="2030"))
        assert {a["id"] for a in actor_summary(s)} >= {"PRK", "RUS", "BLR", "SRB"}


def test_sqlite_store(sqlite_url, tmp_path):
    store = Store(sqlite_url)
    exercise(store, tmp_path)
    assert set(inspect(store.engine).get_table_names()) >= {
        "documents", "sentences", "actors", "items", "events", "evidence", "alembic_version"}
    store.close()


def test_postgres_store(pg_url, tmp_path):
    store = Store(pg_url)
    exercise(store, tmp_path)
    store.close()


def test_failed_document_leaves_nothing_behind(sqlite_url):
    store = Store(sqlite_url)
    article = read_article(SAMPLE / "05_summit_treaty.txt")
    events = extract_article(article)
    with pytest.raises(RuntimeError), store.session() as session, session.begin():
        save_article(session, article, list(split_sentences(article.text)), events)
        raise RuntimeError("interrupted after writing, before commit")
    assert counts(store) == (0, 0, 0)
    assert ingest_file(store, SAMPLE / "05_summit_treaty.txt") is Outcome.ADDED
    store.close()


def test_migrations_are_idempotent(sqlite_url):
    Store(sqlite_url).close()
    store = Store(sqlite_url)
    store.upgrade()
    store.close()


@pytest.mark.parametrize("url", ["sqlite:////no/such/folder/x.db", "notadb://x"])
def test_bad_urls_are_clear_errors(url):
    with pytest.raises(StoreError):
        Store(url)


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(StoreError, match="cannot prepare"):
        Store(str(tmp_path))
