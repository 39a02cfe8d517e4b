"""Read and check a bundle (:mod:`axiswatch.export.bundle`) line by line.

Everything in a bundle is checked before it can reach a store: the gzip
stream, the header (format and version), each line's JSON, every field's type
and length (the columns' limits), offsets inside the text, and that each
event's evidence points at a sentence of its document. Anything wrong is a
:class:`BundleError` naming the file and the line. One line is held at a time
(and a line may be at most :data:`MAX_LINE_BYTES`), so memory stays bounded.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from axiswatch.ingest.reader import safe_id
from axiswatch.model import Article, Event, Figure, Item, Quantity, Sentence

FORMAT = "axiswatch-bundle"
VERSION = 1
MAX_LINE_BYTES = 64 * 1024 * 1024
MAX_TEXT = 20_000_000  # characters: the size limit of an input file
MAX_SHORT = 10_000  # titles, origins and URLs


Str8 = Annotated[str, Field(max_length=8)]
Str10 = Annotated[str, Field(max_length=10)]
Str16 = Annotated[str, Field(max_length=16)]
Str64 = Annotated[str, Field(max_length=64)]
Str255 = Annotated[str, Field(max_length=255)]
Name32 = Annotated[str, Field(min_length=1, max_length=32)]
Name64 = Annotated[str, Field(min_length=1, max_length=64)]
Name255 = Annotated[str, Field(min_length=1, max_length=255)]
Short = Annotated[str, Field(max_length=MAX_SHORT)]
Long = Annotated[str, Field(max_length=MAX_TEXT)]
Offset = Annotated[int, Field(ge=0, le=MAX_TEXT)]
Number = Annotated[float, Field(allow_inf_nan=False)]
EventType = Literal["transfer", "use", "meeting", "agreement", "denounce", "sanction",
                    "production"]
Certainty = Literal["asserted", "reported", "alleged", "possible", "denied"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ItemIn(_Strict):
    category: Name32
    name: Name255


class QuantityIn(_Strict):
    value: Number
    high: Number | None = None
    unit: Name64
    approx: bool = False


class EvidenceIn(_Strict):
    sentence: Annotated[int, Field(ge=0)]
    start: Offset
    end: Offset
    trigger: Str64 = ""


class FigureIn(_Strict):
    value: Number
    high: Number | None = None
    unit: Name64
    approx: bool = False
    bound: Str8 | None = None
    when: Str10 | None = None
    start: Offset
    end: Offset


class EventIn(_Strict):
    type: EventType
    source: Name64
    target: Name64 | None = None
    item: ItemIn | None = None
    quantity: QuantityIn | None = None
    when: Str10 | None = None
    status: Str16 | None = None
    attribution: Str255 | None = None
    certainty: Certainty
    score: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    # the store keeps one evidence sentence per event
    evidence: Annotated[list[EvidenceIn], Field(min_length=1, max_length=1)]
    figures: Annotated[list[FigureIn], Field(max_length=1_000)] = []


class SentenceIn(_Strict):
    paragraph: Annotated[int, Field(ge=0)]
    start: Offset
    end: Offset
    text: Long | None = None  # absent: the document text's slice


class DocumentIn(_Strict):
    kind: Literal["document"]
    doc_id: Name255
    title: Short
    origin: Short
    published: date | None = None
    content_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    publisher: Str255 | None = None
    url: Short | None = None
    language: Str8 | None = None
    ingested_at: datetime | None = None
    text: Long
    sentences: Annotated[list[SentenceIn], Field(max_length=200_000)]
    events: Annotated[list[EventIn], Field(max_length=100_000)]


class HeaderIn(BaseModel):  # other fields are for people (and newer versions)
    kind: Literal["header"]
    format: str
    version: int
    created: str | None = None


class EndIn(_Strict):
    kind: Literal["end"]
    documents: Annotated[int, Field(ge=0)]
    events: Annotated[int, Field(ge=0)]


class BundleError(Exception):
    """A bundle that cannot be read, with the file and (when there is one) the line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class BundleDocument:
    """One document of a bundle, checked, as the store's writer takes it."""

    line: int
    article: Article
    sentences: list[Sentence]
    events: list[Event]
    ingested_at: datetime | None


@dataclass(frozen=True)
class Summary:
    version: int
    created: str | None
    documents: int
    events: int


