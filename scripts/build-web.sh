#!/usr/bin/env bash
# Builds the browser (WASM) game into web/ and precompresses it for the
# panel server, which serves the .br/.gz variants to browsers that accept
# them. Run from anywhere; writes web/game.wasm, web/wasm_exec.js and their
# .br/.gz copies (all gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "building web/game.wasm ..."
# -tags weblibrary: the game carries the bundled library's catalog only and
# fetches a scenario's file from the panel (/play/library/...) when it is
# picked (scenarios/library_web.go); the files themselves would cost about
# 300 KB of the download budget.
# Size budget: the whole download must stay under 3 MB brotli
# (e2e/browser/run.sh checks it). -s -w drop the symbol table and DWARF.
# Inlining is turned off except where frames are spent (the runtime,
# syscall/js, Ebitengine and the game itself): inlined copies of the
# font, TOML and JSON code compress badly and cost ~300 KB of brotli for
# no visible speed.
gcflags=(-gcflags=all=-l -gcflags=runtime= -gcflags=syscall/js= \
  -gcflags=github.com/hajimehoshi/ebiten/v2/...= -gcflags=github.com/shockabsorber/shockabsorber/...=)
GOOS=js GOARCH=wasm go build -trimpath -tags weblibrary "${gcflags[@]}" -ldflags='-s -w' -o web/game.wasm ./cmd/shockabsorber
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" web/wasm_exec.js

for f in web/game.wasm web/wasm_exec.js; do
  rm -f "$f.br" "$f.gz"
  if command -v brotli >/dev/null 2>&1; then
    brotli -q 11 -k -f -o "$f.br" "$f"
  else
    echo "brotli not found: skipping $f.br (apt-get install brotli)" >&2
  fi
  gzip -9 -k -n -c "$f" > "$f.gz"
  # The variants must not be older than the original, or the server ignores them.
  for v in "$f.br" "$f.gz"; do
    if [ -f "$v" ]; then touch -r "$f" "$v"; fi
  done
done
ls -l web/game.wasm* web/wasm_exec.js*
