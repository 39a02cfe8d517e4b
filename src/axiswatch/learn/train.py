"""Train the event model from annotated articles, deterministically.

Every proposal of every annotated article is labelled by whether its key is a
gold event of the article. A logistic regression (liblinear, fixed seed) over
the proposals' features learns which proposals are events; a second,
multinomial one learns the certainty of the true ones from the sentence's
cues and the rules' reading. Cross-validation by document gives every key an
out-of-fold probability (for the cross-validated scores). The isotonic
calibration and the decision threshold (best F1) are fitted on another
cross-validation, where whole groups of articles (a gold set, or a run of a
large one) are held out together: the model meets news unlike what it learned
from, and its scores are lower there than on documents of a known story,
outlet and annotator. The second look at each article's keys
(:mod:`axiswatch.extract.rerank`) is fitted on that cross-validation's keys too,
and calibrated on its own out-of-fold probabilities over the same groups.
The final model is then fitted on everything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from axiswatch.evaluate import match_key
from axiswatch.extract.classifier import Calibration, EventModel, LinearModel
from axiswatch.extract.decide import (
    Scored,
    add_support,
    best_by_key,
    certainty_features,
    rule_counts,
)
from axiswatch.extract.rerank import Reranker, Support, feature_names, key_features
from axiswatch.learn.boost import BoostSettings, fit_trees
from axiswatch.learn.dataset import Example
from axiswatch.model import CERTAINTIES

SEED = 13


@dataclass(frozen=True)
class Settings:
    c_events: float = 1.0
    c_certainty: float = 0.5
    min_count: int = 2  # a feature seen in fewer proposals than this is dropped
    folds: int = 5
    # calibration and threshold on groups held out (else on documents held out)
    by_group: bool = True
    rerank: bool = True  # the second look at an article's keys together
    # the second look's boosted trees: few and small (chosen on leave-one-group-out
    # and the unseen batches among 100-300 trees of 7-31 leaves)
    rerank_trees: int = 100
    rerank_rate: float = 0.05
    rerank_leaves: int = 7
    rerank_min_leaf: int = 80


def _rows(examples: Sequence[Example]) -> tuple[list[list[str]], list[int]]:
    X: list[list[str]] = []
    y: list[int] = []
    for ex in examples:
        where = ex.evidence_sentences()
        for p in ex.analysis.proposals:
            sentences = where.get(p.key(ex.doc))
            if sentences is not None and sentences and p.sentence_index not in sentences:
                continue  # a gold event stated elsewhere: this sentence may or may not say it
            X.append(p.features)
            y.append(int(sentences is not None))
    return X, y


def _vectorise(rows: list[list[str]], min_count: int) -> tuple[DictVectorizer, object]:
    counts = Counter(f for row in rows for f in set(row))
    keep = {f for f, n in counts.items() if n >= min_count}
    vec = DictVectorizer(sort=True)
    X = vec.fit_transform([{f: 1.0 for f in row if f in keep} for row in rows]).tocsr()
    X.indices = X.indices.astype(np.int32)  # liblinear takes 32-bit indices only
    X.indptr = X.indptr.astype(np.int32)
    return vec, X


def _linear(vec: DictVectorizer, coef: np.ndarray, bias: float) -> LinearModel:
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 6) for n, w in zip(names, coef, strict=True)
               if abs(w) >= 1e-6}
    return LinearModel(weights, round(float(bias), 6))


def fit_events(examples: Sequence[Example], settings: Settings) -> LinearModel:
    rows, y = _rows(examples)
    if not rows or len(set(y)) < 2:
        raise ValueError("the annotations give no positive and negative proposals to learn from")
    vec, X = _vectorise(rows, settings.min_count)
    clf = LogisticRegression(C=settings.c_events, solver="liblinear", random_state=SEED,
                             max_iter=2000)
    clf.fit(X, np.asarray(y))
    return _linear(vec, clf.coef_[0], clf.intercept_[0])


def _certainty_rows(examples: Sequence[Example],
                    events: LinearModel) -> tuple[list[list[str]], list[str]]:
    """For each gold event, the features of its best proposal in the gold sentence
    (or anywhere), labelled with the gold certainty."""
    X: list[list[str]] = []
    y: list[str] = []
    for ex in examples:
        gold_by_key = {match_key(g): g for g in ex.gold}
        probabilities = events.probabilities([(p.groups, p.own) for p in ex.analysis.proposals])
        scored = [Scored(p, v) for p, v in zip(ex.analysis.proposals, probabilities, strict=True)]
        in_evidence: list[Scored] = []
        for s in scored:
            g = gold_by_key.get(s.proposal.key(ex.doc))
            if g is None:
                continue
            sentence = ex.analysis.sentences[s.proposal.sentence_index]
            if g.get("evidence", "")[:60].strip() in sentence.text or \
                    sentence.text[:60] in g.get("evidence", ""):
                in_evidence.append(s)
        best = best_by_key(ex.analysis.article, in_evidence)
        for k, s in best.items():
            reading = ex.analysis.readings.get(s.proposal.sentence_index)
            if reading is None:
                continue
            X.append(certainty_features(s.proposal, reading))
            y.append(gold_by_key[k]["certainty"])
    return X, y


def fit_certainty(examples: Sequence[Example], events: LinearModel,
                  settings: Settings) -> dict[str, LinearModel]:
    rows, y = _certainty_rows(examples, events)
    labels = sorted(set(y))
    if len(labels) < 2:
        return {}
    vec, X = _vectorise(rows, settings.min_count)
    clf = LogisticRegression(C=settings.c_certainty, solver="lbfgs", max_iter=3000)
    clf.fit(X, np.asarray(y))
    return {str(c): _linear(vec, clf.coef_[i], clf.intercept_[i])
            for i, c in enumerate(clf.classes_) if c in CERTAINTIES}


def folds_of(examples: Sequence[Example], k: int) -> list[list[int]]:
    """Documents dealt into ``k`` folds in a fixed order (sorted ids, round robin)."""
    order = sorted(range(len(examples)), key=lambda i: examples[i].doc)
    return [[i for n, i in enumerate(order) if n % k == f] for f in range(k)]


def group_folds(examples: Sequence[Example], k: int) -> list[list[int]] | None:
    """Whole groups dealt into ``k`` folds (largest first, each to the fold with the
    fewest documents); None when there are fewer than ``k`` groups."""
    groups: dict[str, list[int]] = {}
    for i, ex in enumerate(examples):
        groups.setdefault(ex.group, []).append(i)
    if len(groups) < k:
        return None
    folds: list[list[int]] = [[] for _ in range(k)]
    for name in sorted(groups, key=lambda g: (-len(groups[g]), g)):
        smallest = min(range(k), key=lambda f: (len(folds[f]), f))
        folds[smallest].extend(groups[name])
    return [sorted(f) for f in folds]


@dataclass
class OutOfFold:
    """Per document of a cross-validation: each key's raw probabilities by sentence
    (its support), and the fold's model, to decide and describe events."""

    support: dict[tuple, Support]
    models: dict[str, EventModel]  # doc -> the model that did not see it
    # each key's score before calibration: its best raw probability, or the reranker's
    raw: dict[tuple, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.raw:
            self.raw = {k: max(s.values(), default=0.0) for k, s in self.support.items()}


def cross_validate(examples: Sequence[Example], settings: Settings,
                   on_fold: Callable[[int], None] | None = None,
                   folds: list[list[int]] | None = None) -> OutOfFold:
    support: dict[tuple, Support] = {}
    models: dict[str, EventModel] = {}
    for n, test in enumerate(folds or folds_of(examples, settings.folds)):
        held = set(test)
        train = [ex for i, ex in enumerate(examples) if i not in held]
        events = fit_events(train, settings)
        certainty = fit_certainty(train, events, settings)
        model = EventModel(events, Calibration((), ()), 0.5, certainty, {})
        for i in test:
            ex = examples[i]
            models[ex.doc] = model
            proposals = ex.analysis.proposals
            probabilities = events.probabilities([(p.groups, p.own) for p in proposals])
            add_support(support, ex.analysis.article, proposals, probabilities)
        if on_fold:
            on_fold(n)
    return OutOfFold(support, models)


def _key_rows(examples: Sequence[Example],
              oof: OutOfFold) -> dict[str, dict[tuple, list[float]]]:
    """The reranker's features of every key, by document (with the rules' keys)."""
    by_doc: dict[str, dict[tuple, Support]] = {}
    for k, s in oof.support.items():
        by_doc.setdefault(k[0], {})[k] = s
    ruled = {ex.doc: rule_counts(ex.analysis.rule_events) for ex in examples}
    return {doc: key_features(keys, ruled.get(doc)) for doc, keys in by_doc.items()}


def _fit_rerank(rows: list[list[float]], y: list[int], settings: Settings) -> Reranker:
    boost = BoostSettings(trees=settings.rerank_trees, learning_rate=settings.rerank_rate,
                          leaves=settings.rerank_leaves, min_leaf=settings.rerank_min_leaf)
    return Reranker(tuple(feature_names()), fit_trees(rows, y, boost))


@dataclass
class Reranked:
    """The second look fitted on all keys (``final``), every key's figures (from the
    support of articles held out), and every key's probability from a second look
    fitted without its fold."""

    final: Reranker
    features: dict[tuple, list[float]]
    out_of_fold: dict[tuple, float]


def fit_rerank(examples: Sequence[Example], held: OutOfFold, folds: list[list[int]],
               settings: Settings) -> Reranked | None:
    """The reranker, fitted on the keys of articles the proposal model did not see,
    and, over the same folds, one fitted without each fold: its probability for
    the fold's keys calibrates the score and chooses the threshold. None when too
    few articles show both right and wrong keys."""
    gold = {k for ex in examples for k in ex.gold_keys()}
    rows = _key_rows(examples, held)
    fold_of = {examples[i].doc: n for n, f in enumerate(folds) for i in f}
    keys = sorted(k for doc in rows for k in rows[doc])
    features = {k: rows[k[0]][k] for k in keys}
    labels = [int(k in gold) for k in keys]
    if len(set(labels)) < 2:
        return None
    out: dict[tuple, float] = {}
    for n in range(len(folds)):
        train_keys = [k for k in keys if fold_of.get(k[0]) != n]
        test_keys = [k for k in keys if fold_of.get(k[0]) == n]
        y = [int(k in gold) for k in train_keys]
        if not test_keys or len(set(y)) < 2:
            continue
        model = _fit_rerank([features[k] for k in train_keys], y, settings)
        out.update(zip(test_keys, model.trees.probabilities([features[k] for k in test_keys]),
                       strict=True))
    if not out:
        return None
    final = _fit_rerank([features[k] for k in keys], labels, settings)
    return Reranked(final, features, out)


def calibrate(examples: Sequence[Example], oof: OutOfFold) -> Calibration:
    gold = {k for ex in examples for k in ex.gold_keys()}
    keys = sorted(oof.raw)
    x = np.asarray([oof.raw[k] for k in keys])
    y = np.asarray([int(k in gold) for k in keys])
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True)
    iso.fit(x, y)
    xs = [round(float(v), 6) for v in iso.X_thresholds_]
    ys = [round(float(v), 6) for v in iso.y_thresholds_]
    return Calibration(tuple(xs), tuple(ys))


