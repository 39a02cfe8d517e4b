"""``axiswatch export``: the store, or a slice of it, as a file for other tools.

Registered on the main app by :mod:`axiswatch.interfaces.cli` (at its end, so
this module can use that one's options and helpers).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from axiswatch.export.formats import ExportError, Format, What, bundle_writer, export_for
from axiswatch.interfaces.cli import (
    ActorsOption,
    CertaintyOption,
    DbOption,
    DocOption,
    ItemOption,
    LimitOption,
    MinScoreOption,
    SinceOption,
    SourceOption,
    TargetOption,
    TypeOption,
    UntilOption,
    _fact_filter,
    _fail,
    _open_store,
    err,
)
from axiswatch.query.facts import FactFilter
from axiswatch.store.database import Store

ExportFormatOption = Annotated[Format, typer.Option(
    "--format", "-f", help="csv, jsonl, parquet (facts or --what events); graphml, gexf "
    "(the network); ftm (FollowTheMoney entities); sipri (transfer register, CSV); bundle")]
WhatOption = Annotated[What, typer.Option(
    "--what", help="For csv, jsonl and parquet: facts or events")]
OutputOption = Annotated[str, typer.Option(
    "--output", "-o", help="File to write ('-' for standard output, not for bundle)")]


def _write_atomically(path: Path, write) -> int:
    """Run ``write(binary_file)`` into a temporary file beside ``path``, then put it in
    place: a failed export leaves no half-written file behind."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        _fail(f"the output is a folder, not a file: {path}")
    if not folder.is_dir():
        _fail(f"folder for the output does not exist: {folder}")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            count = write(out)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def _export_bundle(store: Store, f: FactFilter, output: str) -> None:
    write_bundle = bundle_writer()
    if write_bundle is None:
        store.close()
        _fail("bundle export is not available")
    if output == "-":
        store.close()
        _fail("a bundle is written to a file: give -o FILE")
    count = write_bundle(store, Path(output), None if f == FactFilter() else f)
    store.close()
    err.print(f"{count} documents written to {escape(output)} (bundle)")


def export(
    output: OutputOption, format: ExportFormatOption, what: WhatOption = What.facts,
    db: DbOption = None, type: TypeOption = None, source: SourceOption = None,
    target: TargetOption = None, item: ItemOption = None, since: SinceOption = None,
    until: UntilOption = None, certainty: CertaintyOption = None, doc: DocOption = None,
    actors: ActorsOption = None, limit: LimitOption = None,
    min_sources: Annotated[int | None, typer.Option(
        min=1, help="At least this many independent sources")] = None,
    contested: Annotated[bool, typer.Option(help="Only facts someone denies")] = False,
    min_score: MinScoreOption = None,
) -> None:
    """Export facts, events, the network, FtM entities or a transfer register to a file."""
    f = _fact_filter(type, source, target, item, since, until, certainty, doc, actors, limit,
                     min_sources, contested, min_score)
    if format is Format.bundle:
        if what is not What.facts:
            _fail("--what applies to csv, jsonl and parquet")
        _export_bundle(_open_store(db), f, output)
        return
    try:
        chosen = export_for(format, what)
    except ExportError as exc:
        _fail(str(exc))
    store = _open_store(db)

    def write(out) -> int:
        with store.session() as session:
            return chosen.write(session, f, out)

    try:
        if output == "-":
            count = write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            count = _write_atomically(Path(output), write)
    except ExportError as exc:
        _fail(str(exc))
    finally:
        store.close()
    err.print(f"{count} {chosen.counts} written to {escape(output)} ({chosen.name})")


def register(app: typer.Typer) -> None:
    """Add ``export`` to the command line."""
    app.command("export")(export)
