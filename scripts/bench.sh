#!/usr/bin/env bash
# Benchmarks, with a throwaway PostgreSQL provisioned by scripts/test.sh:
# introspection + autogenerate diff of a 1,000-table schema on SQLite and
# PostgreSQL (target: < 100 ms and < 50 MiB peak memory each), then the ORM
# against hand-written prepared statements (target: within 1.15x).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/test.sh --run cargo bench -p migrate-tests --bench introspect_diff "$@"
exec scripts/test.sh --run cargo bench -p migrate-tests --bench orm "$@"
