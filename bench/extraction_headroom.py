"""Where the extractor's errors come from: how much a perfect sentence stage would
buy, against how well parties and categories are chosen within a sentence.

usage: python bench/extraction_headroom.py [--shared DIR] [--folds K]

Reads the same annotations as scripts/train-model.sh (seeds, the development
set, training/batch*/; never the lockbox) and prints, by cross-validation by
document with the shipped design:

1. the candidate ceiling: gold keys with a proposal in their evidence sentence;
2. the proposals per gold key in the sentences that state an event of the type;
3. F1 as shipped;
4. F1 with an oracle sentence stage: every proposal of a sentence that states
   an event of its type gets a feature saying so (the bound for any better
   "does this sentence report a transfer?" classifier, embeddings included);
5. F1 of the within-sentence choice alone: trained and scored only on the
   proposals of sentences that state an event of their type.

If 4 and 5 are close to 3, the sentence stage is not what holds F1 back: the
choice of parties, direction and category within a sentence is (coreference of
"the two countries", quote speakers, "we" in joint statements, implied
parties), and work belongs in candidates and their features.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from axiswatch.extract.classifier import Calibration, EventModel
from axiswatch.learn.dataset import Example
from axiswatch.learn.report import cv_scores, out_of_fold_events
from axiswatch.learn.train import (
    OutOfFold,
    Settings,
    best_threshold,
    calibrate,
    fit_certainty,
    fit_events,
    folds_of,
)

sys.path.insert(0, str(Path(__file__).parent))
from annotations import ROOT, training_examples  # noqa: E402


def typed_sentences(ex: Example) -> set[tuple[int, str]]:
    """(sentence, type) of every gold event's evidence sentence."""
    return {(s, k[1]) for k, found in ex.evidence_sentences().items() for s in found}


def with_proposals(ex: Example, keep: Callable) -> Example:
    kept = [p for p in ex.analysis.proposals if keep(p)]
    return Example(dataclasses.replace(ex.analysis, proposals=kept), ex.gold)


def cross_validated_f1(examples: list[Example], folds: int) -> dict:
    settings = Settings(folds=folds)
    raw: dict[tuple, float] = {}
    models: dict[str, EventModel] = {}
    for test in folds_of(examples, folds):
        held = set(test)
        train = [x for i, x in enumerate(examples) if i not in held]
        events = fit_events(train, settings)
        model = EventModel(events, Calibration((), ()), 0.5,
                           fit_certainty(train, events, settings), {})
        for i in test:
            x = examples[i]
            models[x.doc] = model
            props = x.analysis.proposals
            for p, v in zip(props, events.probabilities([(p.groups, p.own) for p in props]),
                            strict=True):
                k = p.key(x.doc)
                raw[k] = max(raw.get(k, 0.0), v)
    oof = OutOfFold({}, models, raw)
    cal = calibrate(examples, oof)
    threshold = best_threshold(examples, oof, cal)
    for doc, m in oof.models.items():
        oof.models[doc] = EventModel(m.events, cal, threshold, m.certainty, {})
    return cv_scores(examples, out_of_fold_events(examples, oof))["overall"]


def within_typed_sentences(ex: Example) -> Example:
    typed = typed_sentences(ex)
    return with_proposals(ex, lambda p: (p.sentence_index, p.type) in typed)


def oracle_sentence_stage(examples: list[Example]) -> list[Example]:
    out = []
    for ex in examples:
        typed = typed_sentences(ex)
        props = [dataclasses.replace(p, own=[*p.own, f"{p.type}|oracle_sentence"]
                                     if (p.sentence_index, p.type) in typed else list(p.own))
                 for p in ex.analysis.proposals]
        out.append(Example(dataclasses.replace(ex.analysis, proposals=props), ex.gold))
    return out


def ceiling_and_density(examples: list[Example]) -> None:
    why: Counter[str] = Counter()
    gold_n: Counter[str] = Counter()
    props_n: Counter[str] = Counter()
    for ex in examples:
        where = ex.evidence_sentences()
        at: dict[tuple, set[int]] = defaultdict(set)
        for p in ex.analysis.proposals:
            at[p.key(ex.doc)].add(p.sentence_index)
        for k in ex.gold_keys():
            found, proposed = where.get(k, set()), at.get(k, set())
            why["in its evidence sentence" if found & proposed else
                "only in another sentence" if proposed else "nowhere"] += 1
        typed = typed_sentences(ex)
        for s, t in typed:
            gold_n[t] += sum(1 for k, f in where.items() if k[1] == t and s in f)
        for p in ex.analysis.proposals:
            props_n[p.type] += (p.sentence_index, p.type) in typed
    total = sum(why.values())
    print(f"1. gold keys with a proposal (of {total}):")
    for w, n in why.most_common():
        print(f"     {w:28s} {n:5d}  {n / total:.1%}")
    print("2. proposals per gold key in the sentences that state the type:")
    for t in sorted(gold_n):
        print(f"     {t:12s} {props_n[t] / gold_n[t]:5.1f}  ({gold_n[t]} gold)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    examples = training_examples(args.shared, "extraction_headroom")
    if examples is None:
        return 2
    print(f"{len(examples)} documents, {sum(len(x.gold) for x in examples)} gold events")
    ceiling_and_density(examples)
    for label, exs in (
            ("3. as shipped", examples),
            ("4. with an oracle sentence stage", oracle_sentence_stage(examples)),
            ("5. the within-sentence choice alone",
             [within_typed_sentences(x) for x in examples])):
        s = cross_validated_f1(exs, args.folds)
        print(f"{label:38s} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
