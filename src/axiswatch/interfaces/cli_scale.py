"""``axiswatch backfill`` and ``axiswatch load``: archives at scale.

``backfill`` reads an archive (folders, JSONL/CSV, Parquet, WARC), cleans and
extracts it in partitions on an engine (this process, or Ray), and writes
partitioned Parquet; ``load`` puts that output into a store in batches and
fuses once. Registered on the main app by :mod:`axiswatch.interfaces.cli`.
"""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from axiswatch.ingest.corpus import Fields
from axiswatch.ingest.sources import Format
from axiswatch.interfaces.cli import (
    DbOption,
    FieldsOption,
    _check_model,
    _fail,
    _open_store,
    err,
)


class Engine(StrEnum):
    local = "local"
    ray = "ray"


def _live(description: str) -> Progress:
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TextColumn("{task.fields[note]}"),
                    TimeElapsedColumn(), console=err, disable=not err.is_terminal)


def backfill(
    inputs: Annotated[list[str], typer.Argument(
        help="Files and folders: text, HTML, JSONL, CSV, Parquet, WARC (.warc, .warc.gz).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the Parquet output.")],
    engine: Annotated[Engine, typer.Option(help="Where to run: this process, or Ray.")]
    = Engine.local,
    address: Annotated[str | None, typer.Option(
        help="Ray cluster to join: 'auto' or ray://HOST:10001 (default: start a local Ray).")]
    = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", min=1, help="Ray actors (default: one per CPU of the cluster).")]
    = None,
    partition_size: Annotated[int, typer.Option(
        "--partition-size", min=1, help="Records per partition (and per output file).")] = 500,
    format: Annotated[Format, typer.Option(
        "--format", help="Read every file as this format (default: by extension, then "
                         "content).")] = Format.auto,
    fields: FieldsOption = None,
) -> None:
    """Extract an archive in partitions, on this process or a Ray cluster, into Parquet.

    A job started again skips the partitions it finished; one bad record is
    logged with its reason and never stops the job."""
    from axiswatch.backfill.engines import EngineError, LocalEngine, RayEngine
    from axiswatch.backfill.job import BackfillError, run_backfill

    _check_model()
    try:
        mapping = Fields.parse(fields)
    except ValueError as exc:
        _fail(str(exc))
    try:
        runner = LocalEngine(mapping) if engine is Engine.local else \
            RayEngine(mapping, address=address, workers=workers)
    except EngineError as exc:
        _fail(str(exc))
    if runner.dashboard_url:
        err.print(f"Ray dashboard: {runner.dashboard_url}")
    logged = 0

    def on_error(row: dict) -> None:
        nonlocal logged
        logged += 1
        if logged <= 20:
            err.print(f"[yellow]skipped[/] {escape(row['origin'])}: {escape(row['reason'])}")
        elif logged == 21:
            err.print("[yellow]more records skipped[/]: see the errors table of the output")

    try:
        with _live("backfill") as bar:
            task = bar.add_task(f"backfill ({runner.name}, {runner.workers} workers)",
                                total=None, note="")

            def progress(read: int, done: int, skipped: int) -> None:
                bar.update(task, completed=done,
                           note=f"{read:,} records read, {skipped} partitions done before")

            summary = run_backfill(inputs, out, runner, mapping, format, partition_size,
                                   progress, on_error)
    except (BackfillError, EngineError) as exc:
        _fail(str(exc))
    finally:
        runner.close()
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    err.print(f"{summary.partitions} partitions ({summary.skipped} done before), "
              f"{summary.documents:,} documents, {summary.events:,} events, "
              f"{summary.errors:,} records skipped; {rate:.1f} documents/s; output in {out}")
    for failure in summary.failed:
        err.print(f"[red]partition failed[/] {escape(failure)} (run again to retry it)")
    if summary.failed:
        raise typer.Exit(1)


def load(
    folder: Annotated[Path, typer.Argument(help="A backfill's output folder.")],
    db: DbOption = None,
    batch: Annotated[int, typer.Option(min=1, help="Documents per transaction.")] = 500,
) -> None:
    """Load a backfill's Parquet output into the store in batches, then fuse once."""
    from axiswatch.backfill.load import LoadError, load_output

    store = _open_store(db)
    started = time.perf_counter()
    try:
        with _live("load") as bar:
            task = bar.add_task("loading", total=None, note="")

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(task, description=stage, completed=done, total=total)

            summary = load_output(store, folder, batch, progress)
    except LoadError as exc:
        _fail(str(exc))
    finally:
        store.close()
    seconds = time.perf_counter() - started
    loaded = summary.added + summary.replaced + summary.unchanged
    for problem in summary.problems[:20]:
        err.print(f"[yellow]skipped[/] {escape(problem)}")
    err.print(f"{summary.partitions} partitions: {summary.added:,} added, "
              f"{summary.replaced:,} replaced, {summary.unchanged:,} unchanged, "
              f"{summary.failed} failed; {summary.events:,} events "
              f"({summary.skipped_events} invalid rows skipped), {summary.facts:,} facts; "
              f"{loaded / seconds if seconds else 0:.0f} documents/s into {store.url}")
    if summary.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("backfill")(backfill)
    app.command("load")(load)
