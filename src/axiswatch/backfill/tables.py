"""A backfill's output as tables: documents, events (with their evidence) and errors.

One row per document, per event and per record that failed; the columns are
declared here (:data:`DOCUMENTS`, :data:`EVENTS`, :data:`ERRORS`) so that
every partition, empty or not, has the same Parquet schema. :func:`rows_of`
turns extraction's results into rows; :func:`article_of` and :func:`events_of`
turn rows back into the plain types that the store's writer takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa

from axiswatch.fuse.near_duplicates import signature, to_bytes
from axiswatch.model import Article, Event, Figure, Item, Quantity, Sentence
from axiswatch.nlp.sentences import split_sentences

DOCUMENTS = pa.schema([
    ("partition", pa.int32()), ("doc_id", pa.string()), ("origin", pa.string()),
    ("url", pa.string()), ("title", pa.string()), ("publisher", pa.string()),
    ("published", pa.date32()), ("language", pa.string()), ("content_hash", pa.string()),
    ("text", pa.large_string()), ("warnings", pa.list_(pa.string())),
    # the MinHash signature of the text (fusion's near-duplicate test), made on the workers
    ("signature", pa.binary()),
    # the sentences the store keeps (offsets into the text), split on the workers
    ("sentences", pa.list_(pa.struct([("start", pa.int32()), ("end", pa.int32()),
                                      ("paragraph", pa.int32())]))),
])
_FIGURE = pa.struct([
    ("value", pa.float64()), ("high", pa.float64()), ("unit", pa.string()),
    ("approx", pa.bool_()), ("bound", pa.string()), ("when", pa.string()),
    ("start", pa.int32()), ("end", pa.int32()),
])
EVENTS = pa.schema([
    ("partition", pa.int32()), ("doc_id", pa.string()), ("ordinal", pa.int32()),
    ("type", pa.string()), ("source", pa.string()), ("target", pa.string()),
    ("item_category", pa.string()), ("item_name", pa.string()),
    ("quantity_value", pa.float64()), ("quantity_high", pa.float64()),
    ("quantity_unit", pa.string()), ("quantity_approx", pa.bool_()),
    ("quantity_bound", pa.string()), ("when", pa.string()), ("status", pa.string()),
    ("attribution", pa.string()), ("certainty", pa.string()), ("score", pa.float64()),
    ("trigger", pa.string()), ("evidence", pa.string()), ("evidence_start", pa.int32()),
    ("evidence_end", pa.int32()), ("figures", pa.list_(_FIGURE)),
])
ERRORS = pa.schema([("partition", pa.int32()), ("origin", pa.string()), ("reason", pa.string())])
TABLES = {"documents": DOCUMENTS, "events": EVENTS, "errors": ERRORS}


@dataclass
class PartitionRows:
    """What one partition gave: rows for each table."""

    documents: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def table(self, name: str) -> pa.Table:
        return pa.Table.from_pylist(getattr(self, name), schema=TABLES[name])


def document_row(partition: int, article: Article, warnings: list[str]) -> dict:
    return {"partition": partition, "doc_id": article.doc_id, "origin": article.origin,
            "url": article.url, "title": article.title, "publisher": article.publisher,
            "published": article.published, "language": article.language,
            "content_hash": article.content_hash, "text": article.text,
            "warnings": list(warnings), "signature": to_bytes(signature(article.text)),
            "sentences": [{"start": s.start, "end": s.end, "paragraph": s.paragraph}
                          for s in split_sentences(article.text)]}


def _figure_row(f: Figure) -> dict:
    q = f.quantity
    return {"value": q.value, "high": q.high, "unit": q.unit, "approx": q.approx,
            "bound": q.bound, "when": f.when, "start": f.evidence_start, "end": f.evidence_end}


def event_row(partition: int, ordinal: int, e: Event) -> dict:
    q = e.quantity
    return {
        "partition": partition, "doc_id": e.doc, "ordinal": ordinal, "type": e.type,
        "source": e.source, "target": e.target,
        "item_category": e.item.category if e.item else None,
        "item_name": e.item.name if e.item else None,
        "quantity_value": q.value if q else None, "quantity_high": q.high if q else None,
        "quantity_unit": q.unit if q else None, "quantity_approx": q.approx if q else None,
        "quantity_bound": q.bound if q else None, "when": e.when, "status": e.status,
        "attribution": e.attribution, "certainty": e.certainty, "score": e.score,
        "trigger": e.trigger, "evidence": e.evidence, "evidence_start": e.evidence_start,
        "evidence_end": e.evidence_end, "figures": [_figure_row(f) for f in e.figures],
    }


def article_of(row: dict) -> Article:
    published = row["published"]
    if published is not None and not isinstance(published, date):
        published = date.fromisoformat(str(published))
    return Article(doc_id=row["doc_id"], text=row["text"], title=row["title"] or "",
                   published=published, content_hash=row["content_hash"],
                   origin=row["origin"], publisher=row["publisher"], url=row["url"],
                   language=row["language"])


def _quantity(value, high, unit, approx, bound) -> Quantity | None:
    if value is None or unit is None:
        return None
    return Quantity(value=value, unit=unit, approx=bool(approx), high=high, bound=bound)


def event_of(row: dict) -> Event:
    figures = []
    for f in row["figures"] or []:
        q = _quantity(f["value"], f["high"], f["unit"], f["approx"], f["bound"])
        if q is not None:
            figures.append(Figure(q, f["when"], f["start"], f["end"]))
    item = Item(row["item_category"], row["item_name"] or "") \
        if row["item_category"] is not None else None
    return Event(
        doc=row["doc_id"], type=row["type"], source=row["source"], target=row["target"],
        item=item,
        quantity=_quantity(row["quantity_value"], row["quantity_high"], row["quantity_unit"],
                           row["quantity_approx"], row["quantity_bound"]),
        when=row["when"], status=row["status"], attribution=row["attribution"],
        certainty=row["certainty"], evidence=row["evidence"],
        evidence_start=row["evidence_start"], evidence_end=row["evidence_end"],
        trigger=row["trigger"] or "", figures=figures, score=row["score"])


def sentences_of(row: dict) -> list[Sentence] | None:
    """The sentences a document row lists, or None when they do not fit its text
    (out of order, overlapping or outside it): the loader then splits the text."""
    text, found, last = row["text"], [], 0
    for s in row.get("sentences") or []:
        start, end = s["start"], s["end"]
        if start is None or end is None or not last <= start < end <= len(text):
            return None
        found.append(Sentence(start=start, end=end, text=text[start:end],
                              paragraph=s["paragraph"] or 0))
        last = end
    return found or None
