"""Gradient-boosted decision trees, as plain arrays: the part that predicts.

A model is the sum of many small regression trees over a row of dense
figures, plus a base value; the sum is a log-odds. Training happens elsewhere
(``axiswatch.learn.boost`` turns a fitted scikit-learn ensemble into this);
here the trees are only read from and written to a model file and evaluated,
all trees and all rows at once with numpy, so that scoring an article's keys
costs a few array operations per level of depth, not a Python loop per node.

Every tree's nodes sit in one flat table: at an inner node a row goes left
when its figure ``feature`` is at most ``threshold``, else right; a leaf
(``feature`` -1) carries its ``value``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np


@dataclass(frozen=True)
class BoostedTrees:
    base: float
    roots: tuple[int, ...]  # each tree's first node in the table
    feature: tuple[int, ...]  # -1 at a leaf
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]  # a leaf's contribution to the log-odds

    def __post_init__(self) -> None:
        n = len(self.feature)
        if not len(self.threshold) == len(self.left) == len(self.right) == len(self.value) == n:
            raise ValueError("the node table's columns differ in length")
        for i in range(n):
            if self.feature[i] >= 0 and not (0 <= self.left[i] < n and 0 <= self.right[i] < n):
                raise ValueError(f"node {i} points outside the table")
        if any(not 0 <= r < n for r in self.roots):
            raise ValueError("a tree's root is outside the table")

    @cached_property
    def _arrays(self) -> tuple[np.ndarray, ...]:
        leaf = np.asarray(self.feature) < 0
        index = np.arange(len(self.feature))
        # a leaf points to itself and always goes "left": walking on from it stays there
        feature = np.where(leaf, 0, self.feature)
        threshold = np.where(leaf, np.inf, self.threshold)
        left = np.where(leaf, index, self.left)
        right = np.where(leaf, index, self.right)
        return feature, threshold, left, right, np.asarray(self.value, dtype=float)

    @cached_property
    def depth(self) -> int:
        """The longest path from a root to a leaf, in steps."""
        deepest = 0
        for root in self.roots:
            stack = [(root, 0)]
            while stack:
                node, d = stack.pop()
                if self.feature[node] < 0:
                    deepest = max(deepest, d)
                else:
                    stack += [(self.left[node], d + 1), (self.right[node], d + 1)]
        return deepest

    def log_odds(self, rows: np.ndarray | Sequence[Sequence[float]]) -> np.ndarray:
        """The summed log-odds of each row of a 2-d array of figures."""
        feature, threshold, left, right, value = self._arrays
        table = np.asarray(rows, dtype=float)
        if table.ndim != 2 or not len(table):
            return np.zeros(len(table))
        node = np.broadcast_to(np.asarray(self.roots), (len(table), len(self.roots)))
        at = np.arange(len(table))[:, None]
        for _ in range(self.depth):
            go_left = table[at, feature[node]] <= threshold[node]
            node = np.where(go_left, left[node], right[node])
        return self.base + value[node].sum(axis=1)

    def probabilities(self, rows: np.ndarray | Sequence[Sequence[float]]) -> list[float]:
        z = np.clip(self.log_odds(rows), -35.0, 35.0)
        return [float(v) for v in 1.0 / (1.0 + np.exp(-z))]

    def probability(self, row: list[float]) -> float:
        z = float(self.log_odds(np.asarray([row]))[0])
        return 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, z))))

    def to_json(self) -> dict:
        return {"base": self.base, "roots": list(self.roots), "feature": list(self.feature),
                "threshold": list(self.threshold), "left": list(self.left),
                "right": list(self.right), "value": list(self.value)}

    @classmethod
    def from_json(cls, data: dict) -> BoostedTrees:
        return cls(float(data["base"]), tuple(map(int, data["roots"])),
                   tuple(map(int, data["feature"])), tuple(map(float, data["threshold"])),
                   tuple(map(int, data["left"])), tuple(map(int, data["right"])),
                   tuple(map(float, data["value"])))
