"""The REST API (FastAPI): documents, events, facts, actors, figure series,
conflicts, timeline, graph and full-text search, with the CLI's filters and
pagination. Errors are JSON with a message; bad parameters are 4xx: an
impossible date, a negative count, a window whose ``since`` is after its
``until`` and an actor id neither in the store nor in the gazetteer are each a
422 naming the parameter. Lists give ``total`` (all matching rows) beside
``count`` (rows in this page), ``limit`` and ``offset``. ``/docs`` is Swagger
UI from an installed package (:mod:`axiswatch.interfaces.api_docs`). See
docs/api.md.

``create_app(url)`` builds the app over one store; ``axiswatch serve`` runs it
with uvicorn. Every request passes the access rules of
:mod:`axiswatch.interfaces.access` first (allowed hosts, no cross-site writes,
the token); writes are recorded in the store's audit log.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import AfterValidator
from sqlalchemy import func, select
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.reader import MAX_BYTES, safe_id
from axiswatch.ingest.sources import read_upload
from axiswatch.interfaces.access import Access, Refusal
from axiswatch.interfaces.api_docs import docs_routes
from axiswatch.interfaces.api_export import export_routes
from axiswatch.interfaces.api_report import ACTOR_ID, ACTORS, report_routes
from axiswatch.interfaces.cache import ResponseCache
from axiswatch.model import CERTAINTIES, EVENT_TYPES, Article, Event
from axiswatch.pipeline import ExtractionWorkers
from axiswatch.query.alerts import count_alerts, find_alerts
from axiswatch.query.events import (
    EventFilter,
    actor_summary,
    count_events,
    event_record,
    find_events,
)
from axiswatch.query.facts import (
    FactFilter,
    conflict_record,
    conflicts_of_fact,
    conflicts_page,
    count_facts,
    evidence_record,
    fact_evidence,
    fact_record,
    find_facts,
    find_series,
    get_fact,
    series_rows,
    timeline,
    timeline_total,
)
from axiswatch.query.filters import (
    DATE_FORMS,
    inverted_window,
    known_actor_ids,
    parse_actors,
    real_date,
)
from axiswatch.query.graph import graph_data
from axiswatch.query.search import count_documents, search_documents
from axiswatch.store.database import Store
from axiswatch.store.generation import read_generation
from axiswatch.store.schema import Actor, AuditEntry, Document, SentenceRow

PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
ACTOR = rf"^{ACTOR_ID}$"
MAX_UPLOAD_FILES = 50
# A request body over this is refused (413) by its Content-Length, or while it streams
# in, before it reaches the disk: an upload's files, each at most MAX_BYTES.
MAX_BODY = int(os.environ.get("AXISWATCH_MAX_BODY", "") or 2 * MAX_BYTES + 1_000_000)
MAX_OTHER_BODY = 64_000  # any other request

TypeQ = Annotated[str | None, Query(pattern="^(" + "|".join(EVENT_TYPES) + ")$")]
ActorQ = Annotated[str | None, Query(pattern=ACTOR, description=(
    "an actor id (PRK); one neither in the store nor in the gazetteer is a 422"))]
ItemQ = Annotated[str | None, Query(pattern=r"^[a-z_]{2,32}$")]
# a real year, month or day: 2024-13 and 2024-02-30 are 422s, as is since after until
DateQ = Annotated[str | None, Query(pattern=PARTIAL_DATE, description=DATE_FORMS),
                  AfterValidator(real_date)]
CertaintyQ = Annotated[str | None, Query(pattern="^(" + "|".join(CERTAINTIES) + ")$")]
DocQ = Annotated[str | None, Query(max_length=255)]
ActorsQ = Annotated[str | None, Query(pattern=ACTORS, description=(
    "PRK or PRK,RUS; an id neither in the store nor in the gazetteer is a 422"))]
LimitQ = Annotated[int, Query(ge=1, le=1000)]
MinScoreQ = Annotated[float | None, Query(ge=0.0, le=1.0, description=(
    "extraction confidence (the model's calibrated score) at least this"))]
OffsetQ = Annotated[int, Query(ge=0, le=10_000_000)]


def _page(items: list, limit: int, offset: int, total: Callable[[], int]) -> dict:
    """A page of ``items``: ``count`` rows here, ``total`` rows in all. A page shorter
    than ``limit`` is the last, so the total is known without counting."""
    last = len(items) < limit and (items or not offset)
    return {"items": items, "limit": limit, "offset": offset, "count": len(items),
            "total": offset + len(items) if last else total()}


def _listing(items: list) -> dict:
    """A whole list (no pages)."""
    return {"items": items, "count": len(items), "total": len(items)}


def _checked_filters(store: Store) -> Callable[[Request], None]:
    """A dependency of every route: a window whose ``since`` is after its ``until``,
    and an actor id (``source``, ``target``, ``actors``) neither in the store nor in
    the gazetteer, are 422s naming the parameter. Values of the wrong form are left
    to the parameters' own validation."""

    def check(request: Request) -> None:
        params = request.query_params
        since, until = params.get("since"), params.get("until")
        if inverted_window(since, until):
            raise HTTPException(422, f"invalid parameters: since: {since!r} is after "
                                     f"until {until!r}")
        asked: list[tuple[str, str]] = []
        for name, pattern in (("source", ACTOR), ("target", ACTOR), ("actors", ACTORS)):
            value = params.get(name)
            if value and re.fullmatch(pattern, value):
                asked += [(name, a) for a in parse_actors(value)]
        if not asked:
            return
        known = known_actor_ids()
        unknown = [(name, a) for name, a in asked if a not in known]
        if unknown:
            with store.session() as s:
                stored = set(s.scalars(select(Actor.id).where(
                    Actor.id.in_([a for _, a in unknown]))))
            unknown = [(name, a) for name, a in unknown if a not in stored]
        if unknown:
            raise HTTPException(422, "invalid parameters: " + "; ".join(
                f"{name}: unknown actor id {a!r} (not in the store nor the gazetteer; "
                "/api/actors lists the stored ones)" for name, a in unknown))

    return check


