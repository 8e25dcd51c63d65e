#!/usr/bin/env bash
# The whole suite: typecheck, unit + integration (vitest), then Playwright e2e against a production build.
# With DATABASE_URL set, the integration tests run twice: on that Postgres and on embedded PGlite.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh

echo "== typecheck"
npm run --silent check

echo "== unit and integration tests (${DATABASE_URL:+Postgres at $DATABASE_URL}${DATABASE_URL:-PGlite})"
npx vitest run

if [ -n "${DATABASE_URL:-}" ]; then
	echo "== server integration tests on embedded PGlite"
	env -u DATABASE_URL -u REDIS_URL npx vitest run src/lib/server src/routes
fi

echo "== e2e (Playwright, Chromium)"
npx playwright test
