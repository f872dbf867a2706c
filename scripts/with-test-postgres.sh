#!/usr/bin/env bash
# Runs a command with INVIGIL_TEST_PG_URL pointing at a PostgreSQL server: the one already named in the environment,
# or a throwaway one (scripts/test-postgres.sh) started for the command and removed after it, so `npm test` needs no
# manual setup for the PostgreSQL half of the results tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${INVIGIL_TEST_PG_URL:-}" ]; then exec "$@"; fi
pg_env=$(scripts/test-postgres.sh start) # an assignment, so a failed start stops here (set -e)
eval "$pg_env"
trap 'scripts/test-postgres.sh stop "$INVIGIL_TEST_PG_DIR"' EXIT
"$@"