def best_threshold(examples: Sequence[Example], oof: OutOfFold | Sequence[OutOfFold],
                   cal: Calibration) -> float:
    """The calibrated score above which keeping a key gives the best F1; over
    several cross-validations, the best F1 of their keys together (two plateaus of
    the calibration a hair apart on one are not decided by that hair alone)."""
    gold = {k for ex in examples for k in ex.gold_keys()}
    held = [oof] if isinstance(oof, OutOfFold) else list(oof)
    scored = sorted(((cal(p), k in gold) for h in held for k, p in h.raw.items()),
                    reverse=True)
    total = len(gold) * len(held)
    best_f, best_t, tp, n = 0.0, 0.5, 0, 0
    for i, (score, right) in enumerate(scored):
        n += 1
        tp += right
        nxt = scored[i + 1][0] if i + 1 < len(scored) else -1.0
        if nxt == score:
            continue
        f = 2 * tp / (n + total) if n + total else 0.0
        if f > best_f:
            best_f, best_t = f, score
    return round(float(best_t), 6)


def train(examples: Sequence[Example], settings: Settings = Settings(),
          on_fold: Callable[[int], None] | None = None) -> tuple[EventModel, OutOfFold]:
    oof = cross_validate(examples, settings, on_fold)
    shifted = group_folds(examples, settings.folds) if settings.by_group else None
    held = cross_validate(examples, settings, folds=shifted) if shifted else oof
    rerank: Reranker | None = None
    fold_rerank: dict[str, Reranker] = {}
    if settings.rerank:
        reranked = fit_rerank(examples, held, shifted or folds_of(examples, settings.folds),
                              settings)
        if reranked is not None:
            rerank = reranked.final
            held = OutOfFold(held.support, held.models, reranked.out_of_fold)
            # the documents' own cross-validation: each scored by a second look fitted
            # without its fold, so that no figure of the report comes from a model that
            # saw the document's keys
            fold_rerank = _fold_rerankers(examples, reranked, settings)
            oof.raw = {k: fold_rerank[doc].probability(row)
                       for doc, rows in _key_rows(examples, oof).items()
                       for k, row in rows.items()}
    cal = calibrate(examples, held)
    # the threshold: best over the keys held out by group and by document together
    threshold = best_threshold(examples, [held, oof] if held is not oof else [held], cal)
    events = fit_events(examples, settings)
    certainty = fit_certainty(examples, events, settings)
    meta = {
        "documents": len(examples),
        "gold_events": sum(len(ex.gold) for ex in examples),
        "proposals": sum(len(ex.analysis.proposals) for ex in examples),
        "features": len(events.weights),
        "settings": settings.__dict__,
        "calibrated_on": "groups held out" if shifted else "documents held out",
    }
    final = EventModel(events, cal, threshold, certainty, meta, rerank)
    for doc, m in oof.models.items():  # the fold models decide with the same calibration
        oof.models[doc] = EventModel(m.events, cal, threshold, m.certainty, {},
                                     fold_rerank.get(doc, rerank))
    return final, oof


def _fold_rerankers(examples: Sequence[Example], reranked: Reranked,
                    settings: Settings) -> dict[str, Reranker]:
    """For each document, the second look fitted without the keys of its fold of the
    documents' cross-validation."""
    gold = {k for ex in examples for k in ex.gold_keys()}
    out: dict[str, Reranker] = {}
    for fold in folds_of(examples, settings.folds):
        docs = {examples[i].doc for i in fold}
        keys = [k for k in reranked.features if k[0] not in docs]
        y = [int(k in gold) for k in keys]
        model = reranked.final if len(set(y)) < 2 else \
            _fit_rerank([reranked.features[k] for k in keys], y, settings)
        out.update({d: model for d in docs})
    return out
