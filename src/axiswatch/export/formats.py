"""The export formats by name, and how each reads the store and writes a file.

``--format`` names a format; the table formats (csv, jsonl, parquet) export
facts or, with ``--what events``, events. ``bundle`` (a whole store slice to
move to another store) is written by :mod:`axiswatch.export.bundle` when that
module is installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import BinaryIO

from sqlalchemy.orm import Session

from axiswatch.export import network, tables
from axiswatch.export.rows import (
    actor_table,
    actors_of_facts,
    event_batches,
    fact_batches,
    facts_with_events,
)
from axiswatch.export.sipri import write_sipri
from axiswatch.query.events import EventFilter
from axiswatch.query.facts import FactFilter


class ExportError(ValueError):
    """A format and filters that do not go together."""


class Format(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    graphml = "graphml"
    gexf = "gexf"
    ftm = "ftm"
    sipri = "sipri"
    bundle = "bundle"


class What(StrEnum):
    facts = "facts"
    events = "events"


TABLE_FORMATS = frozenset({Format.csv, Format.jsonl, Format.parquet})
Writer = Callable[[Session, FactFilter, BinaryIO], int]


@dataclass(frozen=True)
class Export:
    """One way of exporting: the file it makes and the function that writes it."""

    name: str  # e.g. "facts.csv", "network.gexf"
    filename: str  # a default file name
    media_type: str
    write: Writer  # (session, filter, binary output) -> rows, edges or entities written
    counts: str  # what the count returned by ``write`` counts: facts, edges, entities...


def event_filter(f: FactFilter) -> EventFilter:
    """The events' filter for a facts' filter (facts-only filters refused)."""
    if f.min_sources or f.contested:
        raise ExportError("--min-sources and --contested filter facts, not events")
    return EventFilter(type=f.type, source=f.source, target=f.target, item=f.item,
                       since=f.since, until=f.until, certainty=f.certainty,
                       min_score=f.min_score, document=f.document, actors=f.actors,
                       limit=f.limit, offset=f.offset)


_TABLE_WRITERS = {Format.csv: tables.write_csv, Format.jsonl: tables.write_jsonl,
                  Format.parquet: tables.write_parquet}
_MEDIA = {Format.csv: "text/csv; charset=utf-8", Format.jsonl: "application/x-ndjson",
          Format.parquet: "application/vnd.apache.parquet"}


def _table(format: Format, what: What) -> Export:
    write_rows = _TABLE_WRITERS[format]

    def write(session: Session, f: FactFilter, out: BinaryIO) -> int:
        if what is What.events:
            return write_rows(event_batches(session, event_filter(f)), tables.EVENT_COLUMNS, out)
        return write_rows(fact_batches(session, f), tables.FACT_COLUMNS, out)

    return Export(f"{what}.{format}", f"axiswatch-{what}.{format}", _MEDIA[format], write,
                  str(what))


def _names(session: Session) -> dict[str, tuple[str, str]]:
    return {a.id: (a.name, a.kind) for a in actor_table(session).values()}


def _graphml(session: Session, f: FactFilter, out: BinaryIO) -> int:
    return network.write_graphml(actors_of_facts(session, f), fact_batches(session, f), out)


def _gexf(session: Session, f: FactFilter, out: BinaryIO) -> int:
    return network.write_gexf(actors_of_facts(session, f), fact_batches(session, f), out)


def _ftm(session: Session, f: FactFilter, out: BinaryIO) -> int:
    from axiswatch.export.ftm import write_ftm  # followthemoney is slow to import

    return write_ftm(facts_with_events(session, fact_batches(session, f)), _names(session), out)


def _sipri(session: Session, f: FactFilter, out: BinaryIO) -> int:
    if f.type not in (None, "transfer"):
        raise ExportError("the transfer register holds transfers only, not --type "
                          f"{f.type}")
    f = replace(f, type="transfer")
    names = {a: n for a, (n, _) in _names(session).items()}
    return write_sipri(facts_with_events(session, fact_batches(session, f)), names, out)


_OTHERS = {
    Format.graphml: Export("network.graphml", "axiswatch-network.graphml",
                           "application/graphml+xml", _graphml, "edges"),
    Format.gexf: Export("network.gexf", "axiswatch-network.gexf", "application/gexf+xml", _gexf,
                        "edges"),
    Format.ftm: Export("ftm", "axiswatch-entities.ftm.jsonl", "application/x-ndjson", _ftm,
                       "entities"),
    Format.sipri: Export("sipri", "axiswatch-transfers-sipri.csv", "text/csv; charset=utf-8",
                         _sipri, "transfers"),
}


def export_for(format: Format, what: What = What.facts) -> Export:
    """The export of ``format`` (``what`` chooses events or facts for the table formats)."""
    if format in TABLE_FORMATS:
        return _table(format, what)
    if what is not What.facts:
        raise ExportError(f"--what {what} applies to csv, jsonl and parquet, not {format}")
    if format is Format.bundle:
        raise ExportError("bundle is written by bundle_writer()")
    return _OTHERS[format]


BundleWriter = Callable[..., int]


def bundle_writer() -> BundleWriter | None:
    """``axiswatch.export.bundle.write_bundle(store, path, filters)``, or None when that
    module is not installed."""
    try:
        module = importlib.import_module("axiswatch.export.bundle")
    except ModuleNotFoundError as exc:
        if exc.name != "axiswatch.export.bundle":
            raise
        return None
    return getattr(module, "write_bundle", None)
