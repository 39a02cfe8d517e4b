"""The relational schema: documents, sentences, actors, items, events, evidence,
and what fusion derives from them: stories, facts, figures and conflicts.

Events point at actors and items; each event's evidence row points at the
sentence that states it, with character offsets into the document's
cleaned text, so every fact can be traced back and highlighted. A fact groups
events (``events.fact_id``); a conflict links the events on each side.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(255), unique=True, index=True)
    title: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    publisher: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    story_id: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    sentences: Mapped[list[SentenceRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="SentenceRow.position")
    events: Mapped[list[EventRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan")


class SentenceRow(Base):
    __tablename__ = "sentences"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    position: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    document: Mapped[Document] = relationship(back_populates="sentences")


class Actor(Base):
    __tablename__ = "actors"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))


class ItemRow(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(255))
    __table_args__ = (Index("ix_items_category_name", "category", "name", unique=True),)


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_source_day", "source_id", "day"),
                      Index("ix_events_target_day", "target_id", "day"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("actors.id"), index=True)
    target_id: Mapped[str | None] = mapped_column(ForeignKey("actors.id"), nullable=True,
                                                  index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), nullable=True)
    quantity_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    quantity_high: Mapped[float | None] = mapped_column(Float, nullable=True)
    quantity_unit: Mapped[str | None] = mapped_column(String(64), nullable=True)
    quantity_approx: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    when: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)
    status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    attribution: Mapped[str | None] = mapped_column(String(255), nullable=True)
    certainty: Mapped[str] = mapped_column(String(16), index=True)
    # extraction confidence (the model's calibrated probability), not source certainty
    score: Mapped[float | None] = mapped_column(Float, nullable=True, index=True)
    fact_id: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    # when it happened if the text says, else when it was reported: the timeline's order
    day: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)
    document: Mapped[Document] = relationship(back_populates="events")
    item: Mapped[ItemRow | None] = relationship()
    evidence: Mapped[list[EvidenceRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan")
    figures: Mapped[list[FigureRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="FigureRow.id")


class EvidenceRow(Base):
    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    sentence_id: Mapped[int] = mapped_column(ForeignKey("sentences.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(String(64))
    event: Mapped[EventRow] = relationship(back_populates="evidence")
    sentence: Mapped[SentenceRow] = relationship()


class FigureRow(Base):
    """A figure stated for an event's flow (an event may state several)."""

    __tablename__ = "figures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    value: Mapped[float] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str] = mapped_column(String(64))
    approx: Mapped[bool] = mapped_column(Boolean)
    bound: Mapped[str | None] = mapped_column(String(8), nullable=True)
    when: Mapped[str | None] = mapped_column(String(10), nullable=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    event: Mapped[EventRow] = relationship(back_populates="figures")


class DocumentBand(Base):
    """LSH band keys of a document's MinHash signature, to find its copies."""

    __tablename__ = "document_bands"
    band: Mapped[str] = mapped_column(String(24), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True)


class FactRow(Base):
    __tablename__ = "facts"
    __table_args__ = (Index("ix_facts_edge_window", "edge_id", "period_end", "period_start",
                            "sources", "confidence", "contested", "id"),)
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    unit: Mapped[str] = mapped_column(String(160), index=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    source_id: Mapped[str] = mapped_column(String(64), index=True)
    target_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    item_category: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    anchor: Mapped[str] = mapped_column(String(16))
    day: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)
    # the graph edge it belongs to (facts between two actors only)
    edge_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    period_start: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)
    period_end: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)
    first_reported: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_reported: Mapped[date | None] = mapped_column(Date, nullable=True)
    events: Mapped[int] = mapped_column(Integer)
    documents: Mapped[int] = mapped_column(Integer)
    sources: Mapped[int] = mapped_column(Integer, index=True)
    denials: Mapped[int] = mapped_column(Integer)
    strongest: Mapped[str] = mapped_column(String(16))
    weakest: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float, index=True)
    contested: Mapped[bool] = mapped_column(Boolean)
    attributions: Mapped[list] = mapped_column(JSON)
    publishers: Mapped[list] = mapped_column(JSON)
    statuses: Mapped[list] = mapped_column(JSON)


class ConflictRow(Base):
    __tablename__ = "conflicts"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    unit: Mapped[str] = mapped_column(String(160), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    fact_id: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    type: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    item_category: Mapped[str | None] = mapped_column(String(32), nullable=True)
    unit_name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    period: Mapped[str | None] = mapped_column(String(10), nullable=True)
    detail: Mapped[str] = mapped_column(Text)
    stating: Mapped[list] = mapped_column(JSON)
    contrary: Mapped[list] = mapped_column(JSON)


class PendingUnit(Base):
    """A unit (type and pair of actors) whose facts wait to be recomputed."""

    __tablename__ = "pending_units"
    unit: Mapped[str] = mapped_column(String(160), primary_key=True)


class EdgeRow(Base):
    """The graph's edges, kept by fusion: facts with one source, target, type and category."""

    __tablename__ = "edges"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    unit: Mapped[str] = mapped_column(String(160), index=True)
    source_id: Mapped[str] = mapped_column(String(64), index=True)
    target_id: Mapped[str] = mapped_column(String(64), index=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    item_category: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    fact_id: Mapped[str] = mapped_column(String(16))
    facts: Mapped[int] = mapped_column(Integer)
    sources: Mapped[int] = mapped_column(Integer, index=True)
    confidence: Mapped[float] = mapped_column(Float)
    contested: Mapped[bool] = mapped_column(Boolean)
    period_start: Mapped[str | None] = mapped_column(String(10), nullable=True)
    period_end: Mapped[str | None] = mapped_column(String(10), nullable=True)


class StoreMeta(Base):
    """Small facts about the store itself, e.g. ``generation``: bumped by every write,
    so readers can tell whether what they cached is still current."""

    __tablename__ = "store_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class WatchItem(Base):
    """A feed entry or a file a watch has taken in (or tried to), so that a
    restarted watch neither misses nor repeats it."""

    __tablename__ = "watch_items"
    watch: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(String(500), primary_key=True)
    key: Mapped[str] = mapped_column(String(700), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # stored, failed, retry
    attempts: Mapped[int] = mapped_column(Integer)
    doc_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime)


class WatchMemory(Base):
    """What a watch rule has already seen: its keys (and for rising figures, the
    highest value), so alerts go out once for each new thing."""

    __tablename__ = "watch_memory"
    watch: Mapped[str] = mapped_column(String(64), primary_key=True)
    rule: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)


class WatchAlert(Base):
    """An alert, written in the transaction that found it and delivered after it:
    one that could not be delivered yet stays here until it is."""

    __tablename__ = "watch_alerts"
    id: Mapped[str] = mapped_column(String(24), primary_key=True)
    watch: Mapped[str] = mapped_column(String(64), index=True)
    rule: Mapped[str] = mapped_column(String(64))
    created: Mapped[datetime] = mapped_column(DateTime)
    payload: Mapped[dict] = mapped_column(JSON)
    delivered: Mapped[str] = mapped_column(String(64), default="")  # sinks done, comma-separated


class AuditEntry(Base):
    """A write made through the server: when, from which client address, what
    was asked and what came of it (each file's document and outcome or error)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    client: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict] = mapped_column(JSON)
