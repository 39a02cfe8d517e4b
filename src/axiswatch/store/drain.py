"""Finish fusion that a stopped writer left queued (``pending_units``).

An ingest killed between storing documents and recomputing their facts leaves
the units queued; :func:`drain_pending` recomputes them, and a
:class:`Drainer` does so in the background every few seconds (``serve``).
"""

from __future__ import annotations

import logging
import threading

from axiswatch.store.database import Store
from axiswatch.store.fusion import process_pending

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 30.0


def drain_pending(store: Store) -> int:
    """Recompute the queued units in a transaction of their own; return how many."""
    return store.write(process_pending)


class Drainer:
    """Drain ``store``'s queue every ``interval`` seconds in a daemon thread."""

    def __init__(self, store: Store, interval: float = DEFAULT_INTERVAL) -> None:
        self.store = store
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="axiswatch-drain", daemon=True)

    def start(self) -> Drainer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 30)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                drain_pending(self.store)
            except Exception:  # a database gone for a while: try again next time
                log.exception("draining the pending-fusion queue failed")
