#!/usr/bin/env bash
# Course packages in a real LMS run-time: builds `scenario`, packages two
# library scenarios as SCORM 1.2, SCORM 2004 and cmi5 (each builds the
# browser game with go build, seconds once Go's cache has it), then plays
# them in headless Chromium (lms.test.mjs). Needs go, node, npm and
# chromium (WITH_BROWSER=1 bash scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
for tool in go node npm; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (WITH_BROWSER=1 bash scripts/setup.sh)" >&2; exit 1; }
done
export CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[[ -x "$CHROMIUM" ]] || { echo "run.sh: chromium is missing (WITH_BROWSER=1 bash scripts/setup.sh)" >&2; exit 1; }

(cd e2e/lms && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/scenario" ./cmd/scenario
files=(scenarios/library/double-charge.toml scenarios/library/friday-outage.toml)
"$tmp/scenario" package --format scorm12 -o "$tmp/scorm12.zip" "${files[@]}"
"$tmp/scenario" package --format scorm2004 -o "$tmp/scorm2004.zip" "${files[@]}"
"$tmp/scenario" package --format cmi5 --mastery 0.8 -o "$tmp/cmi5.zip" "${files[@]}"

PACKAGES="$tmp" SCENARIO_BIN="$tmp/scenario" REPO_ROOT="$root" \
  node --test --test-concurrency=1 --test-reporter=spec e2e/lms/lms.test.mjs
