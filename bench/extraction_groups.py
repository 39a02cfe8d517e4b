"""Extraction on news unlike what it learned from: leave one group of articles out.

usage: python bench/extraction_groups.py [--shared DIR]

Cross-validation by document mixes articles of one story, one outlet and one
annotator into training and test, so it flatters the extractor. Here every
annotated set is cut into the groups it was gathered as (the seeds; the dev
set's three parts: the axis, the axis with China and Belarus, transfers
elsewhere; our batches 1-3, 4-6, 7-10, 14-15), and each group is extracted by
a model trained, exactly as `axiswatch train` does (its own cross-validated
calibration and threshold), on all the other groups. Prints P/R/F1 per group
and over all of them, and the same with the rules alone. Same annotations as
scripts/train-model.sh; never the lockbox. About 4 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from axiswatch.evaluate import evaluate
from axiswatch.extract.document import events_of
from axiswatch.learn.dataset import Example
from axiswatch.learn.train import Settings, train

sys.path.insert(0, str(Path(__file__).parent))
from annotations import ROOT, training_examples  # noqa: E402


def _ids(gold: Path) -> set[str]:
    """The documents of a gold set: those with events and those listed without."""
    found = {str(json.loads(line)["doc"]) for line in gold.read_text("utf-8").splitlines()
             if line.strip()}
    listing = gold.parent / "articles.jsonl"
    if listing.is_file():
        found |= {str(json.loads(line)["id"]) for line in listing.read_text("utf-8").splitlines()
                  if line.strip()}
    return found


def groups_of(shared: Path) -> dict[str, set[str]]:
    dev = _ids(shared / "eval" / "dev" / "gold.jsonl")
    number = {d: int(d[1:]) for d in dev if d[1:].isdigit()}

    def batches(*n: int) -> set[str]:
        return set().union(*(_ids(ROOT / "training" / f"batch{i}" / "gold.jsonl") for i in n
                             if (ROOT / "training" / f"batch{i}" / "gold.jsonl").is_file()))
    return {
        "seeds": _ids(shared / "eval" / "gold" / "seeds.jsonl"),
        "dev, the axis (d001-d040)": {d for d, n in number.items() if n <= 40},
        "dev, with China, Belarus (d041-d068)": {d for d, n in number.items() if 41 <= n <= 68},
        "dev, elsewhere (d069-d099)": {d for d, n in number.items() if n >= 69},
        "batches 1-3": batches(1, 2, 3),
        "batches 4-6": batches(4, 5, 6),
        "batches 7-10": batches(7, 8, 9, 10),
        "batches 14-15": batches(14, 15),
    }


def scored(examples: list[Example], events: list) -> dict:
    gold = [g for ex in examples for g in ex.gold]
    return evaluate(gold, [e.as_schema() for e in events])["overall"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    examples = training_examples(args.shared, "extraction_groups")
    if examples is None:
        return 2
    groups = groups_of(args.shared)
    table = Table(title="leave one group out: trained on all the others")
    for column in ("group", "documents", "gold", "model P", "R", "F1", "rules F1"):
        table.add_column(column, justify="left" if column == "group" else "right")
    all_model: list = []
    all_rules: list = []
    tested: list[Example] = []
    for name, docs in groups.items():
        test = [ex for ex in examples if ex.doc in docs]
        rest = [ex for ex in examples if ex.doc not in docs]
        if not test:
            continue
        model, _ = train(rest, Settings())
        model_events = [e for ex in test for e in events_of(ex.analysis, model)]
        rules_events = [e for ex in test for e in events_of(ex.analysis, None)]
        m, r = scored(test, model_events), scored(test, rules_events)
        table.add_row(name, str(len(test)), str(sum(len(ex.gold) for ex in test)),
                      f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}",
                      f"{r['f1']:.3f}")
        all_model += model_events
        all_rules += rules_events
        tested += test
    m, r = scored(tested, all_model), scored(tested, all_rules)
    table.add_row("all groups", str(len(tested)), str(sum(len(ex.gold) for ex in tested)),
                  f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}",
                  f"{r['f1']:.3f}", style="bold")
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