def _lines(path: Path) -> Generator[tuple[int, bytes], None, None]:
    """The file's non-blank lines, numbered from 1, each at most MAX_LINE_BYTES."""
    try:
        with open(path, "rb") as raw, gzip.GzipFile(fileobj=raw) as stream:
            number = 0
            while True:
                line = stream.readline(MAX_LINE_BYTES + 1)
                if not line:
                    return
                number += 1
                if len(line) > MAX_LINE_BYTES:
                    raise BundleError(path, number, f"line longer than "
                                      f"{MAX_LINE_BYTES // (1024 * 1024)} MB")
                if line.strip():
                    yield number, line
    except gzip.BadGzipFile:
        raise BundleError(path, None, "not a gzip file (a bundle is gzip-compressed "
                          "JSON Lines, as `axiswatch export --format bundle` writes)") from None
    except EOFError:
        raise BundleError(path, None, "the compressed data ends early: the file was cut "
                          "short") from None
    except zlib.error as exc:
        raise BundleError(path, None, f"corrupt compressed data ({exc})") from None
    except OSError as exc:
        raise BundleError(path, None, f"cannot read the file ({exc.strerror or exc})") from None


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _bad_string(value: Any) -> str | None:
    """What is wrong with a string inside ``value`` that no database keeps (NUL, a lone
    surrogate), if anything."""
    if isinstance(value, str):
        if "\x00" in value:
            return "a NUL character"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "a lone surrogate (not Unicode text)"
        return None
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        problem = _bad_string(item)
        if problem:
            return problem
    return None


def _json(path: Path, number: int, line: bytes) -> dict:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise BundleError(path, number, "not UTF-8 text") from None
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise BundleError(path, number, f"not JSON ({str(exc)[:200]})") from None
    if not isinstance(value, dict):
        raise BundleError(path, number, "not a JSON object")
    if "\\u" in text:  # only escapes can carry a NUL or a lone surrogate
        problem = _bad_string(value)
        if problem:
            raise BundleError(path, number, f"a string holds {problem}")
    return value


def _problem(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where.lstrip('.') or 'record'}: {first['msg']}{more}"


def _header(path: Path, number: int, record: dict) -> HeaderIn:
    if record.get("format") != FORMAT:
        raise BundleError(path, number, f"not an axiswatch bundle (the first line must be a "
                          f"header with format {FORMAT!r})")
    try:
        header = HeaderIn.model_validate(record)
    except ValidationError as exc:
        raise BundleError(path, number, f"bad header: {_problem(exc)}") from None
    if header.version > VERSION:
        raise BundleError(path, number, f"bundle format version {header.version} is newer "
                          f"than this axiswatch reads ({VERSION}): upgrade axiswatch")
    if header.version < 1:
        raise BundleError(path, number, f"unknown bundle format version {header.version}")
    return header


def _check_offsets(doc: DocumentIn) -> str | None:
    size = len(doc.text)
    last = -1
    for i, s in enumerate(doc.sentences):
        if not s.start <= s.end <= size:
            return f"sentences[{i}]: offsets {s.start}-{s.end} outside the text ({size} chars)"
        if s.start <= last:
            return f"sentences[{i}]: starts at {s.start}, not after the sentence before it"
        last = s.start
    for i, e in enumerate(doc.events):
        ev = e.evidence[0]
        if ev.sentence >= len(doc.sentences):
            return (f"events[{i}]: evidence points at sentence {ev.sentence}, but the document "
                    f"has {len(doc.sentences)} sentences")
        sentence = doc.sentences[ev.sentence]
        if ev.start != sentence.start or not ev.start <= ev.end <= size:
            return (f"events[{i}]: evidence offsets {ev.start}-{ev.end} do not start at "
                    f"sentence {ev.sentence} ({sentence.start}-{sentence.end})")
        for j, f in enumerate(e.figures):
            if not f.start <= f.end <= size:
                return f"events[{i}].figures[{j}]: offsets {f.start}-{f.end} outside the text"
    return None


