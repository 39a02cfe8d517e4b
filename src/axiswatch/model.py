"""Plain data types passed between pipeline stages.

Every stage takes and returns these; none of them knows about spaCy or SQL.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

EVENT_TYPES = ("transfer", "use", "meeting", "agreement", "denounce", "sanction", "production")
ITEM_TYPES = frozenset({"transfer", "use", "production"})
SYMMETRIC_TYPES = frozenset({"meeting", "agreement"})
CERTAINTIES = ("asserted", "reported", "alleged", "possible", "denied")
STATUSES = ("delivered", "ongoing", "planned")


@dataclass(frozen=True)
class Article:
    """A cleaned article, ready for language processing."""

    doc_id: str
    text: str
    title: str
    published: date | None
    content_hash: str
    origin: str
    publisher: str | None = None
    url: str | None = None
    language: str | None = None  # ISO 639-1, None when the text does not say clearly


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article with character offsets into the cleaned text."""

    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class Mention:
    """A gazetteer hit: an actor or an item named in the text.

    ``kind`` is ``actor`` or ``item``. For actors ``ref`` is the actor id and
    ``form`` says how it was named (name, adjective, capital, person, group),
    or, for a phrase that refers back to actors named before it, how it was
    resolved (``ref-list``, ``ref-one``, ``ref-we``: see :mod:`axiswatch.nlp.coreference`).
    For items ``ref`` is the item category. Offsets are into the article text.
    """

    start: int
    end: int
    text: str
    kind: str
    ref: str
    form: str
    person: str | None = None


@dataclass(frozen=True)
class Item:
    category: str
    name: str


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    approx: bool = False
    high: float | None = None
    bound: str | None = None  # how an approximate figure bounds the truth: about|min|max

    def as_dict(self) -> dict:
        value = int(self.value) if float(self.value).is_integer() else self.value
        high = self.high
        if high is not None and float(high).is_integer():
            high = int(high)
        return {"value": value, "high": high, "unit": self.unit, "approx": self.approx}


@dataclass(frozen=True)
class Figure:
    """A figure stated for an event's flow, with where and for when it was stated."""

    quantity: Quantity
    when: str | None
    evidence_start: int
    evidence_end: int


@dataclass
class Event:
    """One event as stated by one sentence of one document."""

    doc: str
    type: str
    source: str | None
    target: str | None
    item: Item | None
    quantity: Quantity | None
    when: str | None
    status: str | None
    attribution: str | None
    certainty: str
    evidence: str
    evidence_start: int
    evidence_end: int
    trigger: str = ""
    explicit_roles: int = 0
    notes: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    score: float | None = None  # the model's calibrated probability that the event is right

    def key(self) -> tuple:
        src, tgt = self.source, self.target
        if self.type in SYMMETRIC_TYPES and src and tgt:
            src, tgt = sorted((src, tgt))
        cat = self.item.category if self.item and self.type in ITEM_TYPES else None
        return (self.doc, self.type, src, tgt, cat)

    def as_schema(self) -> dict:
        """The event as one line of the evaluation schema (SCHEMA.md)."""
        src, tgt = self.source, self.target
        if self.type in SYMMETRIC_TYPES and src and tgt:
            src, tgt = sorted((src, tgt))
        return {
            "doc": self.doc,
            "type": self.type,
            "source": src,
            "target": tgt,
            "item": asdict(self.item) if self.item else None,
            "quantity": self.quantity.as_dict() if self.quantity else None,
            "when": self.when,
            "status": self.status,
            "attribution": self.attribution,
            "certainty": self.certainty,
            "evidence": self.evidence,
            "score": self.score,
        }
