"""The relational schema: documents, sentences, actors, items, events, evidence.

Events point at actors and items; each event's evidence row points at the
sentence that states it, with character offsets into the document's
cleaned text, so every fact can be traced back and highlighted.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
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
    document: Mapped[Document] = relationship(back_populates="events")
    item: Mapped[ItemRow | None] = relationship()
    evidence: Mapped[list[EvidenceRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan")


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
