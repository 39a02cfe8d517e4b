"""What cross-validation says of a model: scores, per type, and calibration."""

from __future__ import annotations

from collections.abc import Sequence

from axiswatch.evaluate import evaluate, match_key
from axiswatch.extract.document import events_of
from axiswatch.learn.dataset import Example
from axiswatch.learn.train import OutOfFold
from axiswatch.model import Event


def out_of_fold_events(examples: Sequence[Example], oof: OutOfFold) -> list[Event]:
    """Every document's events as decided by the model that never saw it."""
    out: list[Event] = []
    for ex in examples:
        out.extend(events_of(ex.analysis, oof.models[ex.doc]))
    return out


def cv_scores(examples: Sequence[Example], events: list[Event]) -> dict:
    gold = [g for ex in examples for g in ex.gold]
    return evaluate(gold, [e.as_schema() for e in events])


def calibration_table(examples: Sequence[Example], events: list[Event]) -> list[dict]:
    """For each tenth of ``score``: how many events, and the share that were right."""
    gold = {match_key(g) for ex in examples for g in ex.gold}
    bins: list[list[int]] = [[0, 0] for _ in range(10)]
    for e in events:
        if e.score is None:
            continue
        b = min(int(e.score * 10), 9)
        bins[b][0] += 1
        bins[b][1] += match_key(e.as_schema()) in gold
    return [{"from": n / 10, "to": (n + 1) / 10, "events": c, "right": r,
             "share": round(r / c, 3) if c else None} for n, (c, r) in enumerate(bins)]


def key_calibration_table(examples: Sequence[Example], oof: OutOfFold) -> list[dict]:
    """The same over every proposed key (not only those kept): the calibration
    map's own check."""
    gold = {k for ex in examples for k in ex.gold_keys()}
    model = next(iter(oof.models.values()))
    bins: list[list[int]] = [[0, 0] for _ in range(10)]
    for k, p in oof.raw.items():
        s = model.calibration(p)
        b = min(int(s * 10), 9)
        bins[b][0] += 1
        bins[b][1] += k in gold
    return [{"from": n / 10, "to": (n + 1) / 10, "keys": c, "right": r,
             "share": round(r / c, 3) if c else None} for n, (c, r) in enumerate(bins)]
