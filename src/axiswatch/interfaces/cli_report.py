"""``axiswatch report``: a briefing of the store or a slice of it (docs/briefing.md)."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"


def register(app: typer.Typer) -> None:
    @app.command()
    def report(
        output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
        format: Annotated[ReportFormat | None, typer.Option(
            "--format", "-f", help="md, html or pdf (default: from the file's extension)")
        ] = None,
        db: Annotated[str | None, typer.Option("--db", help="Database URL or SQLite path "
                      "[env AXISWATCH_DB; default sqlite:///axiswatch.db]")] = None,
        actors: Annotated[str | None, typer.Option(
            help="Comma-separated actor ids: one actor, any part; several, all parties "
                 "among them")] = None,
        since: Annotated[str | None, typer.Option(help="YYYY[-MM[-DD]]")] = None,
        until: Annotated[str | None, typer.Option(help="YYYY[-MM[-DD]]")] = None,
        min_sources: Annotated[int | None, typer.Option(
            min=1, help="Only facts with at least this many independent sources")] = None,
        type: Annotated[str | None, typer.Option(help="Only this event type")] = None,
        item: Annotated[str | None, typer.Option(help="Only this item category")] = None,
        min_score: Annotated[float | None, typer.Option(
            min=0.0, max=1.0, help="Only facts with an event the model scored this high")
        ] = None,
    ) -> None:
        """Write a briefing: a summary per pair of states, key flows, figure charts,
        a timeline and open contradictions, every statement footnoted to its sources.

        Markdown's charts are PNG files in a folder beside it (FILE-figures/)."""
        from axiswatch.interfaces.cli import _actor_ids, _check_filters, _fail, _open_store, err
        from axiswatch.report import ReportFilter, render
        from axiswatch.report.pdf import PdfUnavailable

        fmt = format.value if format else output.suffix.lstrip(".").lower()
        if fmt == "markdown":
            fmt = "md"
        if fmt not in ("md", "html", "pdf"):
            _fail(f"say --format md, html or pdf (the extension {output.suffix!r} does not)")
        _check_filters(type, None, since, until)
        f = ReportFilter(actors=_actor_ids(actors), since=since, until=until,
                         min_sources=min_sources, type=type, item=item, min_score=min_score)
        figures = output.with_name(output.stem + "-figures")

        def beside(series_id: str, png: bytes) -> str:
            figures.mkdir(parents=True, exist_ok=True)
            (figures / f"{series_id}.png").write_bytes(png)
            return f"{figures.name}/{series_id}.png"

        store = _open_store(db)
        started = time.perf_counter()
        try:
            with store.session() as session:
                data = render(session, f, fmt, image=beside if fmt == "md" else None)
        except PdfUnavailable as exc:
            _fail(str(exc))
        finally:
            store.close()
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_bytes(data)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
        err.print(f"wrote {output} ({fmt}, {len(data):,} bytes) in "
                  f"{time.perf_counter() - started:.1f} s")
