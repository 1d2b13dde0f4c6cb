#!/usr/bin/env bash
# Set everything up (idempotent) and start the whole system on embedded SQLite:
# migrated + seeded database in ./data, the API on :8000 and the app (desktop window or web :8550).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/satupintu up "$@"
