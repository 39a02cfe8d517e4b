#!/usr/bin/env bash
# Rebuild the shipped event model from the annotations, deterministically:
# the seed and development gold sets (../shared/eval, beside the checkout) and
# our own annotated articles in training/ (the lockbox is never trained on).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${AXISWATCH_SHARED:-../shared}"
if [ ! -f "$SHARED/eval/dev/gold.jsonl" ]; then
  echo "train-model: $SHARED/eval is not here (set AXISWATCH_SHARED)" >&2
  exit 2
fi
# every annotated batch (training/batch*/), in name order; never training/lockbox
.venv/bin/axiswatch train \
  "$SHARED/eval/gold/seeds.jsonl" "$SHARED/eval/dev/gold.jsonl" \
  $(ls training/batch*/gold.jsonl | LC_ALL=C sort) \
  --docs "$SHARED/corpus/seeds" \
  -o src/axiswatch/data/model/events.json --report training/cv-report.json "$@"
