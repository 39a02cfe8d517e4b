"""The annotations the benches read: the same as scripts/train-model.sh (the seed
gold set, the development set, training/batch*/; never the lockbox)."""

from __future__ import annotations

import sys
from pathlib import Path

from axiswatch.learn.dataset import Example, find_gold_docs, load_examples

ROOT = Path(__file__).resolve().parents[1]


def training_examples(shared: Path, bench: str) -> list[Example] | None:
    """Every annotated article, analysed; None (with a line on stderr naming
    ``bench``) when ``shared`` holds no evaluation sets."""
    if not (shared / "eval" / "dev" / "gold.jsonl").is_file():
        print(f"{bench}: {shared}/eval is not here (--shared)", file=sys.stderr)
        return None
    golds = [shared / "eval" / "gold" / "seeds.jsonl",
             shared / "eval" / "dev" / "gold.jsonl",
             *sorted((ROOT / "training").glob("batch*/gold.jsonl"), key=str)]
    return load_examples(find_gold_docs(golds, [shared / "corpus" / "seeds"]))