def create_app(url: str | None = None, cache_entries: int | None = None,
               access: Access | None = None) -> FastAPI:
    store = Store(url)
    access = access or Access.from_environment()
    if cache_entries is None:
        cache_entries = int(os.environ.get("AXISWATCH_API_CACHE", "256") or 0)
    cache = ResponseCache(cache_entries)
    # the actor ids of the gazetteer take 0.4 s to read: not in a client's request
    threading.Thread(target=known_actor_ids, name="gazetteer-actors", daemon=True).start()

    def cached(request: Request, compute) -> Response:
        """The JSON of ``compute()``, from the cache while the store has not changed."""
        with store.session() as s:
            key = (request.url.path, tuple(sorted(request.query_params.multi_items())),
                   read_generation(s))
        body = cache.get(key)
        state = "hit"
        if body is None:
            body, state = json.dumps(compute(), ensure_ascii=False).encode("utf-8"), "miss"
            cache.put(key, body)
        return Response(body, media_type="application/json", headers={"X-Cache": state})

    extraction = _Extraction()
    app = FastAPI(title="axiswatch", version="0.1.0",
                  description="Evidence-backed facts of military cooperation between states.",
                  docs_url=None, redoc_url=None, dependencies=[Depends(_checked_filters(store))])
    app.state.store = store

    @app.middleware("http")
    async def guard(request: Request, call_next):
        """The access rules; ``HEAD`` answered as ``GET`` without the body."""
        headers = {k.lower(): v for k, v in request.headers.items()}
        refusal = access.check(request.method, request.url.path, headers)
        if refusal is None and ("\x00" in request.url.path or "%00" in request.url.query):
            refusal = Refusal(422, "invalid parameters: NUL bytes are not allowed in a path "
                                   "or a parameter")
        if refusal is not None:
            return JSONResponse(status_code=refusal.status, content={"error": refusal.message})
        if request.method == "HEAD":
            request.scope["method"] = "GET"
            response = await call_next(request)
            return Response(status_code=response.status_code, headers=dict(response.headers))
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: "
                    f"{e['msg'].removeprefix('Value error, ')}" for e in exc.errors()]
        return JSONResponse(status_code=422, content={
            "error": "invalid parameters: " + "; ".join(problems)})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"error": str(exc.detail)})

    @app.exception_handler(Exception)
    async def server_error(_request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=500, content={
            "error": f"internal error: {type(exc).__name__}"})

    @app.get("/api/health")
    def health() -> dict:
        with store.session() as s:
            documents = s.scalar(select(func.count()).select_from(Document))
        return {"status": "ok", "documents": documents}

    @app.get("/api/alerts")
    def alerts(watch: Annotated[str | None, Query(max_length=64)] = None,
               rule: Annotated[str | None, Query(max_length=64)] = None,
               since: Annotated[datetime | None, Query()] = None,
               limit: LimitQ = 100, offset: OffsetQ = 0) -> dict:
        """Alerts raised by watches, newest first (never cached: watches add them)."""
        if since is not None and since.tzinfo is not None:
            try:
                since = since.astimezone(UTC).replace(tzinfo=None)
            except OverflowError:
                raise HTTPException(422, "invalid parameters: since: out of range") from None
        with store.session() as s:
            return _page(find_alerts(s, watch, rule, since, limit, offset), limit, offset,
                         lambda: count_alerts(s, watch, rule, since))

    @app.get("/api/documents")
    def documents(limit: LimitQ = 100, offset: OffsetQ = 0) -> dict:
        with store.session() as s:
            rows = s.execute(select(Document.doc_id, Document.title, Document.publisher,
                                    Document.published, Document.story_id, Document.origin)
                             .order_by(Document.published, Document.doc_id)
                             .limit(limit).offset(offset)).all()
        return _page([{"doc": r[0], "title": r[1], "publisher": r[2],
                       "published": r[3].isoformat() if r[3] else None, "story": r[4],
                       "origin": r[5]} for r in rows], limit, offset,
                     lambda: _count_documents(store))

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict:
        with store.session() as s:
            doc = s.scalar(select(Document).where(Document.doc_id == doc_id))
            if doc is None:
                raise HTTPException(404, f"no document {doc_id!r}")
            sentences = s.execute(select(SentenceRow.id, SentenceRow.start, SentenceRow.end,
                                         SentenceRow.paragraph)
                                  .where(SentenceRow.document_id == doc.id)
                                  .order_by(SentenceRow.position)).all()
            return {"doc": doc.doc_id, "title": doc.title, "publisher": doc.publisher,
                    "published": doc.published.isoformat() if doc.published else None,
                    "url": doc.url, "story": doc.story_id, "origin": doc.origin,
                    "language": doc.language, "text": doc.text,
                    "sentences": [{"id": r[0], "start": r[1], "end": r[2], "paragraph": r[3]}
                                  for r in sentences]}

    @app.get("/api/events")
    def events(request: Request, type: TypeQ = None, source: ActorQ = None, target: ActorQ = None,
               item: ItemQ = None, since: DateQ = None, until: DateQ = None,
               certainty: CertaintyQ = None, doc: DocQ = None, actors: ActorsQ = None,
               min_score: MinScoreQ = None,
               limit: LimitQ = 100, offset: OffsetQ = 0) -> Response:
        f = EventFilter(type=type, source=source, target=target, item=item, since=since,
                        until=until, certainty=certainty, document=doc,
                        actors=parse_actors(actors), limit=limit, offset=offset,
                        min_score=min_score)

        def compute() -> dict:
            with store.session() as s:
                return _page([event_record(r) for r in find_events(s, f)], limit, offset,
                             lambda: count_events(s, f))
        return cached(request, compute)

    def fact_filter(type, source, target, item, since, until, certainty, doc, actors,
                    min_sources=None, contested=False, limit=None, offset=0,
                    min_score=None) -> FactFilter:
        return FactFilter(type=type, source=source, target=target, item=item, since=since,
                          until=until, certainty=certainty, document=doc,
                          actors=parse_actors(actors), min_sources=min_sources,
                          contested=contested, limit=limit, offset=offset,
                          min_score=min_score)

    @app.get("/api/facts")
    def facts(request: Request, type: TypeQ = None, source: ActorQ = None, target: ActorQ = None,
              item: ItemQ = None, since: DateQ = None, until: DateQ = None,
              certainty: CertaintyQ = None, doc: DocQ = None, actors: ActorsQ = None,
              min_sources: Annotated[int | None, Query(ge=1, le=10_000)] = None,
              contested: bool = False, min_score: MinScoreQ = None, limit: LimitQ = 100,
              offset: OffsetQ = 0) -> Response:
        f = fact_filter(type, source, target, item, since, until, certainty, doc, actors,
                        min_sources, contested, limit, offset, min_score)

        def compute() -> dict:
            with store.session() as s:
                return _page([fact_record(r) for r in find_facts(s, f)], limit, offset,
                             lambda: count_facts(s, f))
        return cached(request, compute)

    @app.get("/api/facts/{fact_id}")
    def fact(fact_id: str) -> dict:
        with store.session() as s:
            row = get_fact(s, fact_id)
            if row is None:
                raise HTTPException(404, f"no fact {fact_id!r}")
            record = fact_record(row)
            record["evidence"] = [evidence_record(e) for e in fact_evidence(s, fact_id)]
            record["conflicts"] = [conflict_record(s, c, with_evidence=True)
                                   for c in conflicts_of_fact(s, fact_id)]
            return record

    @app.get("/api/actors")
    def actors_list() -> dict:
        with store.session() as s:
            rows = actor_summary(s)
        return _listing(rows)

    @app.get("/api/series")
    def series(type: TypeQ = None, source: ActorQ = None, target: ActorQ = None,
               item: ItemQ = None, since: DateQ = None, until: DateQ = None,
               actors: ActorsQ = None,
               unit: Annotated[str | None, Query(max_length=64)] = None) -> dict:
        f = fact_filter(type, source, target, item, since, until, None, None, actors)
        with store.session() as s:
            rows = series_rows(find_series(s, f, unit))
        return _listing(rows)

    @app.get("/api/conflicts")
    def conflicts(type: TypeQ = None, source: ActorQ = None, target: ActorQ = None,
                  item: ItemQ = None, doc: DocQ = None, actors: ActorsQ = None,
                  limit: LimitQ = 100, offset: OffsetQ = 0) -> dict:
        f = fact_filter(type, source, target, item, None, None, None, doc, actors,
                        limit=limit, offset=offset)
        with store.session() as s:
            found, total = conflicts_page(s, f)
            rows = [conflict_record(s, r, with_evidence=True) for r in found]
        return _page(rows, limit, offset, lambda: total)

    @app.get("/api/timeline")
    def timeline_view(request: Request, type: TypeQ = None, source: ActorQ = None,
                      target: ActorQ = None, item: ItemQ = None, since: DateQ = None,
                      until: DateQ = None,
                      certainty: CertaintyQ = None, doc: DocQ = None, actors: ActorsQ = None,
                      min_score: MinScoreQ = None,
                      limit: LimitQ = 200, offset: OffsetQ = 0) -> Response:
        f = fact_filter(type, source, target, item, since, until, certainty, doc, actors,
                        limit=limit, offset=offset, min_score=min_score)

        def compute() -> dict:
            with store.session() as s:
                return _page(timeline(s, f), limit, offset, lambda: timeline_total(s, f))
        return cached(request, compute)

    @app.get("/api/graph")
    def graph(request: Request, type: TypeQ = None, item: ItemQ = None, since: DateQ = None,
              until: DateQ = None, certainty: CertaintyQ = None, actors: ActorsQ = None,
              min_sources: Annotated[int | None, Query(ge=1, le=10_000)] = None,
              min_score: MinScoreQ = None,
              limit: Annotated[int, Query(ge=1, le=5000)] = 300) -> Response:
        """States and organisations as nodes; facts between two of them as directed edges."""
        f = fact_filter(type, None, None, item, since, until, certainty, None, actors,
                        min_sources, min_score=min_score)

        def compute() -> dict:
            with store.session() as s:
                return graph_data(s, f, limit)
        return cached(request, compute)

    @app.get("/api/search")
    def search(q: Annotated[str, Query(min_length=1, max_length=500)],
               limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: OffsetQ = 0) -> dict:
        with store.session() as s:
            return _page(search_documents(s, q, limit, offset), limit, offset,
                         lambda: count_documents(s, q))

    export_routes(app, store)
    report_routes(app, store)
    docs_routes(app)

    @app.post("/api/documents")
    def upload(request: Request, files: list[UploadFile],
               replace: Annotated[bool, Query(description=(
                   "replace a stored document of the same name whose text differs "
                   "(without it, such an upload is refused)"))] = False) -> dict:
        """Ingest uploaded article files; each gets its own outcome or error. An
        upload never silently replaces another document of the same name."""
        from axiswatch.pipeline import store_result, within_budget
        from axiswatch.store.fusion import process_pending

        if len(files) > MAX_UPLOAD_FILES:
            raise HTTPException(413, f"at most {MAX_UPLOAD_FILES} files per upload")
        results: list[dict[str, object]] = []
        for upload in files:
            name = safe_id((upload.filename or "upload.txt").replace("\\", "/")
                           .rsplit("/", 1)[-1])
            data = upload.file.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                results.append({"file": name, "error": f"too large (limit "
                                                       f"{MAX_BYTES // 1_000_000} MB)"})
                continue
            for article in read_upload(name, data):
                if isinstance(article, IngestError):
                    results.append({"file": name, "error": article.reason,
                                    "where": article.origin})
                    continue
                with store.session() as s:
                    stored = s.scalar(select(Document.content_hash)
                                      .where(Document.doc_id == article.doc_id))
                if stored is not None and stored != article.content_hash and not replace:
                    results.append({"file": name, "doc": article.doc_id, "error": (
                        f"a different document {article.doc_id!r} is stored; upload with "
                        "?replace=true to replace it, or rename the file")})
                    continue
                budgeted = within_budget(article)  # what extraction and storage read
                try:
                    found = extraction.events_of(budgeted.article)
                except Exception as exc:  # a timeout, or the worker failed: this one only
                    results.append({"file": name, "doc": article.doc_id, "error": str(exc)})
                    continue
                with store.session() as s, s.begin():
                    outcome = store_result(s, budgeted.article, found)
                    process_pending(s)
                results.append({"file": name, "doc": article.doc_id,
                                "outcome": outcome.value, "events": len(found),
                                "warnings": budgeted.warnings})
        _audit(store, request, "upload", {"replace": replace, "results": results})
        return {"items": results, "count": len(results)}

    _serve_page(app)
    app.add_middleware(BodyLimit)
    return app


