#!/usr/bin/env bash
# Editor completion: drives Taplo's language server (npm @taplo/lsp, the
# engine of Even Better TOML) on a library file that names
# docs/scenario.schema.json, and runs taplo check with the schema
# (lsp.test.mjs). Needs node and npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (WITH_BROWSER=1 bash scripts/setup.sh)" >&2; exit 1; }
done
(cd e2e/editor && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
node --test --test-concurrency=1 --test-reporter=spec e2e/editor/lsp.test.mjs
