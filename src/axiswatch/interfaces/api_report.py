"""``GET /api/report``: the briefing of ``axiswatch report`` from the API, for the
page's current filter (docs/briefing.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from axiswatch.fuse.claims import interval
from axiswatch.model import EVENT_TYPES
from axiswatch.query.filters import parse_actors
from axiswatch.store.database import Store

PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# an actor id: an ISO code, an organisation, or a group's name with inner spaces
ACTOR_ID = r"[A-Za-z0-9_\-](?:[A-Za-z0-9_\- ]{0,62}[A-Za-z0-9_\-])"
ACTORS = rf"^{ACTOR_ID}(,{ACTOR_ID}){{0,19}}$"
# The briefing is a page of its own: no scripts at all, its styles inline, charts as
# data: images, nothing fetched.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")


def report_routes(app: FastAPI, store: Store) -> None:
    @app.get("/api/report", responses={200: {"content": {
        "text/html": {}, "text/markdown": {}, "application/pdf": {}}}})
    async def report(
        format: Annotated[str, Query(pattern="^(html|md|pdf)$")] = "html",
        actors: Annotated[str | None, Query(pattern=ACTORS, description="PRK or PRK,RUS")
                          ] = None,
        since: Annotated[str | None, Query(pattern=PARTIAL_DATE)] = None,
        until: Annotated[str | None, Query(pattern=PARTIAL_DATE)] = None,
        min_sources: Annotated[int | None, Query(ge=1, le=10_000)] = None,
        type: Annotated[str | None, Query(pattern="^(" + "|".join(EVENT_TYPES) + ")$")
                        ] = None,
        item: Annotated[str | None, Query(pattern=r"^[a-z_]{2,32}$")] = None,
        min_score: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    ) -> Response:
        """A briefing (summary per pair of states, key flows, figure charts, timeline,
        contradictions, footnoted sources) as HTML, Markdown (charts as data URIs) or
        PDF."""
        from axiswatch.report import MEDIA_TYPES, ReportFilter, render
        from axiswatch.report.pdf import PdfUnavailable

        for name, value in (("since", since), ("until", until)):
            try:
                if value:
                    interval(value)
            except ValueError:
                raise HTTPException(422, f"invalid parameters: {name}: not a date") from None
        if since and until and interval(since)[0] > interval(until)[1]:
            raise HTTPException(422, "invalid parameters: since: is after until")
        f = ReportFilter(actors=parse_actors(actors), since=since, until=until,
                         min_sources=min_sources, type=type, item=item, min_score=min_score)

        def build() -> bytes:
            with store.session() as s:
                return render(s, f, format)

        try:
            body = await run_in_threadpool(build)
        except PdfUnavailable as exc:
            raise HTTPException(503, str(exc)) from None
        name = "briefing" + ("-" + "-".join(f.actors) if f.actors else "")
        disposition = "attachment" if format == "md" else "inline"
        headers = {"Content-Disposition": f'{disposition}; filename="{name}.{format}"'}
        if format == "html":
            headers["Content-Security-Policy"] = REPORT_CSP
        return Response(body, media_type=MEDIA_TYPES[format], headers=headers)
