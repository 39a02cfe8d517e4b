#!/usr/bin/env bash
# Set everything up, then lint and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests bench
.venv/bin/mypy  # src/, configured in pyproject.toml
.venv/bin/python -m pytest -q "$@"
