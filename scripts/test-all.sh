#!/usr/bin/env bash
# npm test: everything, in the order that fails fastest. Integration and browser tests
# run against the production build and the real Postgres.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-test-deps.sh
mkdir -p reports

echo "== lint";       npm run --silent lint
echo "== typecheck";  npm run --silent typecheck
echo "== build";      npm run --silent build
echo "== unit and integration tests (Vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json
echo "== browser tests (Playwright)"
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json
node scripts/test-summary.mjs reports/vitest.json reports/playwright.json
