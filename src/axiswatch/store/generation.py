"""The store's generation: a counter every write bumps in its own transaction.

A reader that caches what it computed from the store keys the cache on the
generation it read; any later write makes those entries stale at once.

Its row is also the store's write lock. Every writer locks it with the first
statement of its transaction (:func:`lock_writes`), so concurrent writers on
PostgreSQL (and on SQLite, where any write takes the database's lock) go one
after the other: what a writer reads next (is this document stored? which
units are queued?) holds everything the writers before it committed, and no
two writers can wait on each other's locks in opposite order.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from axiswatch.store.schema import StoreMeta

_GENERATION = StoreMeta.key == "generation"


def lock_writes(session: Session) -> None:
    """Wait until no other transaction writes, and keep the others waiting until this
    one ends (a write that changes nothing: it takes the same lock on both databases)."""
    session.execute(update(StoreMeta).where(_GENERATION).values(value=StoreMeta.value))


def bump_generation(session: Session) -> None:
    session.execute(update(StoreMeta).where(_GENERATION).values(value=StoreMeta.value + 1))


def read_generation(session: Session) -> int:
    return session.scalar(select(StoreMeta.value).where(_GENERATION)) or 0
