"""Fitting gradient-boosted trees (scikit-learn's histogram boosting), deterministically,
and turning the fitted ensemble into :class:`~axiswatch.extract.trees.BoostedTrees`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from axiswatch.extract.trees import BoostedTrees

SEED = 0


@dataclass(frozen=True)
class BoostSettings:
    trees: int = 100
    learning_rate: float = 0.05
    leaves: int = 7  # at most, per tree
    min_leaf: int = 80  # keys a leaf must hold at least
    l2: float = 1.0


def fit_trees(rows: Sequence[Sequence[float]], labels: Sequence[int],
              settings: BoostSettings = BoostSettings()) -> BoostedTrees:
    """Boosted trees for P(label = 1) given a row of figures. No early stopping and
    no subsampling: the same rows give the same trees."""
    clf = HistGradientBoostingClassifier(
        max_iter=settings.trees, learning_rate=settings.learning_rate,
        max_leaf_nodes=settings.leaves, min_samples_leaf=settings.min_leaf,
        l2_regularization=settings.l2, early_stopping=False, random_state=SEED)
    clf.fit(np.asarray(rows, dtype=float), np.asarray(labels))
    return _tables(clf)


def _tables(clf: HistGradientBoostingClassifier) -> BoostedTrees:
    roots: list[int] = []
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    for (predictor,) in clf._predictors:  # one tree per iteration in a binary task
        nodes = predictor.nodes
        offset = len(feature)
        roots.append(offset)
        for node in nodes:
            leaf = bool(node["is_leaf"])
            feature.append(-1 if leaf else int(node["feature_idx"]))
            # the threshold exactly: it may equal a value seen, and rounding would flip it
            threshold.append(0.0 if leaf else float(node["num_threshold"]))
            left.append(0 if leaf else offset + int(node["left"]))
            right.append(0 if leaf else offset + int(node["right"]))
            value.append(round(float(node["value"]), 9) if leaf else 0.0)
    base = float(np.ravel(clf._baseline_prediction)[0])
    return BoostedTrees(round(base, 9), tuple(roots), tuple(feature), tuple(threshold),
                        tuple(left), tuple(right), tuple(value))