def _document(path: Path, number: int, record: dict) -> BundleDocument:
    try:
        doc = DocumentIn.model_validate(record)
    except ValidationError as exc:
        name = record.get("doc_id")
        label = f"document {name!r}: " if isinstance(name, str) and len(name) < 300 else ""
        raise BundleError(path, number, f"{label}{_problem(exc)}") from None
    if safe_id(doc.doc_id) != doc.doc_id:
        raise BundleError(path, number, f"document id {doc.doc_id[:80]!r} has characters "
                          "(control, invisible or text-direction) a document id may not hold")
    problem = _check_offsets(doc)
    if problem:
        raise BundleError(path, number, f"document {doc.doc_id!r}: {problem}")
    return _converted(number, doc)


def _converted(number: int, doc: DocumentIn) -> BundleDocument:
    article = Article(doc_id=doc.doc_id, text=doc.text, title=doc.title,
                      published=doc.published, content_hash=doc.content_hash,
                      origin=doc.origin, publisher=doc.publisher, url=doc.url,
                      language=doc.language)
    sentences = [Sentence(s.start, s.end, s.text if s.text is not None
                          else doc.text[s.start:s.end], s.paragraph) for s in doc.sentences]
    events = []
    for e in doc.events:
        ev = e.evidence[0]
        q = e.quantity
        events.append(Event(
            doc=doc.doc_id, type=e.type, source=e.source, target=e.target,
            item=Item(e.item.category, e.item.name) if e.item else None,
            quantity=Quantity(q.value, q.unit, q.approx, q.high) if q else None,
            when=e.when, status=e.status, attribution=e.attribution, certainty=e.certainty,
            evidence=sentences[ev.sentence].text, evidence_start=ev.start,
            evidence_end=ev.end, trigger=ev.trigger, score=e.score,
            figures=[Figure(Quantity(f.value, f.unit, f.approx, f.high, f.bound), f.when,
                            f.start, f.end) for f in e.figures]))
    ingested = doc.ingested_at
    if ingested is not None and ingested.tzinfo is not None:  # the store keeps UTC, naive
        ingested = ingested.astimezone(UTC).replace(tzinfo=None)
    return BundleDocument(number, article, sentences, events, ingested)


class BundleReader:
    """Reads a bundle's documents, checked, in order (:meth:`documents`); ``header``
    is set once the first line has been read."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.header: HeaderIn | None = None

    def documents(self) -> Iterator[BundleDocument]:
        """Raise :class:`BundleError` at the first thing wrong (also when the end line
        is missing: the file was cut short)."""
        path = self.path
        lines = _lines(path)
        try:
            first = next(lines, None)
            if first is None:
                raise BundleError(path, None, "empty: no header line")
            self.header = _header(path, first[0], _json(path, *first))
            yield from self._body(lines)
        finally:
            lines.close()

    def _body(self, lines: Iterator[tuple[int, bytes]]) -> Iterator[BundleDocument]:
        path = self.path
        documents = events = 0
        end: EndIn | None = None
        for number, line in lines:
            record = _json(path, number, line)
            if end is not None:
                raise BundleError(path, number, "a line after the end line")
            kind = record.get("kind")
            if kind == "document":
                doc = _document(path, number, record)
                documents += 1
                events += len(doc.events)
                yield doc
            elif kind == "end":
                end = _end(path, number, record, documents, events)
            else:
                raise BundleError(path, number, f"unknown kind of line {str(kind)[:40]!r} "
                                  "(expected 'document' or 'end')")
        if end is None:
            raise BundleError(path, None, "no end line: the bundle was cut short")


def _end(path: Path, number: int, record: dict, documents: int, events: int) -> EndIn:
    try:
        end = EndIn.model_validate(record)
    except ValidationError as exc:
        raise BundleError(path, number, f"bad end line: {_problem(exc)}") from None
    if (end.documents, end.events) != (documents, events):
        raise BundleError(path, number, f"the end line counts {end.documents} documents and "
                          f"{end.events} events, the bundle holds {documents} and {events}")
    return end


def read_bundle(path: Path) -> Iterator[BundleDocument]:
    """The bundle's documents, checked, in order (see :class:`BundleReader`)."""
    return BundleReader(path).documents()


def check_bundle(path: Path) -> Summary:
    """Read the whole bundle without storing anything; raise :class:`BundleError` if
    anything in it is wrong."""
    reader = BundleReader(path)
    documents = events = 0
    for doc in reader.documents():
        documents += 1
        events += len(doc.events)
    assert reader.header is not None  # read before any document
    return Summary(reader.header.version, reader.header.created, documents, events)
