"""Second look at an article's candidate keys, all together.

The proposal model scores one sentence's candidate at a time. Whether a key
(type, source, target, category) is an event of the article also depends on
its rivals there: the same flow in the other direction, the same parties with
another category, the same source with another target, on how many
sentences support it, and on whether the hand rules read it (in how many
sentences, by type). :func:`key_features` describes each key by such dense,
document-level figures over the proposal model's raw probabilities, and a
small ensemble of boosted trees (:class:`Reranker`, fitted by ``axiswatch
train`` on keys of articles the proposal model did not see) turns them into
the key's score: there it learns how far to trust the rules' reading where
the proposal model, which learned beside the rules on the same articles, is
unsure, and trees let that trust differ by type and by the model's own score.
Nothing here names a word, a state or a document.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from axiswatch.extract.trees import BoostedTrees
from axiswatch.model import EVENT_TYPES, ITEM_TYPES, SYMMETRIC_TYPES

# the support of one key: sentence index -> the best raw probability there
Support = dict[int, float]
# the hand rules' events of one article: key -> in how many sentences they read it
Ruled = Mapping[tuple, int]
_FLOOR = 1e-4
_SUPPORTING = 0.05  # a sentence "supports" a key at this raw probability or more


def _logit(p: float) -> float:
    p = min(max(p, _FLOOR), 1 - _FLOOR)
    return math.log(p / (1 - p))


def feature_names() -> list[str]:
    names = ["z", "z_second", "has_second", "support", "rival_reverse", "reverse_higher",
             "rival_category", "category_behind", "rival_target", "target_behind",
             "rival_source", "source_behind", "one_party", "chain", "rule", "rule_sentences",
             "rule_reverse"]
    names += [f"type={t}" for t in EVENT_TYPES] + [f"z|type={t}" for t in EVENT_TYPES]
    names += [f"rule|type={t}" for t in EVENT_TYPES]
    return names


def _best(support: Support) -> float:
    return max(support.values(), default=0.0)


class _Rivals:
    """The best two probabilities of a group of keys: the rival of each member is
    the best of the others."""

    def __init__(self) -> None:
        self.top: dict[tuple, tuple[float, tuple | None, float]] = {}

    def add(self, group: tuple, p: float, key: tuple) -> None:
        first, first_key, second = self.top.get(group, (0.0, None, 0.0))
        if first_key is None or p > first:
            self.top[group] = (p, key, first if first_key is not None else 0.0)
        else:
            self.top[group] = (first, first_key, max(second, p))

    def of(self, group: tuple, key: tuple) -> float:
        first, first_key, second = self.top.get(group, (0.0, None, 0.0))
        return second if first_key == key else first


def key_features(keys: Mapping[tuple, Support],
                 ruled: Ruled | None = None) -> dict[tuple, list[float]]:
    """The dense features of every key of one article (keys as ``Proposal.key``),
    and whether the hand rules read it (``ruled``: in how many sentences)."""
    ruled = ruled or {}
    best = {k: _best(s) for k, s in keys.items()}
    categories, targets, sources = _Rivals(), _Rivals(), _Rivals()
    # what was supplied gets used: a transfer to X of a category beside X's use of it
    supplied: dict[tuple, float] = {}  # (receiver, category) -> best transfer to it
    fired: dict[tuple, float] = {}  # (user, category) -> best use by it
    for k, p in best.items():
        _, etype, src, tgt, cat = k
        categories.add((etype, src, tgt), p, k)
        targets.add((etype, src, cat), p, k)
        sources.add((etype, tgt, cat), p, k)
        if etype == "transfer":
            supplied[(tgt, cat)] = max(supplied.get((tgt, cat), 0.0), p)
        elif etype == "use":
            fired[(src, cat)] = max(fired.get((src, cat), 0.0), p)
    out: dict[tuple, list[float]] = {}
    for k, support in keys.items():
        doc, etype, src, tgt, cat = k
        p = best[k]
        z = _logit(p)
        ranked = sorted(support.values(), reverse=True)
        second = ranked[1] if len(ranked) > 1 else 0.0
        n = sum(1 for v in ranked if v >= _SUPPORTING)
        reverse = 0.0
        if etype not in SYMMETRIC_TYPES and tgt is not None:
            reverse = best.get((doc, etype, tgt, src, cat), 0.0)
        rival_cat = categories.of((etype, src, tgt), k) if etype in ITEM_TYPES else 0.0
        rival_tgt = targets.of((etype, src, cat), k)
        rival_src = sources.of((etype, tgt, cat), k) if tgt is not None else 0.0
        row = [z, _logit(second), float(second > 0), math.log1p(n),
               _logit(reverse), float(reverse > p),
               _logit(rival_cat), float(rival_cat > p),
               _logit(rival_tgt), float(rival_tgt > p),
               _logit(rival_src), float(rival_src > p),
               float(tgt is None),
               _logit(supplied.get((src, cat), 0.0) if etype == "use" else
                      fired.get((tgt, cat), 0.0) if etype == "transfer" else 0.0)]
        n_rule = ruled.get(k, 0)
        row += [float(n_rule > 0), math.log1p(n_rule),
                float(etype not in SYMMETRIC_TYPES and (doc, etype, tgt, src, cat) in ruled)]
        row += [float(etype == t) for t in EVENT_TYPES]
        row += [z if etype == t else 0.0 for t in EVENT_TYPES]
        row += [float(n_rule > 0 and etype == t) for t in EVENT_TYPES]
        out[k] = row
    return out


@dataclass(frozen=True)
class Reranker:
    """Boosted trees over :func:`key_features`: the log-odds that a key is an event."""

    names: tuple[str, ...]
    trees: BoostedTrees

    def probability(self, row: list[float]) -> float:
        return self.trees.probability(row)

    def scores(self, keys: Mapping[tuple, Support],
               ruled: Ruled | None = None) -> dict[tuple, float]:
        rows = key_features(keys, ruled)
        return dict(zip(rows, self.trees.probabilities(list(rows.values())), strict=True))

    def to_json(self) -> dict:
        return {"names": list(self.names), "trees": self.trees.to_json()}

    @classmethod
    def from_json(cls, data: dict) -> Reranker:
        names = tuple(str(n) for n in data["names"])
        if list(names) != feature_names():
            raise ValueError("its key features are not this version's")
        trees = BoostedTrees.from_json(data["trees"])
        if any(f >= len(names) for f in trees.feature):
            raise ValueError("its trees ask for a key feature it does not name")
        return cls(names, trees)
