"""Boosted trees as plain tables: walking them, their file form, and fitting them."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from axiswatch.extract.trees import BoostedTrees
from axiswatch.learn.boost import BoostSettings, fit_trees


def _two_trees() -> BoostedTrees:
    # tree 1: x0 <= 0.5 ? (x1 <= 2 ? -1 : +1) : +2      tree 2: x1 <= 0 ? -0.5 : +0.5
    return BoostedTrees(
        base=0.25, roots=(0, 5),
        feature=(0, 1, -1, -1, -1, 1, -1, -1),
        threshold=(0.5, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
        left=(1, 2, 0, 0, 0, 6, 0, 0), right=(4, 3, 0, 0, 0, 7, 0, 0),
        value=(0.0, 0.0, -1.0, 1.0, 2.0, 0.0, -0.5, 0.5))


def test_each_row_walks_every_tree_to_its_leaf():
    trees = _two_trees()
    rows = [[0.0, 1.0], [0.5, 3.0], [0.9, -1.0], [0.6, 2.0]]
    # a value equal to the threshold goes left
    expected = [0.25 - 1.0 + 0.5, 0.25 + 1.0 + 0.5, 0.25 + 2.0 - 0.5, 0.25 + 2.0 + 0.5]
    assert trees.log_odds(np.asarray(rows)).tolist() == pytest.approx(expected)
    assert trees.depth == 2
    assert trees.probability([0.0, 1.0]) == pytest.approx(1 / (1 + np.exp(0.25)))
    assert trees.probabilities([]) == []


def test_trees_round_trip_and_broken_tables_are_refused():
    trees = _two_trees()
    again = BoostedTrees.from_json(json.loads(json.dumps(trees.to_json())))
    assert again == trees
    data = trees.to_json()
    data["left"][0] = 99
    with pytest.raises(ValueError, match="outside the table"):
        BoostedTrees.from_json(data)
    data = trees.to_json()
    data["value"] = data["value"][:-1]
    with pytest.raises(ValueError, match="differ in length"):
        BoostedTrees.from_json(data)


def _interaction(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels where one figure matters only when a flag is on, and a figure that
    takes few values (so that thresholds fall on values seen)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    X[:, 2] = rng.integers(0, 2, size=n)
    X[:, 3] = rng.integers(0, 4, size=n) / 3
    y = (X[:, 0] + 2 * X[:, 1] * X[:, 2] + X[:, 3] + rng.normal(size=n) * 0.5 > 0.5)
    return X, y.astype(int)


def test_fitted_trees_predict_as_the_library_does_and_learn_an_interaction():
    X, y = _interaction(4000, 3)
    settings = BoostSettings(trees=60, learning_rate=0.1, leaves=8, min_leaf=20)
    trees = fit_trees(X, y, settings)
    reference = HistGradientBoostingClassifier(
        max_iter=60, learning_rate=0.1, max_leaf_nodes=8, min_samples_leaf=20,
        l2_regularization=1.0, early_stopping=False, random_state=0).fit(X, y)
    test, truth = _interaction(1000, 4)
    assert np.abs(trees.log_odds(test) - reference.decision_function(test)).max() < 1e-6
    p = np.asarray(trees.probabilities(test))
    assert ((p > 0.5) == truth).mean() > 0.85
    # the flag switches the second figure's effect on
    on, off = [0.0, 1.5, 1.0, 0.0, 0.0], [0.0, 1.5, 0.0, 0.0, 0.0]
    assert trees.probability(on) > 0.8 > trees.probability(off)


def test_fitting_is_deterministic():
    X, y = _interaction(2000, 5)
    settings = BoostSettings(trees=30, leaves=6)
    assert fit_trees(X, y, settings) == fit_trees(X, y, settings)
