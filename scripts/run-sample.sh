#!/usr/bin/env bash
# Set everything up, then ingest the bundled sample corpus into the default
# SQLite store (./axiswatch.db) and print what was found: actors, events,
# facts fused across articles, the containers series and contradictions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/axiswatch ingest examples/corpus
.venv/bin/axiswatch actors
.venv/bin/axiswatch events
.venv/bin/axiswatch facts
.venv/bin/axiswatch figures --unit containers
.venv/bin/axiswatch conflicts
