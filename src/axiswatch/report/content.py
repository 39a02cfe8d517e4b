"""What a briefing says, as plain data gathered from the query layer.

:func:`gather` reads the facts, figure series and conflicts passing a filter
and turns them into sections of :class:`Text` (runs of words, each with the
footnotes that back it). Footnotes are numbered in reading order; each is one
source sentence with its document, publisher, date and link. The renderers
only lay this out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from axiswatch.extract.certainty import RANK
from axiswatch.fuse.claims import interval
from axiswatch.fuse.settings import load_settings
from axiswatch.query.events import EventFilter, find_events
from axiswatch.query.facts import FactFilter, fact_evidence, find_conflicts
from axiswatch.report import wording as w
from axiswatch.store.schema import Actor, Document, EventRow, EvidenceRow, FactRow

MAX_PAIRS = 12
MAX_FLOWS = 40
MAX_TIMELINE = 30
MAX_CONFLICTS = 30
MAX_ITEMS = 8  # items per sentence of a pair's summary (meetings, other facts: the same)
MAX_SERIES = 8
MAX_CITED = 6  # stating sentences footnoted per fact (denials: all, up to this too)


@dataclass(frozen=True)
class ReportFilter:
    actors: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    min_sources: int | None = None
    type: str | None = None
    item: str | None = None
    min_score: float | None = None

    def fact_filter(self) -> FactFilter:
        return FactFilter(type=self.type, item=self.item, since=self.since, until=self.until,
                          min_sources=self.min_sources, min_score=self.min_score,
                          actors=self.actors)


@dataclass(frozen=True)
class Citation:
    number: int
    event: int
    doc: str
    title: str
    publisher: str | None
    published: str | None
    url: str | None
    sentence: str
    start: int
    end: int
    certainty: str
    attribution: str | None
    score: float | None


@dataclass(frozen=True)
class Run:
    text: str
    cites: tuple[int, ...] = ()


Text = list[Run]


@dataclass
class Flow:
    fact: str
    label: str  # "North Korea → Russia"
    what: str
    how_much: str
    period: str
    sources: int
    documents: int
    stories: int
    denials: int
    support: str  # the four counts in words
    certainty: str  # "asserted" or "alleged–denied"
    confidence: float
    score: str  # the model's scores of the events behind it
    statement: Text
    contested: bool


@dataclass
class SeriesView:
    id: str
    title: str
    unit: str
    points: list[dict]  # date, value, high, bound, figure, reporter, certainty, cite
    chart: bytes | None = None  # PNG


@dataclass
class Entry:
    date: str
    text: Text


@dataclass
class Pair:
    title: str
    paragraphs: list[Text]


@dataclass
class Briefing:
    title: str
    scope: str
    generated: str
    counts: str
    pairs: list[Pair] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    series: list[SeriesView] = field(default_factory=list)
    timeline: list[Entry] = field(default_factory=list)
    conflicts: list[Entry] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Citations:
    """Footnotes in the order they are first cited; one per source sentence."""

    def __init__(self) -> None:
        self.by_key: dict[tuple, Citation] = {}
        self.order: list[Citation] = []

    def cite(self, e: EventRow) -> int:
        ev = e.evidence[0] if e.evidence else None
        key = (e.document.doc_id, ev.start if ev else None, ev.end if ev else e.id)
        if key not in self.by_key:
            c = Citation(len(self.order) + 1, e.id, e.document.doc_id, e.document.title,
                         e.document.publisher,
                         e.document.published.isoformat() if e.document.published else None,
                         e.document.url, ev.sentence.text if ev else "",
                         ev.start if ev else 0, ev.end if ev else 0, e.certainty,
                         e.attribution, e.score)
            self.by_key[key] = c
            self.order.append(c)
        return self.by_key[key].number


class LoadedFact:
    """A fact and, read when first asked for, the events that state and deny it: a
    briefing of a large store reads the evidence of the facts it shows only."""

    def __init__(self, row: FactRow, gatherer: Gatherer) -> None:
        self.row = row
        self._gatherer = gatherer
        self._events: tuple[list[EventRow], list[EventRow]] | None = None

    def _load(self) -> tuple[list[EventRow], list[EventRow]]:
        if self._events is None:
            self._events = self._gatherer.evidence(self.row)
        return self._events

    @property
    def stating(self) -> list[EventRow]:
        return self._load()[0]

    @property
    def denying(self) -> list[EventRow]:
        return self._load()[1]


def _rank(e: EventRow) -> tuple:
    published = e.document.published.isoformat() if e.document.published else "9999"
    return (RANK[e.certainty], -(e.score if e.score is not None else 1.0), published, e.id)


class Gatherer:
    def __init__(self, session: Session, f: ReportFilter) -> None:
        self.session = session
        self.f = f
        self.cites = _Citations()
        self.names = {**_state_names(), **{a.id: a.name for a in session.scalars(select(Actor))}}
        self.flow_types = load_settings().flow_types

    def name(self, actor: str | None) -> str:
        if actor is None:
            return "—"
        return self.names.get(actor, actor)

    def who(self, events: list[EventRow]) -> list[str]:
        """Who says so: attributions (actor ids read as names), else publishers."""
        said = sorted({self.name(e.attribution) for e in events if e.attribution})
        return said or sorted({e.document.publisher for e in events if e.document.publisher})

    def cite_all(self, events: list[EventRow]) -> tuple[int, ...]:
        return tuple(dict.fromkeys(self.cites.cite(e) for e in sorted(events, key=_rank)
                                   [:MAX_CITED]))

    def load(self, row: FactRow) -> LoadedFact:
        return LoadedFact(row, self)

    def documents(self, fact_ids: list[str]) -> int:
        """How many documents state or deny these facts."""
        found: set[int] = set()
        for i in range(0, len(fact_ids), 500):
            found.update(self.session.scalars(select(EventRow.document_id).where(
                EventRow.fact_id.in_(fact_ids[i:i + 500])).distinct()))
        return len(found)

    def prefetch(self, facts: list[LoadedFact]) -> None:
        """Read the events of many facts in a few queries (as ``fact_evidence`` would)."""
        todo = {x.row.id: x for x in facts if x._events is None}
        ids = list(todo)
        found: dict[str, list[EventRow]] = defaultdict(list)
        for i in range(0, len(ids), 500):
            stmt = (select(EventRow).where(EventRow.fact_id.in_(ids[i:i + 500])).options(
                selectinload(EventRow.document), selectinload(EventRow.item),
                selectinload(EventRow.figures),
                selectinload(EventRow.evidence).selectinload(EvidenceRow.sentence))
                .join(Document, EventRow.document_id == Document.id)
                .order_by(Document.published, Document.doc_id, EventRow.id))
            for e in self.session.scalars(stmt):
                found[e.fact_id or ""].append(e)
        for fid, x in todo.items():
            x._events = self._split(x.row, found.get(fid, []))

    def evidence(self, row: FactRow) -> tuple[list[EventRow], list[EventRow]]:
        """The events stating a fact, and those denying it."""
        return self._split(row, fact_evidence(self.session, row.id))

    def _split(self, row: FactRow, events: list[EventRow]
               ) -> tuple[list[EventRow], list[EventRow]]:
        stating = [e for e in events if e.certainty != "denied"]
        denying = [e for e in events if e.certainty == "denied"]
        if row.type in self.flow_types and row.contested and not denying:
            denying = self.broader_denials(row)
        return stating, denying

    def broader_denials(self, row: FactRow) -> list[EventRow]:
        # a denial of a broader category ("any weapons") contests a flow of a narrower one
        ids = [i for c in find_conflicts(self.session, FactFilter(
            type=row.type, source=row.source_id, target=row.target_id))
            if c.fact_id == row.id for i in c.contrary]
        return find_events(self.session, EventFilter(ids=tuple(ids))) if ids else []

    def start(self, fact: LoadedFact) -> str | None:
        """The fact's start as precise as the text gave it ("2023-07", not "2023-07-01")."""
        start = fact.row.period_start
        given = [e.when for e in fact.stating if e.when] + [
            e.document.published.isoformat() for e in fact.stating if e.document.published]
        matching = [g for g in given if start and interval(g)[0].isoformat() == start]
        return min(matching, key=len) if matching else start

    def clause(self, fact: LoadedFact, deniers: bool = True) -> str:
        row = fact.row
        names = sorted({e.item.name for e in fact.stating + fact.denying if e.item})
        what = w.item_text(row.item_category, names) if row.item_category else None
        planned = bool(row.statuses) and set(row.statuses) == {"planned"}
        level = row.strongest
        said = [e for e in fact.stating if e.certainty == level] or fact.stating
        return w.hedged(level, w.subject(row.type, self.name(row.source_id),
                                         self.name(row.target_id)),
                        w.predicate(row.type, self.name(row.target_id), what, planned),
                        self.who(said), self.who(fact.denying) if deniers else [])

    def statement(self, fact: LoadedFact, support: bool = True) -> Text:
        """The fact as one hedged sentence, footnoted; who denies it, footnoted too."""
        row = fact.row
        only_denied = row.strongest == "denied"
        runs = [Run(capital(self.clause(fact, deniers=only_denied)),
                    self.cite_all(fact.denying if only_denied else fact.stating))]
        if fact.denying and not only_denied:
            runs.append(Run(f"; denied by {w.join_words(self.who(fact.denying))}",
                            self.cite_all(fact.denying)))
        if support and only_denied:
            runs.append(Run(f" ({w.plural(row.denials, 'independent source')} denying it, in "
                            f"{w.plural(row.documents, 'document')})."))
        elif support:
            runs.append(Run(f" ({w.support_text(row.sources, row.documents, row.confidence)})."))
        return runs


@lru_cache(maxsize=1)
def _state_names() -> dict[str, str]:
    """The usual name of each state in data/states.yaml (attributions name states by id)."""
    raw = yaml.safe_load(resources.files("axiswatch.data").joinpath("states.yaml")
                         .read_text("utf-8"))
    return {k: v["names"][0] for k, v in raw.items() if v.get("names")}


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pair_key(row: FactRow) -> tuple[str, str]:
    a, b = sorted((row.source_id, row.target_id or ""))
    return a, b


def stories_of(fact: LoadedFact) -> int:
    return len({e.document.story_id or e.document.doc_id for e in fact.stating})


def by_pair(facts: list[LoadedFact]) -> dict[tuple[str, str], list[LoadedFact]]:
    out: dict[tuple[str, str], list[LoadedFact]] = defaultdict(list)
    for x in facts:
        if x.row.target_id:
            out[_pair_key(x.row)].append(x)
    return out
