"""Load a bundle into a store through the store's own write path.

The whole bundle is checked first (:func:`~axiswatch.store.bundle_read.check_bundle`),
so a corrupt or hostile file stores nothing. Then each document is stored as
``ingest`` stores one, without extracting anything again: :func:`save_article`
in a transaction of its own (a document with the same id and content hash is
"unchanged", one with the same id and another hash is replaced) and
:func:`update_after_save` queueing the facts it touches, which are recomputed
every :data:`FUSE_EVERY` documents and at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session

from axiswatch.store.bundle_read import BundleDocument, Summary, check_bundle, read_bundle
from axiswatch.store.database import Store
from axiswatch.store.drain import drain_pending
from axiswatch.store.fusion import update_after_save
from axiswatch.store.writer import Outcome, save_article

FUSE_EVERY = 100  # as ingest


@dataclass
class Counts:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    events: int = 0
    failures: list[str] = field(default_factory=list)


def store_bundled(session: Session, document: BundleDocument) -> Outcome:
    """Keep one bundled document with its sentences and events, and queue the facts
    it touches, in ``session``'s transaction (the caller commits it whole or not at all)."""
    saved = save_article(session, document.article, document.sentences, document.events)
    if saved.outcome != Outcome.UNCHANGED and saved.document is not None \
            and document.ingested_at is not None:
        saved.document.ingested_at = document.ingested_at  # when it first came in
    update_after_save(session, saved)
    return saved.outcome


Progress = Callable[[BundleDocument, Outcome | None], None]


def load_bundle(store: Store, path: Path, progress: Progress | None = None,
                checked: Summary | None = None) -> Counts:
    """Store every document of the bundle at ``path`` (checked whole first unless
    ``checked`` says it was) and recompute the facts they touch."""
    if checked is None:
        check_bundle(path)
    counts = Counts()
    since_fusion = 0
    for document in read_bundle(path):
        try:
            outcome = store.write(partial(store_bundled, document=document))
        except Exception as exc:  # the store refused this document only
            counts.failed += 1
            counts.failures.append(f"{path}:{document.line}: document "
                                   f"{document.article.doc_id!r} could not be stored ({exc})")
            if progress:
                progress(document, None)
            continue
        setattr(counts, outcome.value, getattr(counts, outcome.value) + 1)
        if outcome != Outcome.UNCHANGED:
            counts.events += len(document.events)
            since_fusion += 1
        if since_fusion >= FUSE_EVERY:
            drain_pending(store)
            since_fusion = 0
        if progress:
            progress(document, outcome)
    drain_pending(store)
    return counts
