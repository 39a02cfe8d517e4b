"""The ``axiswatch`` command line (Typer + Rich)."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from axiswatch.ingest.corpus import Fields
from axiswatch.ingest.fetch import Fetcher, FetchSettings
from axiswatch.ingest.language import unsupported
from axiswatch.ingest.sources import Format, Sources, format_of
from axiswatch.model import CERTAINTIES, EVENT_TYPES
from axiswatch.nlp.parser import ModelMissing
from axiswatch.pipeline import BatchedStore, Result, default_workers, run_extraction
from axiswatch.store.database import Store, StoreError
from axiswatch.store.writer import Outcome

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Evidence-backed events of military cooperation between states, "
                       "extracted from news articles.")
# Piped output is not wrapped at 80 columns: lines stay whole for grep and logs.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[str | None, typer.Option("--db", help="Database URL or SQLite path "
                                              "[env AXISWATCH_DB; default sqlite:///axiswatch.db]")]
WorkersOption = Annotated[int, typer.Option("--workers", "-w", min=0,
                                            help="Processes for extraction (0 = all cores).")]


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def _check_model() -> None:
    """Load the event model now, so that a broken one is one clear line, not a traceback."""
    from axiswatch.extract.classifier import ModelError, load_model

    try:
        load_model()
    except ModelError as exc:
        _fail(f"event model: {exc}")


def _open_store(db: str | None) -> Store:
    try:
        return Store(db)
    except StoreError as exc:
        _fail(str(exc))
        raise  # unreachable


def _progress(total: int | None) -> Progress:
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                    disable=(total is not None and total < 2) or not err.is_terminal)


InputsArgument = Annotated[list[str], typer.Argument(
    help="Files, folders or http(s) URLs: text, HTML, RSS/Atom feeds, JSONL, CSV, URL lists.")]
InputFormatOption = Annotated[Format, typer.Option(
    "--format", help="Read every file as this format (default: by extension, then content).")]
FieldsOption = Annotated[str | None, typer.Option(
    "--fields", help="JSONL/CSV field names, e.g. text=body,date=published_at,id=uid "
                     "(names: text html id url date title publisher).")]
OfflineOption = Annotated[bool, typer.Option(
    "--offline", help="Never fetch: URLs fail, feed entries give their own text.")]
NoFollowOption = Annotated[bool, typer.Option(
    "--no-follow", help="Read feed entries' own text instead of fetching their pages.")]
RateOption = Annotated[float, typer.Option(
    "--rate", min=0.0, help="Seconds between requests to one host.")]
AllowPrivateOption = Annotated[bool, typer.Option(
    "--allow-private", help="Also fetch from loopback, private and link-local addresses "
                            "(intranet use; refused by default).")]
CacheDirOption = Annotated[Path | None, typer.Option(
    "--cache-dir", help="Where fetched pages are kept [env AXISWATCH_CACHE; "
                        "default ~/.cache/axiswatch/http].")]


def _sources(format: Format, fields: str | None, offline: bool, no_follow: bool,
             rate: float, cache_dir: Path | None, allow_private: bool = False) -> Sources:
    try:
        mapping = Fields.parse(fields)
    except ValueError as exc:
        _fail(str(exc))
        raise
    fetcher = None
    if not offline:
        try:
            fetcher = Fetcher(FetchSettings(min_interval=rate,
                                            cache_dir=str(cache_dir) if cache_dir else None,
                                            allow_private=allow_private))
        except OSError as exc:
            _fail(f"cannot use the cache folder: {exc}")
    return Sources(fmt=format, fields=mapping, fetcher=fetcher, follow_links=not no_follow)


def _inputs(sources: Sources, inputs: list[str]) -> tuple[list, int | None]:
    """The files and URLs named, and how many documents they hold if that is known."""
    found = list(sources.files(inputs))
    if not found:
        _fail("no article files found in " + ", ".join(inputs))
    single = all(isinstance(f, Path) and format_of(f, sources.fmt) in (Format.text, Format.html)
                 for f in found)
    return found, len(found) if single else None


# Facts are recomputed for the units new documents touched once per this many
# documents (and at the end); a run stopped in between leaves the units queued
# in the store, and the next ingest or `axiswatch fuse` finishes them.
FUSE_EVERY = 100
# Documents stored per transaction (multi-row inserts); a batch the store refuses
# is stored again one document per transaction, so only the bad one is lost.
STORE_BATCH = 64


@app.command()
def ingest(inputs: InputsArgument, db: DbOption = None, workers: WorkersOption = 1,
           format: InputFormatOption = Format.auto, fields: FieldsOption = None,
           offline: OfflineOption = False, no_follow: NoFollowOption = False,
           rate: RateOption = 1.0, cache_dir: CacheDirOption = None,
           allow_private: AllowPrivateOption = False) -> None:
    """Read articles, extract their events and keep them in the store."""
    _check_model()
    store = _open_store(db)
    sources = _sources(format, fields, offline, no_follow, rate, cache_dir, allow_private)
    found, total = _inputs(sources, inputs)
    counts = {"added": 0, "unchanged": 0, "replaced": 0, "failed": 0, "events": 0}
    from axiswatch.store.drain import drain_pending

    since_fusion = 0

    def stored(result: Result, outcome: Outcome | None, exc: Exception | None) -> None:
        nonlocal since_fusion
        if outcome is None:  # the store refused this document only
            counts["failed"] += 1
            err.print(f"[red]skipped[/] {escape(result.path)}: could not store ({exc})")
            return
        counts[outcome.value] += 1
        _note_result(result)
        if outcome.value != "unchanged":
            counts["events"] += len(result.events)
            since_fusion += 1

    batches = BatchedStore(store, stored, size=STORE_BATCH)
    try:
        with _progress(total) as progress:
            task = progress.add_task("ingesting", total=total)
            for result in run_extraction(sources.items(str(f) for f in found),
                                         workers or default_workers()):
                progress.advance(task)
                if result.error or result.article is None:
                    counts["failed"] += 1
                    err.print(f"[red]skipped[/] {escape(result.path)}: "
                              f"{escape(result.error or '')}")
                    continue
                batches.add(result)
                if since_fusion >= FUSE_EVERY:
                    drain_pending(store)
                    since_fusion = 0
            batches.flush()
            drain_pending(store)
    except ModelMissing as exc:
        _fail(str(exc))
    finally:
        store.close()
        if sources.fetcher is not None:
            sources.fetcher.close()
    for warning in sources.warnings:
        err.print(f"[yellow]warning[/] {escape(warning)}")
    err.print(f"{counts['added']} added, {counts['replaced']} replaced, "
              f"{counts['unchanged']} unchanged, {counts['failed']} failed; "
              f"{counts['events']} events stored in {store.url}")
    if counts["failed"]:
        raise typer.Exit(1)


def _note_result(result: Result) -> None:
    """What was cut from a document to keep within the budgets, and why an article
    in another language gave nothing (a mixed one may still give events from its
    English sentences)."""
    for warning in result.warnings:
        err.print(f"[yellow]warning[/] {escape(result.path)}: {escape(warning)}")
    article = result.article
    if article is not None and unsupported(article.language) and not result.events:
        err.print(f"[yellow]note[/] {escape(article.origin)}: language {article.language}: "
                  "not supported yet, 0 events")


@app.command()
def extract(inputs: InputsArgument,
            format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.jsonl,
            input_format: Annotated[Format, typer.Option(
                "--input-format", help="Read every file as this format.")] = Format.auto,
            fields: FieldsOption = None, offline: OfflineOption = False,
            no_follow: NoFollowOption = False, rate: RateOption = 1.0,
            cache_dir: CacheDirOption = None, allow_private: AllowPrivateOption = False,
            workers: WorkersOption = 1) -> None:
    """Print the events of articles without storing them (jsonl follows SCHEMA.md)."""
    _check_model()
    sources = _sources(input_format, fields, offline, no_follow, rate, cache_dir,
                       allow_private)
    found, _total = _inputs(sources, inputs)
    failed = 0
    rows = []
    try:
        for result in run_extraction(sources.items(str(f) for f in found),
                                     workers or default_workers()):
            if result.error:
                failed += 1
                err.print(f"[red]skipped[/] {escape(result.path)}: {escape(result.error)}")
                continue
            _note_result(result)
            for event in result.events:
                if format is ExtractFormat.jsonl:
                    sys.stdout.write(json.dumps(event.as_schema(), ensure_ascii=False) + "\n")
                else:
                    rows.append(event.as_schema())
    except ModelMissing as exc:
        _fail(str(exc))
    finally:
        if sources.fetcher is not None:
            sources.fetcher.close()
    if format is ExtractFormat.table:
        _print_table(rows, ["doc", "type", "source", "target", "item", "quantity", "when",
                            "status", "certainty", "attribution", "evidence"])
    if failed:
        raise typer.Exit(1)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, dict):
        if "category" in value:
            return f"{value['category']}: {value['name']}"
        if "value" in value:
            approx = "~" if value.get("approx") else ""
            high = f"-{value['high']:,}" if value.get("high") else ""
            return f"{approx}{value['value']:,}{high} {value['unit']}"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value)


def _print_table(rows: list[dict], columns: list[str]) -> None:
    table = Table(show_lines=False, expand=False)
    for c in columns:
        table.add_column(c, overflow="fold", max_width=60 if c == "evidence" else None)
    for r in rows:
        table.add_row(*[Text(_cell(r.get(c))) for c in columns])
    out.print(table)


def _emit(rows: list[dict], columns: list[str], format: ListFormat) -> None:
    if format is ListFormat.json:
        out.print_json(json.dumps(rows, ensure_ascii=False, default=str))
    elif format is ListFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else columns)
        writer.writeheader()
        writer.writerows(rows)
    else:
        _print_table(rows, columns)


TypeOption = Annotated[str | None, typer.Option("--type", help=", ".join(EVENT_TYPES))]
SourceOption = Annotated[str | None, typer.Option(help="Actor id, e.g. PRK")]
TargetOption = Annotated[str | None, typer.Option(help="Actor id, e.g. RUS")]
ItemOption = Annotated[str | None, typer.Option(help="Item category, e.g. missile")]
SinceOption = Annotated[str | None, typer.Option(help="YYYY[-MM[-DD]]")]
UntilOption = Annotated[str | None, typer.Option(help="YYYY[-MM[-DD]]")]
CertaintyOption = Annotated[str | None, typer.Option(
    help="Only this certainty or stronger: " + ", ".join(CERTAINTIES))]
DocOption = Annotated[str | None, typer.Option(help="Document id")]
ActorsOption = Annotated[str | None, typer.Option(
    help="Comma-separated actor ids: one actor, any part; several, all parties among them")]
LimitOption = Annotated[int | None, typer.Option(min=1)]
FormatOption = Annotated[ListFormat, typer.Option("--format", "-f")]


def _check_filters(type: str | None, certainty: str | None, since: str | None,
                   until: str | None) -> None:
    if type and type not in EVENT_TYPES:
        _fail(f"unknown event type {type!r}; one of {', '.join(EVENT_TYPES)}")
    if certainty and certainty not in CERTAINTIES:
        _fail(f"unknown certainty {certainty!r}; one of {', '.join(CERTAINTIES)}")
    for name, value in (("since", since), ("until", until)):
        if value and not _is_partial_date(value):
            _fail(f"--{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")


def _actor_ids(actors: str | None) -> tuple[str, ...]:
    if not actors:
        return ()
    from axiswatch.query.filters import parse_actors

    ids = parse_actors(actors)
    if not ids or any(not a.replace("_", "").replace("-", "").isalnum() for a in ids):
        _fail(f"--actors takes actor ids separated by commas, e.g. PRK,RUS; not {actors!r}")
    return ids


MinScoreOption = Annotated[float | None, typer.Option(
    min=0.0, max=1.0, help="Extraction confidence (the model's score) at least this; "
    "events of the rules alone have none and pass")]


@app.command()
def events(
    db: DbOption = None, type: TypeOption = None, source: SourceOption = None,
    target: TargetOption = None, item: ItemOption = None, since: SinceOption = None,
    until: UntilOption = None, certainty: CertaintyOption = None, doc: DocOption = None,
    actors: ActorsOption = None, limit: LimitOption = None,
    min_score: MinScoreOption = None,
    format: FormatOption = ListFormat.table,
) -> None:
    """List stored events."""
    from axiswatch.query.events import EventFilter, event_record, find_events

    _check_filters(type, certainty, since, until)
    store = _open_store(db)
    with store.session() as session:
        rows = [event_record(r) for r in find_events(session, EventFilter(
            type=type, source=source, target=target, item=item, since=since, until=until,
            certainty=certainty, document=doc, actors=_actor_ids(actors), limit=limit,
            min_score=min_score))]
    store.close()
    _emit(rows, ["id", "doc", "type", "source", "target", "item_category", "quantity", "unit",
                 "when", "status", "certainty", "score", "attribution"], format)


def _is_partial_date(value: str) -> bool:
    import re

    return re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) is not None


@app.command()
def actors(
    db: DbOption = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """List actors with how often they act and are acted upon."""
    from axiswatch.query.events import actor_summary

    store = _open_store(db)
    with store.session() as session:
        rows = actor_summary(session)
    store.close()
    _emit(rows, ["id", "name", "kind", "as_source", "as_target"], format)


@app.command()
def show(event_id: Annotated[int, typer.Argument(help="Event id from `axiswatch events`.")],
         db: DbOption = None) -> None:
    """Show an event with its evidence sentence highlighted in its paragraph."""
    from axiswatch.query.events import event_record, get_event, paragraph_of

    store = _open_store(db)
    with store.session() as session:
        row = get_event(session, event_id)
        if row is None:
            store.close()
            _fail(f"no event with id {event_id}")
        record = event_record(row)
        header = Text()
        header.append(f"#{row.id} {row.type} ", style="bold")
        header.append(f"{row.source_id} → {row.target_id or '—'}")
        if row.item:
            header.append(f"  [{row.item.category}: {row.item.name}]")
        out.print(header)
        for key in ("quantity", "unit", "when", "status", "certainty", "attribution"):
            if record[key] is not None:
                out.print(f"  {key}: {_cell(record[key])}")
        out.print(f"  document: {row.document.doc_id} ({row.document.published or 'undated'}) "
                  f"— {row.document.title}")
        for ev in row.evidence:
            paragraph = Text()
            for s in paragraph_of(session, ev.sentence):
                style = "bold black on yellow" if s.id == ev.sentence_id else ""
                paragraph.append(s.text, style=style)
                paragraph.append(" ")
            out.print(paragraph)
            out.print(f"  [dim]characters {ev.start}–{ev.end} of the cleaned text[/]")
    store.close()


@app.command()
def fuse(db: DbOption = None) -> None:
    """Recompute stories, facts and conflicts from scratch (ingest keeps them up to date)."""
    import time

    from axiswatch.store.fusion import fuse_all

    store = _open_store(db)
    started = time.perf_counter()
    with _progress(2) as progress, store.session() as session, session.begin():
        task = progress.add_task("fusing", total=None)

        def report(stage: str, done: int, total: int) -> None:
            progress.update(task, description=stage, completed=done, total=total)

        count = fuse_all(session, report)
    store.close()
    err.print(f"{count} facts from scratch in {time.perf_counter() - started:.1f} s")


def _fact_filter(type, source, target, item, since, until, certainty, doc, actors, limit,
                 min_sources=None, contested=False, min_score=None):
    from axiswatch.query.facts import FactFilter

    _check_filters(type, certainty, since, until)
    return FactFilter(type=type, source=source, target=target, item=item, since=since,
                      until=until, certainty=certainty, document=doc,
                      actors=_actor_ids(actors), limit=limit, min_sources=min_sources,
                      contested=contested, min_score=min_score)


@app.command()
def facts(
    db: DbOption = None, type: TypeOption = None, source: SourceOption = None,
    target: TargetOption = None, item: ItemOption = None, since: SinceOption = None,
    until: UntilOption = None, certainty: CertaintyOption = None, doc: DocOption = None,
    actors: ActorsOption = None, limit: LimitOption = None,
    min_sources: Annotated[int | None, typer.Option(
        min=1, help="At least this many independent sources")] = None,
    contested: Annotated[bool, typer.Option(help="Only facts someone denies")] = False,
    min_score: MinScoreOption = None,
    format: FormatOption = ListFormat.table,
) -> None:
    """List facts: events merged across documents, with their support."""
    from axiswatch.query.facts import fact_record, find_facts
    from axiswatch.store.fusion import pending_count

    f = _fact_filter(type, source, target, item, since, until, certainty, doc, actors, limit,
                     min_sources, contested, min_score)
    store = _open_store(db)
    with store.session() as session:
        rows = [fact_record(r) for r in find_facts(session, f)]
        waiting = pending_count(session)
    if waiting:
        err.print(f"[yellow]note:[/] {waiting} group(s) of events await fusion (an ingest was "
                  "stopped); run `axiswatch fuse` or ingest again")
    store.close()
    _emit(rows, ["id", "type", "source", "target", "item_category", "period_start",
                 "period_end", "sources", "documents", "strongest", "weakest", "confidence",
                 "contested"], format)


@app.command()
def fact(fact_id: Annotated[str, typer.Argument(help="Fact id from `axiswatch facts`.")],
         db: DbOption = None, format: FormatOption = ListFormat.table) -> None:
    """Show a fact with its support and every sentence that states it."""
    from axiswatch.query.facts import evidence_record, fact_evidence, fact_record, get_fact

    store = _open_store(db)
    with store.session() as session:
        row = get_fact(session, fact_id)
        if row is None:
            store.close()
            _fail(f"no fact with id {fact_id!r}")
        record = fact_record(row)
        evidence = [evidence_record(e) for e in fact_evidence(session, fact_id)]
    store.close()
    if format is not ListFormat.table:
        record["evidence"] = evidence
        _emit([record] if format is ListFormat.json else evidence, [], format)
        return
    out.print(Text(f"{row.id} {row.type} {row.source_id} → {row.target_id or '—'} "
                   f"{row.item_category or ''}", style="bold"))
    for key in ("period_start", "period_end", "first_reported", "last_reported", "sources",
                "denials", "documents", "strongest", "weakest", "confidence", "contested",
                "attributions", "publishers", "statuses"):
        out.print(Text(f"  {key}: {_cell(record[key])}"))
    _print_table(evidence, ["doc", "publisher", "published", "certainty", "quantity", "unit",
                            "when", "attribution", "evidence"])


@app.command()
def timeline(
    db: DbOption = None, actors: ActorsOption = None, type: TypeOption = None,
    source: SourceOption = None, target: TargetOption = None, item: ItemOption = None,
    since: SinceOption = None, until: UntilOption = None, certainty: CertaintyOption = None,
    doc: DocOption = None, limit: LimitOption = None, format: FormatOption = ListFormat.table,
) -> None:
    """Events and facts in date order for an actor, a pair of actors or an item category."""
    from axiswatch.query.facts import timeline as build_timeline

    f = _fact_filter(type, source, target, item, since, until, certainty, doc, actors, limit)
    store = _open_store(db)
    with store.session() as session:
        rows = build_timeline(session, f)
    store.close()
    _emit(rows, ["date", "kind", "id", "type", "source", "target", "item_category",
                 "certainty", "detail"], format)


@app.command()
def figures(
    db: DbOption = None, type: TypeOption = None, source: SourceOption = None,
    target: TargetOption = None, item: ItemOption = None, since: SinceOption = None,
    until: UntilOption = None, actors: ActorsOption = None,
    unit: Annotated[str | None, typer.Option(help="Only this unit, e.g. containers")] = None,
    format: FormatOption = ListFormat.table,
) -> None:
    """Figure series: what was reported for each flow over time, units kept apart."""
    from axiswatch.query.facts import find_series, series_rows

    f = _fact_filter(type, source, target, item, since, until, None, None, actors, None)
    store = _open_store(db)
    with store.session() as session:
        rows = series_rows(find_series(session, f, unit))
    store.close()
    _emit(rows, ["source", "target", "unit", "date", "reported", "value", "high", "bound",
                 "reporter",
                 "publisher", "doc", "certainty"], format)


@app.command()
def conflicts(
    db: DbOption = None, type: TypeOption = None, source: SourceOption = None,
    target: TargetOption = None, item: ItemOption = None, doc: DocOption = None,
    actors: ActorsOption = None, limit: LimitOption = None,
    format: FormatOption = ListFormat.table,
) -> None:
    """Contradictions: facts that some sources deny, figures that disagree."""
    from axiswatch.query.facts import conflict_record, find_conflicts

    f = _fact_filter(type, source, target, item, None, None, None, doc, actors, limit)
    store = _open_store(db)
    with store.session() as session:
        rows = [conflict_record(session, r, with_evidence=format is ListFormat.json)
                for r in find_conflicts(session, f)]
    store.close()
    _emit(rows, ["id", "kind", "fact", "source", "target", "item_category", "unit", "period",
                 "detail", "stating", "contrary"], format)


def _since(value: str | None):
    from datetime import datetime

    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.rstrip("Z"))
    except ValueError:
        _fail(f"--since: not a date or time (YYYY-MM-DD or YYYY-MM-DDTHH:MM): {value!r}")


@app.command()
def alerts(db: DbOption = None,
           watch: Annotated[str | None, typer.Option(help="Only this watch's alerts.")] = None,
           rule: Annotated[str | None, typer.Option(help="Only this rule's alerts.")] = None,
           since: Annotated[str | None, typer.Option(
               help="Raised at or after this date or time (UTC).")] = None,
           items: Annotated[str | None, typer.Option(
               "--items", help="Instead of alerts, what the watch took in: all, stored, "
                               "failed or retry.")] = None,
           limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
           format: FormatOption = ListFormat.table) -> None:
    """Alerts raised by `axiswatch watch`, newest first (or the items it took in)."""
    from axiswatch.query.alerts import find_alerts, watch_items

    if items is not None and items not in ("all", "stored", "failed", "retry"):
        _fail(f"--items: all, stored, failed or retry, not {items!r}")
    store = _open_store(db)
    with store.session() as session:
        if items is not None:
            rows = watch_items(session, watch, None if items == "all" else items, limit)
            columns = ["seen", "watch", "source", "key", "status", "attempts", "doc", "detail"]
        else:
            rows = find_alerts(session, watch, rule, _since(since), limit)
            if format is not ListFormat.json:
                rows = [{k: v for k, v in r.items() if k != "payload"} for r in rows]
            columns = ["created", "watch", "rule", "message", "fact", "delivered"]
    store.close()
    _emit(rows, columns, format)


@app.command()
def serve(db: DbOption = None,
          host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
          workers: Annotated[int, typer.Option(
              "--workers", "-w", min=0, help="Server processes (0 = all cores)")] = 1,
          cache: Annotated[int, typer.Option(
              min=0, help="Responses cached per process until the store changes "
                          "(0 = none)")] = 256,
          token: Annotated[str | None, typer.Option(
              envvar="AXISWATCH_TOKEN", show_envvar=True,
              help="Writes (uploads) need this token; made up and printed when the "
                   "server listens beyond loopback without one")] = None,
          private: Annotated[bool, typer.Option(
              "--private", help="Reads of the API need the token too")] = False,
          allow_host: Annotated[list[str] | None, typer.Option(
              "--allow-host", help="A host name clients use to reach the server "
                                   "(repeat; required beyond loopback)")] = None,
          drain_every: Annotated[float, typer.Option(
              min=0.0, help="Seconds between runs of the fusion a stopped ingest left "
                            "queued (also run at start; 0 = only at start)")] = 30.0) -> None:
    """Serve the web page and the REST API (OpenAPI at /docs and /openapi.json)."""
    _check_model()
    import os

    import uvicorn

    from axiswatch.interfaces.access import AccessError, serving_access
    from axiswatch.store.database import resolve_url

    try:
        access, notes = serving_access(host, token, private, allow_host or [])
    except AccessError as exc:
        _fail(str(exc))
        return

    url = resolve_url(db)
    drainer = _start_draining(url, drain_every)  # fails here, clearly, not in every worker
    os.environ["AXISWATCH_DB"] = url
    os.environ["AXISWATCH_API_CACHE"] = str(cache)
    os.environ.update(access.to_environment())
    err.print(f"axiswatch on http://{host}:{port}/ (API at /api, store {url})")
    for note in notes:
        err.print(escape(note))
    try:
        uvicorn.run("axiswatch.interfaces.api:app_from_environment", factory=True, host=host,
                    port=port, workers=workers or default_workers(), log_level="warning")
    finally:
        if drainer is not None:
            drainer.stop()
            drainer.store.close()


def _start_draining(url: str, interval: float):
    """Recompute the facts a stopped ingest left queued, now and (with ``interval``)
    every ``interval`` seconds in this process, whatever the server's worker count."""
    from axiswatch.store.drain import Drainer, drain_pending

    try:
        store = Store(url)
        drained = drain_pending(store)
    except Exception as exc:  # the store cannot be opened or read: one clear line
        _fail(str(exc))
    if drained:
        err.print(f"recomputed {drained} queued unit(s) of facts")
    if not interval:
        store.close()
        return None
    return Drainer(store, interval).start()


