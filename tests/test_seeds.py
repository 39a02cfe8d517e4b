"""End to end on the shared seed articles, scored by the shared scorer.

These read ``../shared`` beside the checkout and skip with a reason when it is
absent. The seed gold set is for development: the bar here catches a
regression, it is not the measure of the extractor (a held-out set is).
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SHARED, run_cli

SCORER = SHARED / "eval" / "score.py"


def test_extract_seeds_scores_with_the_shared_scorer(seeds_dir, gold_path, tmp_path):
    result = run_cli("extract", str(seeds_dir), "--format", "jsonl", timeout=900)
    assert result.returncode == 0, result.stderr
    pred = tmp_path / "pred.jsonl"
    pred.write_text(result.stdout, encoding="utf-8")
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert events, "no events extracted from the seed articles"
    for event in events:
        assert event["evidence"] and event["doc"]
        assert event["certainty"] in {"asserted", "reported", "alleged", "possible", "denied"}
    scored = subprocess.run([sys.executable, str(SCORER), str(gold_path), str(pred), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert scored.returncode == 0, scored.stderr
    report = json.loads(scored.stdout)
    overall = report["overall"]
    assert overall["f1"] >= 0.8, overall


def test_every_seed_evidence_is_a_sentence_of_its_article(seeds_dir, tmp_path):
    result = run_cli("extract", str(seeds_dir), "--format", "jsonl", timeout=900)
    texts = {p.stem: " ".join(p.read_text(encoding="utf-8", errors="replace").split())
             for p in seeds_dir.glob("*.txt")}
    for line in result.stdout.splitlines():
        event = json.loads(line)
        assert " ".join(event["evidence"].split()) in texts[event["doc"]], event
