"""Compare extracted events with gold events (the contract of SCHEMA.md).

An extracted event matches a gold event of the same document, type, source,
target and (for transfer, use, production) item category; meeting and
agreement match in either order. Each key counts once on either side.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from axiswatch.model import ITEM_TYPES, SYMMETRIC_TYPES


class EvalError(Exception):
    pass


def load_jsonl(path: str | Path) -> list[dict]:
    rows = []
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise EvalError(f"{path}:{n}: not JSON ({exc.msg})") from None
    except OSError as exc:
        raise EvalError(f"{path}: {exc.strerror}") from None
    return rows


def match_key(e: dict) -> tuple:
    kind = e.get("type")
    pair: tuple[Any, ...] = (e.get("source"), e.get("target"))
    if kind in SYMMETRIC_TYPES and all(pair):
        pair = tuple(sorted(pair))
    category = (e.get("item") or {}).get("category") if kind in ITEM_TYPES else None
    return (e.get("doc"), kind, *pair, category)


def _same_figure(a: dict, b: dict) -> bool:
    va = (a.get("quantity") or {}).get("value")
    vb = (b.get("quantity") or {}).get("value")
    if va is None or vb is None:
        return va is None and vb is None
    return abs(float(va) - float(vb)) <= 0.01 * max(abs(float(vb)), 1.0)


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(f, 3)}


def match_events(gold: list[dict], predicted: list[dict]
                 ) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(matched gold/extracted pairs, false alarms, misses), as the scorer counts them:
    documents not in gold are ignored and each key counts once on either side."""
    docs = {g.get("doc") for g in gold}
    open_gold: dict[tuple, list[dict]] = defaultdict(list)
    for g in gold:
        open_gold[match_key(g)].append(g)
    pairs: list[tuple[dict, dict]] = []
    false_alarms: list[dict] = []
    seen = set()
    for p in predicted:
        k = match_key(p)
        if p.get("doc") not in docs or k in seen:
            continue
        seen.add(k)
        if open_gold.get(k):
            pairs.append((open_gold[k].pop(), p))
        else:
            false_alarms.append(p)
    misses = [g for remaining in open_gold.values() for g in remaining]
    return pairs, false_alarms, misses


def evaluate(gold: list[dict], predicted: list[dict]) -> dict:
    pairs, false_alarms, misses = match_events(gold, predicted)
    counts: dict[str, Counter] = defaultdict(Counter)
    for g, _ in pairs:
        counts[g["type"]]["tp"] += 1
    for p in false_alarms:
        counts[str(p.get("type"))]["fp"] += 1
    for g in misses:
        counts[g["type"]]["fn"] += 1
    total: Counter = Counter()
    for c in counts.values():
        total.update(c)
    n = len(pairs) or 1
    return {
        "per_type": {t: _prf(c["tp"], c["fp"], c["fn"]) for t, c in sorted(counts.items())},
        "overall": _prf(total["tp"], total["fp"], total["fn"]),
        "matched": {
            "certainty": round(sum(g.get("certainty") == p.get("certainty")
                                   for g, p in pairs) / n, 3),
            "when": round(sum((g.get("when") or None) == (p.get("when") or None)
                              for g, p in pairs) / n, 3),
            "quantity": round(sum(_same_figure(g, p) for g, p in pairs) / n, 3),
        },
    }