@app.command()
def watch(config: Annotated[Path, typer.Argument(help="The watch's YAML configuration.")],
          once: Annotated[bool, typer.Option("--once", help="Poll once, then stop.")] = False,
          polls: Annotated[int | None, typer.Option(
              min=1, help="Stop after this many polls.")] = None) -> None:
    """Poll feeds and folders, take in new articles, update facts and raise alerts."""
    import signal

    _check_model()

    from axiswatch.watch.config import ConfigError, load_config
    from axiswatch.watch.runner import Watcher

    try:
        settings = load_config(config)
    except ConfigError as exc:
        _fail(str(exc))
        return
    try:
        watcher = Watcher(settings, console=err)
    except (StoreError, OSError) as exc:
        _fail(str(exc))
        return

    def stop(_signum, _frame) -> None:
        if watcher.stopping:
            raise KeyboardInterrupt
        watcher.stopping = True
        err.print("stopping after the current article (again to stop now)")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    names = ", ".join(s.location for s in settings.sources)
    err.print(f"watch {settings.name}: {len(settings.sources)} source(s) ({escape(names)}), "
              f"{len(settings.rules)} rule(s), every {settings.interval:g} s; "
              f"store {watcher.store.url}")
    try:
        watcher.run(polls=1 if once else polls)
    except ModelMissing as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        err.print("stopped")
    finally:
        watcher.close()


