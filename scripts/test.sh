#!/usr/bin/env bash
# Set everything up (idempotent) and run all the checks: ruff, mypy, the whole pytest suite.
# PostgreSQL tests run when SATUPINTU_TEST_POSTGRES_URL is set, e.g.
#   SATUPINTU_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
