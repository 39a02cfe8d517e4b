"""Where partitions are processed: in this process, or on a Ray cluster.

An engine maps ``(index, raw documents)`` partitions to ``(index, rows or
error)`` in any order. :class:`LocalEngine` runs
:func:`~axiswatch.backfill.stages.process_partition` here; :class:`RayEngine`
runs it in Ray actors, each of which loads the language pipeline and the
event model once, with one partition in flight per actor (the driver never
holds more partitions' inputs than there are actors). Ray's dashboard lists the
actors and their tasks while the job runs.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from typing import Any

from axiswatch.backfill.stages import process_partition, warm_up
from axiswatch.backfill.tables import PartitionRows
from axiswatch.ingest.corpus import Fields
from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.records import RawDocument

Partition = tuple[int, list[RawDocument | IngestError]]
Done = tuple[int, PartitionRows | str]  # rows, or why the whole partition failed
# what a worker needs to see of the driver's environment
FORWARDED_ENV = ("AXISWATCH_MODEL",)


class EngineError(Exception):
    pass


class LocalEngine:
    name = "local"
    dashboard_url: str | None = None

    def __init__(self, fields: Fields) -> None:
        self.fields = fields
        self.workers = 1

    def map(self, partitions: Iterable[Partition]) -> Iterator[Done]:
        warm_up()
        for index, raws in partitions:
            yield index, process_partition(index, raws, self.fields)

    def worker_memory(self) -> list[int]:
        import resource

        return [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024]

    def close(self) -> None:
        pass


def _actor_class(ray: Any) -> Any:
    @ray.remote(num_cpus=1, max_restarts=1, max_task_retries=1)
    class ExtractionActor:
        """Loads the pipeline once; processes partitions sent to it."""

        def __init__(self, fields: Fields) -> None:
            from threadpoolctl import threadpool_limits

            threadpool_limits(1)  # one core per actor: numerical libraries too
            self.fields = fields
            warm_up()

        def run(self, index: int, raws: list) -> PartitionRows:
            return process_partition(index, raws, self.fields)

        def peak_memory(self) -> int:
            import resource

            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    return ExtractionActor


class RayEngine:
    """Ray actors: ``address`` None starts a local Ray with ``workers`` CPUs;
    "auto" or "ray://host:10001" joins a running cluster (``workers`` None: one
    actor per CPU the cluster has)."""

    name = "ray"

    def __init__(self, fields: Fields, address: str | None = None,
                 workers: int | None = None, dashboard: bool = True) -> None:
        try:
            import ray
        except ImportError:
            raise EngineError("Ray is not installed: pip install 'axiswatch[ray]'") from None
        self._ray = ray
        env = {k: os.environ[k] for k in FORWARDED_ENV if k in os.environ}
        options: dict[str, Any] = {"runtime_env": {"env_vars": env}} if env else {}
        try:
            if address:
                context = ray.init(address=address, logging_level=logging.WARNING, **options)
            else:
                context = ray.init(num_cpus=workers or os.cpu_count() or 1,
                                   include_dashboard=dashboard,
                         logging_level=logging.WARNING, **options)
        except Exception as exc:  # a cluster that cannot be reached
            raise EngineError(f"cannot start or join Ray ({address or 'local'}): "
                              f"{str(exc)[:300]}") from None
        self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor = _actor_class(ray)
        self._actors = [actor.remote(fields) for _ in range(self.workers)]
        self._idle = list(self._actors)
        url = getattr(context, "dashboard_url", None)
        self.dashboard_url: str | None = f"http://{url}" if url else None

    def _finished(self, pending: dict) -> Done:
        """Wait for one partition in flight; free its actor."""
        ready, _ = self._ray.wait(list(pending), num_returns=1)
        index, actor = pending.pop(ready[0])
        self._idle.append(actor)
        try:
            return index, self._ray.get(ready[0])
        except Exception as exc:  # the task failed for good (after Ray's retry)
            return index, f"{type(exc).__name__}: {str(exc)[:300]}"

    def map(self, partitions: Iterable[Partition]) -> Iterator[Done]:
        pending: dict[Any, tuple[int, Any]] = {}
        for index, raws in partitions:
            if not self._idle:
                yield self._finished(pending)
            actor = self._idle.pop()
            pending[actor.run.remote(index, raws)] = (index, actor)
        while pending:
            yield self._finished(pending)

    def worker_memory(self) -> list[int]:
        return self._ray.get([a.peak_memory.remote() for a in self._actors])

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        self._ray.shutdown()