@app.command("eval")
def eval_command(gold: Path, pred: Path,
                 as_json: Annotated[bool, typer.Option("--json")] = False,
                 explain: Annotated[bool, typer.Option(
                     "--explain", help="List misses and false alarms grouped by cause.")] = False,
                 limit: Annotated[int, typer.Option(
                     help="With --explain: examples shown per cause (0: all).")] = 5) -> None:
    """Precision, recall and F1 per event type of PRED against GOLD (jsonl)."""
    from axiswatch.evaluate import EvalError, evaluate, load_jsonl
    from axiswatch.learn.explain import explain as explain_errors

    try:
        gold_rows, pred_rows = load_jsonl(gold), load_jsonl(pred)
        result = evaluate(gold_rows, pred_rows)
    except EvalError as exc:
        _fail(str(exc))
        return
    why = explain_errors(gold_rows, pred_rows) if explain else None
    if as_json:
        if why is not None:
            result["explain"] = {c: [{"gold": k.gold, "extracted": k.pred} for k in cases]
                                 for c, cases in why.cases.items()}
        out.print_json(json.dumps(result))
        return
    for kind, m in result["per_type"].items():
        out.print(f"{kind:12} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} "
                  f"(tp={m['tp']} fp={m['fp']} fn={m['fn']})")
    a = result["matched"]
    out.print(f"matched attributes: certainty={a['certainty']:.3f} when={a['when']:.3f} "
              f"quantity={a['quantity']:.3f}")
    o = result["overall"]
    out.print(f"overall P={o['precision']:.3f} R={o['recall']:.3f} F1={o['f1']:.3f}")
    if why is not None:
        _print_explanation(why, limit)


