#!/usr/bin/env bash
# Browser end-to-end test: builds the WASM game and the panel server,
# starts the panel on 127.0.0.1 with a new temporary database, reads the
# one-time setup link it prints, and (assess.test.mjs) makes the owner with
# it, invites an author by link, and the author makes the assessment and
# the invite a candidate plays through in headless Chromium with the
# keyboard; then tests the page's own messages and storage (page.test.mjs),
# then takes a practice session and an invite through the accessible view
# with axe (a11y.test.mjs, on a panel of its own), then a team's join link
# and one practice result arriving (team.test.mjs, on a panel of its own),
# one file after the other
# so the start-up timings are not taken while another browser runs. The server is
# always stopped. Needs chromium, brotli, node and npm (WITH_BROWSER=1
# bash scripts/setup.sh installs what is missing).
#
# E2E_POSTGRES=1 runs the member flow (assess.test.mjs) alone, against a
# panel on a throwaway PostgreSQL server (internal/pgtest/pgserve) instead
# of a SQLite file.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
for tool in go node npm brotli; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (WITH_BROWSER=1 bash scripts/setup.sh)" >&2; exit 1; }
done
export CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[[ -x "$CHROMIUM" ]] || { echo "run.sh: chromium is missing (WITH_BROWSER=1 bash scripts/setup.sh)" >&2; exit 1; }

# playwright-core only (no browser download), exactly as locked.
(cd e2e/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

bash scripts/build-web.sh >/dev/null
tmp=$(mktemp -d)
pid=""
pgpid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [[ -n "$pgpid" ]]; then kill "$pgpid" 2>/dev/null || true; wait "$pgpid" 2>/dev/null || true; fi
  if [[ "${KEEP_TMP:-0}" != 1 ]]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT
go build -o "$tmp/panel" ./cmd/panel
go build -o "$tmp/scenario" ./cmd/scenario

db="$tmp/panel.db"
tests=(e2e/browser/assess.test.mjs e2e/browser/page.test.mjs e2e/browser/a11y.test.mjs e2e/browser/team.test.mjs)
if [[ "${E2E_POSTGRES:-0}" == 1 ]]; then
  go build -o "$tmp/pgserve" ./internal/pgtest/pgserve
  "$tmp/pgserve" >"$tmp/pg.url" 2>"$tmp/pg.log" &
  pgpid=$!
  for _ in $(seq 1 300); do
    [[ -s "$tmp/pg.url" ]] && break
    if ! kill -0 "$pgpid" 2>/dev/null; then echo "run.sh: PostgreSQL did not start:" >&2; cat "$tmp/pg.log" >&2; exit 1; fi
    sleep 0.1
  done
  db=$(head -n 1 "$tmp/pg.url")
  tests=(e2e/browser/assess.test.mjs)
  echo "run.sh: the member flow on PostgreSQL" >&2
fi

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$tmp/panel" --addr "127.0.0.1:$port" --db "$db" --web web >"$tmp/panel.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/healthz"; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "run.sh: the panel server did not start:" >&2; cat "$tmp/panel.log" >&2; exit 1; fi
  sleep 0.1
done
# A new database has no owner: the panel prints a one-time setup link.
setup=$(grep -o "http://127\.0\.0\.1:$port/setup/[A-Za-z0-9_-]*" "$tmp/panel.log" | head -n 1)
[[ -n "$setup" ]] || { echo "run.sh: the panel printed no setup link:" >&2; cat "$tmp/panel.log" >&2; exit 1; }

status=0
PANEL_URL="http://127.0.0.1:$port" PANEL_SETUP_URL="$setup" SCENARIO_BIN="$tmp/scenario" PANEL_BIN="$tmp/panel" REPO_ROOT="$root" \
  node --test --test-concurrency=1 --test-reporter=spec "${tests[@]}" || status=$?
if [[ $status -ne 0 ]]; then
  echo "--- panel server log ---" >&2
  tail -n 40 "$tmp/panel.log" >&2
fi
exit $status
