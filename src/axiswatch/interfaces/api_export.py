"""``GET /api/export``: the exports of ``axiswatch export`` over HTTP.

The file is written to a temporary file (in a worker thread, a batch of rows
at a time), then streamed with its media type and a ``Content-Disposition``
file name, and removed. Filters are those of ``/api/facts``; ``what=events``
exports events for the table formats.
"""

# no ``from __future__ import annotations``: the endpoint's parameter types are
# taken from api.py when the routes are added, and FastAPI reads them as objects

import os
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from axiswatch.export.formats import ExportError, Format, What, bundle_writer, export_for
from axiswatch.query.facts import FactFilter
from axiswatch.query.filters import parse_actors
from axiswatch.store.database import Store

BUNDLE_MEDIA_TYPE = "application/gzip"
BUNDLE_FILENAME = "axiswatch-bundle.jsonl.gz"


def _temporary_file() -> Path:
    handle, name = tempfile.mkstemp(prefix="axiswatch-export-")
    os.close(handle)
    return Path(name)


def _write_bundle(store: Store, f: FactFilter) -> Path:
    write_bundle = bundle_writer()
    if write_bundle is None:
        raise HTTPException(501, "bundle export is not available")
    path = _temporary_file()
    try:
        write_bundle(store, path, None if f == FactFilter() else f)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _write_export(store: Store, format: Format, what: What, f: FactFilter) -> tuple[Path, str,
                                                                                     str]:
    try:
        chosen = export_for(format, what)
    except ExportError as exc:
        raise HTTPException(422, f"invalid parameters: {exc}") from None
    path = _temporary_file()
    try:
        with store.session() as session, path.open("wb") as out:
            chosen.write(session, f, out)
    except ExportError as exc:
        path.unlink(missing_ok=True)
        raise HTTPException(422, f"invalid parameters: {exc}") from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, chosen.media_type, chosen.filename


def export_routes(app: FastAPI, store: Store) -> None:
    """Add ``GET /api/export`` to ``app``, exporting from ``store``."""
    from axiswatch.interfaces.api import (
        ActorQ,
        ActorsQ,
        CertaintyQ,
        DateQ,
        DocQ,
        ItemQ,
        MinScoreQ,
        TypeQ,
    )

    @app.get("/api/export", response_class=FileResponse, responses={
        200: {"description": "The exported file", "content": {
            "text/csv": {}, "application/x-ndjson": {}, "application/vnd.apache.parquet": {},
            "application/graphml+xml": {}, "application/gexf+xml": {},
            BUNDLE_MEDIA_TYPE: {}}}})
    def export(format: Annotated[Format, Query(description=(
                   "csv, jsonl, parquet (facts, or events with what=events); graphml, gexf; "
                   "ftm; sipri; bundle"))],
               what: Annotated[What, Query()] = What.facts,
               type: TypeQ = None, source: ActorQ = None, target: ActorQ = None,
               item: ItemQ = None, since: DateQ = None, until: DateQ = None,
               certainty: CertaintyQ = None, doc: DocQ = None, actors: ActorsQ = None,
               min_sources: Annotated[int | None, Query(ge=1, le=10_000)] = None,
               contested: bool = False, min_score: MinScoreQ = None,
               limit: Annotated[int | None, Query(ge=1, le=10_000_000)] = None) -> FileResponse:
        """The store, or the slice the filters select, as a file for other tools."""
        f = FactFilter(type=type, source=source, target=target, item=item, since=since,
                       until=until, certainty=certainty, document=doc,
                       actors=parse_actors(actors), min_sources=min_sources,
                       contested=contested, min_score=min_score, limit=limit)
        if format is Format.bundle:
            if what is not What.facts:
                raise HTTPException(422, "invalid parameters: what applies to csv, jsonl "
                                         "and parquet")
            path, media_type, filename = _write_bundle(store, f), BUNDLE_MEDIA_TYPE, \
                BUNDLE_FILENAME
        else:
            path, media_type, filename = _write_export(store, format, what, f)
        return FileResponse(path, media_type=media_type, filename=filename,
                            background=BackgroundTask(path.unlink, missing_ok=True))