def _print_explanation(why, limit: int) -> None:
    out.print()
    out.print("[bold]errors by cause[/] " + ", ".join(
        f"{c}: {n}" for c, n in why.counts().items()))
    for cause, cases in why.cases.items():
        if not cases:
            continue
        out.print(f"\n[bold]{cause}[/] ({len(cases)})")
        for case in cases[:limit or None]:
            row = case.gold or case.pred or {}
            out.print(f"  {escape(str(row.get('doc')))}: {escape(case.describe())}")
            evidence = (case.gold or {}).get("evidence") or (case.pred or {}).get("evidence")
            out.print(f"    [dim]{escape(str(evidence or ''))[:400]}[/]")
            if case.gold and case.pred and case.pred.get("evidence") != case.gold.get("evidence"):
                source = escape(str(case.pred.get("evidence")))[:300]
                out.print(f"    [dim]extracted from: {source}[/]")


@app.command("train")
def train_command(
        gold: Annotated[list[Path], typer.Argument(
            help="Gold events (jsonl); their texts in docs/ beside them")],
        output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the model")],
        docs: Annotated[list[Path] | None, typer.Option(
            "--docs", help="Another folder of <doc>.txt texts.")] = None,
        folds: Annotated[int, typer.Option(min=2, max=20)] = 5,
        report: Annotated[Path | None, typer.Option(
            help="Write the cross-validation report (JSON) here.")] = None,
        predictions: Annotated[Path | None, typer.Option(
            help="Write the cross-validated events (jsonl) here, for eval --explain.")] = None,
) -> None:
    """Train the event model from annotated articles (cross-validated, deterministic)."""
    from axiswatch.evaluate import EvalError
    from axiswatch.learn.dataset import find_gold_docs, load_examples
    from axiswatch.learn.report import (
        calibration_table,
        cv_scores,
        key_calibration_table,
        out_of_fold_events,
    )
    from axiswatch.learn.train import Settings, train

    try:
        examples = load_examples(find_gold_docs(gold, docs or []), progress=True)
    except EvalError as exc:
        _fail(str(exc))
        return
    except ModelMissing as exc:
        _fail(str(exc))
        return
    err.print(f"{len(examples)} annotated articles, "
              f"{sum(len(e.gold) for e in examples)} gold events, "
              f"{sum(len(e.analysis.proposals) for e in examples)} proposals")
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("cross-validating", total=folds)
        try:
            model, oof = train(examples, Settings(folds=folds),
                               on_fold=lambda _n: bar.advance(task))
        except ValueError as exc:
            _fail(str(exc))
            return
    events = out_of_fold_events(examples, oof)
    scores = cv_scores(examples, events)
    table = calibration_table(examples, events)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(output.suffix + ".tmp")
    tmp.write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n",
                   encoding="utf-8")
    tmp.replace(output)
    out.print(f"[bold]cross-validated ({folds} folds by document)[/]")
    for kind, m in scores["per_type"].items():
        out.print(f"{kind:12} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} "
                  f"(tp={m['tp']} fp={m['fp']} fn={m['fn']})")
    a, o = scores["matched"], scores["overall"]
    out.print(f"matched attributes: certainty={a['certainty']:.3f} when={a['when']:.3f} "
              f"quantity={a['quantity']:.3f}")
    out.print(f"overall P={o['precision']:.3f} R={o['recall']:.3f} F1={o['f1']:.3f}")
    out.print("calibration (events kept, cross-validated): score  events  right")
    for row in table:
        share = "" if row["share"] is None else f"{row['share']:.2f}"
        out.print(f"  {row['from']:.1f}-{row['to']:.1f}  {row['events']:6d}  {share}")
    out.print(f"threshold {model.threshold:.3f}, {len(model.events.weights)} features; "
              f"model written to {escape(str(output))}")
    if predictions is not None:
        predictions.write_text("".join(json.dumps(e.as_schema(), ensure_ascii=False) + "\n"
                                       for e in events), encoding="utf-8")
    if report is not None:
        report.write_text(json.dumps({"cv": scores, "calibration": table,
                                      "key_calibration": key_calibration_table(examples, oof),
                                      "threshold": model.threshold, "meta": model.meta},
                                     indent=2, default=list) + "\n", encoding="utf-8")


from axiswatch.interfaces import cli_import  # noqa: E402

cli_import.register(app)


from axiswatch.interfaces import cli_export  # noqa: E402

cli_export.register(app)

from axiswatch.interfaces import cli_report  # noqa: E402

cli_report.register(app)

from axiswatch.interfaces import cli_scale  # noqa: E402

cli_scale.register(app)


def main() -> None:
    app()
