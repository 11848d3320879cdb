#!/usr/bin/env bash
# Prints the bundled library's figures (docs/library.md) as its tests
# measure them: situations per language, channels and industries, how often
# the best option is also the longest, walk-outs labelled shock absorber,
# and the hiring battery's persona recall and strategies per language. The
# same tests fail the build when a figure misses its target.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
go run ./cmd/scenario check --strict scenarios/library
go test -count=1 -v -run 'TestLibrary' ./trainer 2>&1 | grep -E '^\s+library_test\.go:[0-9]+: ' | sed -E 's/^\s+library_test\.go:[0-9]+: /  /'
