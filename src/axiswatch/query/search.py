"""Full-text search over article titles and text (SQLite FTS5, PostgreSQL tsvector).

The user's words are searched as plain words: FTS5 and tsquery operators in
the query are not interpreted, so no query can fail to parse.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 16


def _terms(query: str) -> list[str]:
    return _WORD.findall(query.lower())[:MAX_TERMS]


def search_documents(session: Session, query: str, limit: int = 20,
                     offset: int = 0) -> list[dict]:
    """Documents matching every word of ``query``, best first, with a snippet."""
    terms = _terms(query)
    if not terms:
        return []
    if session.get_bind().dialect.name == "postgresql":
        sql = text(
            "SELECT d.doc_id, d.title, d.publisher, d.published, "
            "ts_headline('english', d.text, q, 'MaxWords=30, MinWords=10, "
            "StartSel=<<, StopSel=>>') AS snippet, "
            "ts_rank(to_tsvector('english', coalesce(d.title, '') || ' ' || coalesce(d.text, '')),"
            " q) AS rank FROM documents d, plainto_tsquery('english', :q) q "
            "WHERE to_tsvector('english', coalesce(d.title, '') || ' ' || coalesce(d.text, '')) "
            "@@ q ORDER BY rank DESC, d.doc_id LIMIT :limit OFFSET :offset")
        params = {"q": " ".join(terms), "limit": limit, "offset": offset}
    else:
        sql = text(
            "SELECT d.doc_id, d.title, d.publisher, d.published, "
            "snippet(documents_fts, 1, '<<', '>>', ' … ', 24) AS snippet, bm25(documents_fts) "
            "AS rank FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            "WHERE documents_fts MATCH :q ORDER BY rank, d.doc_id LIMIT :limit OFFSET :offset")
        params = {"q": " ".join(f'"{t}"' for t in terms), "limit": limit, "offset": offset}
    rows = session.execute(sql, params).all()
    return [{"doc": r[0], "title": r[1], "publisher": r[2],
             "published": r[3].isoformat() if hasattr(r[3], "isoformat") else r[3],
             "snippet": r[4]} for r in rows]


def count_documents(session: Session, query: str) -> int:
    """How many documents match every word of ``query`` (all pages of
    :func:`search_documents`)."""
    terms = _terms(query)
    if not terms:
        return 0
    if session.get_bind().dialect.name == "postgresql":
        sql = text(
            "SELECT count(*) FROM documents d, plainto_tsquery('english', :q) q "
            "WHERE to_tsvector('english', coalesce(d.title, '') || ' ' || coalesce(d.text, '')) "
            "@@ q")
        params = {"q": " ".join(terms)}
    else:
        sql = text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :q")
        params = {"q": " ".join(f'"{t}"' for t in terms)}
    return int(session.execute(sql, params).scalar() or 0)