class _Extraction:
    """Uploads' extraction in worker processes with a time limit (pipeline's
    :class:`ExtractionWorkers`), started at the first upload.
    ``AXISWATCH_EXTRACT_WORKERS`` (2) and ``AXISWATCH_EXTRACT_TIMEOUT`` (120 s)."""

    def __init__(self) -> None:
        self._workers: ExtractionWorkers | None = None
        self._lock = threading.Lock()

    def events_of(self, article: Article) -> list[Event]:
        with self._lock:
            if self._workers is None:
                self._workers = ExtractionWorkers(
                    int(os.environ.get("AXISWATCH_EXTRACT_WORKERS", "") or 2),
                    float(os.environ.get("AXISWATCH_EXTRACT_TIMEOUT", "") or 120))
            workers = self._workers
        return workers.events_of(article)


class BodyLimit:
    """Refuse request bodies over the limit (413): by Content-Length before reading,
    and while a body streams in (chunked, or longer than announced), so no more
    than the limit is ever read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = MAX_BODY if scope["path"] == "/api/documents" else MAX_OTHER_BODY
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(send, limit)
            return
        received = 0
        started = refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit and not refused:
                    refused = True
                    if not started:
                        await _refuse(send, limit)
            # past the limit the app sees the client gone, and reads no more
            return {"type": "http.disconnect"} if refused else message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 was the answer
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, limited_receive, watched_send)


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps({"error": f"request body too large (limit {limit:,} bytes)"}).encode()
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def _audit(store: Store, request: Request, action: str, detail: dict) -> None:
    client = request.client.host if request.client else "?"
    with store.session() as s, s.begin():
        s.add(AuditEntry(at=datetime.now(UTC).replace(tzinfo=None), client=client[:100],
                         action=action, detail=detail))


def _count_documents(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Document)) or 0


def app_from_environment() -> FastAPI:
    """The app over the store named by ``AXISWATCH_DB`` (for server worker processes)."""
    return create_app(None)


STATIC = Path(__file__).parent / "static"
# The page loads only its own bundle; inline styles are allowed for the graph
# and timeline libraries, scripts never.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def _serve_page(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        if not request.url.path.startswith("/api/"):
            response.headers["Content-Security-Policy"] = CSP
        return response

    if (STATIC / "index.html").is_file():
        app.mount("/", StaticFiles(directory=STATIC, html=True), name="page")
        return

    @app.get("/", include_in_schema=False)
    def no_page() -> JSONResponse:
        return JSONResponse(status_code=503, content={
            "error": "the web page is not built: run scripts/setup.sh (it needs npm); "
                     "the API is at /api and /docs"})
