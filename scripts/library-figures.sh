#!/usr/bin/env bash
# Prints the bundled library's figures (docs/library.md) as its tests
# measure them: situations per language, channels and industries, how often
# the best option is also the longest, walk-outs labelled shock absorber,
# the hiring battery's persona recall and strategies per language, and the
# standard assessment's length. The same tests fail the build when a figure
# misses its target; this script exits non-zero then too.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
status=0
go run ./cmd/scenario check --strict scenarios/library || status=1
out=$(go test -count=1 -v -run 'TestLibrary|TestStandardAssessment' ./trainer 2>&1) || status=1
grep -E '^\s+library_test\.go:[0-9]+: ' <<<"$out" | sed -E 's/^\s+library_test\.go:[0-9]+: /  /'
exit $status
