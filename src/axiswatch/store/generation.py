"""The store's generation: a counter every write bumps in its own transaction.

A reader that caches what it computed from the store keys the cache on the
generation it read; any later write makes those entries stale at once.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from axiswatch.store.schema import StoreMeta


def bump_generation(session: Session) -> None:
    session.execute(update(StoreMeta).where(StoreMeta.key == "generation")
                    .values(value=StoreMeta.value + 1))


def read_generation(session: Session) -> int:
    return session.scalar(select(StoreMeta.value).where(StoreMeta.key == "generation")) or 0
