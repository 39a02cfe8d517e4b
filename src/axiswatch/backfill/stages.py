"""The work of one partition: clean each raw document, extract, make rows.

The same function runs in this process (``--engine local``) and in a Ray
actor (``--engine ray``), so both engines give the same rows. A record that
cannot be cleaned, or that breaks extraction, becomes an error row with its
reason; the others go on.
"""

from __future__ import annotations

from axiswatch.backfill.tables import PartitionRows, document_row, event_row
from axiswatch.extract import extract_articles
from axiswatch.ingest.corpus import Fields
from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.records import RawDocument, clean
from axiswatch.model import Article, Event
from axiswatch.nlp.parser import ModelMissing
from axiswatch.pipeline import within_budget


def warm_up() -> None:
    """Load the language pipeline and the event model (once per process)."""
    from axiswatch.extract.classifier import load_model
    from axiswatch.nlp.parser import load_parser

    load_parser()
    load_model()


def _extract(articles: list[Article]) -> list[list[Event] | str]:
    """Events per article; where extraction of the batch fails, each article is
    tried alone, and the one that fails gives its reason."""
    try:
        return [events for _a, events in extract_articles(articles)]
    except ModelMissing:
        raise
    except Exception:
        pass
    found: list[list[Event] | str] = []
    for article in articles:
        try:
            found.append(next(iter(extract_articles([article])))[1])
        except ModelMissing:
            raise
        except Exception as exc:
            found.append(f"extraction failed: {type(exc).__name__}: {str(exc)[:200]}")
    return found


def process_partition(index: int, raws: list[RawDocument | IngestError],
                      fields: Fields) -> PartitionRows:
    rows = PartitionRows()
    articles: list[tuple[Article, list[str]]] = []
    for raw in raws:
        if isinstance(raw, IngestError):
            rows.errors.append({"partition": index, "origin": raw.origin, "reason": raw.reason})
            continue
        try:
            article = clean(raw, fields)
        except IngestError as exc:
            rows.errors.append({"partition": index, "origin": exc.origin, "reason": exc.reason})
            continue
        budgeted = within_budget(article)
        articles.append((budgeted.article, budgeted.warnings))
    extracted = _extract([a for a, _w in articles])
    for (article, warnings), events in zip(articles, extracted, strict=True):
        if isinstance(events, str):
            rows.errors.append({"partition": index, "origin": article.origin, "reason": events})
            continue
        rows.documents.append(document_row(index, article, warnings))
        rows.events.extend(event_row(index, i, e) for i, e in enumerate(events))
    return rows
