"""The trained event model: linear weights over proposal features, calibrated.

The model is a JSON file written by ``axiswatch train`` (see
:mod:`axiswatch.learn.train`): a logistic-regression weight per feature, an
isotonic calibration map from raw probability to the share of proposals that
were right in cross-validation, and the decision threshold chosen there. A
certainty model of the same form picks one of the certainty levels. Scoring
needs nothing but this file: no scikit-learn at run time.
"""

from __future__ import annotations

import bisect
import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import repeat
from pathlib import Path

from axiswatch.extract.rerank import Reranker, Ruled, Support

MODEL_ENV = "AXISWATCH_MODEL"
MODEL_FORMAT = "axiswatch-event-model/1"


class ModelError(Exception):
    pass


@dataclass(frozen=True)
class LinearModel:
    weights: dict[str, float]
    bias: float

    def margin(self, features: list[str]) -> float:
        w = self.weights
        return self.bias + sum(w.get(f, 0.0) for f in set(features))

    def probability(self, features: list[str]) -> float:
        return _sigmoid(self.margin(features))

    def probabilities(self, parts: list[tuple[tuple[tuple[str, ...], ...], list[str]]]
                      ) -> list[float]:
        """Probabilities of many proposals given as (groups, own): ``groups`` are
        feature tuples shared by many proposals (each summed once per object),
        disjoint from each other and from the proposal's ``own`` features."""
        w = self.weights
        done: dict[int, float] = {}
        out = []
        for groups, own in parts:
            z = self.bias
            for g in groups:
                s = done.get(id(g))
                if s is None:
                    s = done[id(g)] = sum(map(w.get, g, repeat(0.0)))
                z += s
            out.append(_sigmoid(z + sum(map(w.get, set(own), repeat(0.0)))))
        return out


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, z))))


@dataclass(frozen=True)
class Calibration:
    """Piecewise-linear map from raw probability to calibrated probability."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def __call__(self, p: float) -> float:
        if not self.xs:
            return p
        if p <= self.xs[0]:
            return self.ys[0]
        if p >= self.xs[-1]:
            return self.ys[-1]
        i = bisect.bisect_right(self.xs, p)
        x0, x1, y0, y1 = self.xs[i - 1], self.xs[i], self.ys[i - 1], self.ys[i]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)


@dataclass(frozen=True)
class EventModel:
    events: LinearModel
    calibration: Calibration
    threshold: float
    certainty: dict[str, LinearModel]  # one-vs-rest per certainty level
    meta: dict
    # the second look at an article's keys together (see axiswatch.extract.rerank);
    # without it a key's score is its best proposal's
    rerank: Reranker | None = None

    def score(self, features: list[str]) -> float:
        return self.calibration(self.events.probability(features))

    def scores(self, parts: list[tuple[tuple[tuple[str, ...], ...], list[str]]]
               ) -> list[float]:
        return [self.calibration(p) for p in self.events.probabilities(parts)]

    def key_scores(self, keys: Mapping[tuple, Support],
                   ruled: Ruled | None = None) -> dict[tuple, float]:
        """The calibrated score of each key of one article, given the raw
        probabilities of its proposals by sentence (and the rules' keys)."""
        if self.rerank is not None:
            return {k: self.calibration(p) for k, p in self.rerank.scores(keys, ruled).items()}
        return {k: self.calibration(max(s.values(), default=0.0)) for k, s in keys.items()}

    def certainty_of(self, features: list[str], fallback: str) -> str:
        if not self.certainty:
            return fallback
        return max(self.certainty, key=lambda c: self.certainty[c].margin(features))

    def to_json(self) -> dict:
        def lin(m: LinearModel) -> dict:
            return {"bias": m.bias, "weights": dict(sorted(m.weights.items()))}
        return {
            "format": MODEL_FORMAT,
            "meta": self.meta,
            "threshold": self.threshold,
            "calibration": {"x": list(self.calibration.xs), "y": list(self.calibration.ys)},
            "events": lin(self.events),
            "certainty": {c: lin(m) for c, m in sorted(self.certainty.items())},
            **({"rerank": self.rerank.to_json()} if self.rerank is not None else {}),
        }

    @classmethod
    def from_json(cls, data: dict, origin: str = "model") -> EventModel:
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise ModelError(f"{origin}: not an axiswatch event model ({MODEL_FORMAT})")
        try:
            def lin(d: dict) -> LinearModel:
                return LinearModel({str(k): float(v) for k, v in d["weights"].items()},
                                   float(d["bias"]))
            cal = data["calibration"]
            return cls(lin(data["events"]),
                       Calibration(tuple(map(float, cal["x"])), tuple(map(float, cal["y"]))),
                       float(data["threshold"]),
                       {str(c): lin(d) for c, d in (data.get("certainty") or {}).items()},
                       dict(data.get("meta") or {}),
                       Reranker.from_json(data["rerank"]) if data.get("rerank") else None)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"{origin}: malformed event model ({exc})") from None


def default_model_path() -> Path | None:
    override = os.environ.get(MODEL_ENV)
    if override:
        return Path(override) if override.lower() not in ("none", "rules") else None
    ref = resources.files("axiswatch.data").joinpath("model/events.json")
    return Path(str(ref)) if ref.is_file() else None


def read_model(path: str | Path) -> EventModel:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ModelError(f"{path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise ModelError(f"{path}: not JSON ({exc.msg})") from None
    return EventModel.from_json(data, str(path))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> EventModel | None:
    """The shipped model (or ``AXISWATCH_MODEL``); None means rules only."""
    chosen = Path(path) if path else default_model_path()
    return read_model(chosen) if chosen is not None else None
