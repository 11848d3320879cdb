// Package web holds the page that hosts the browser (WASM) build of the
// game. index.html is embedded so the panel server works from any folder;
// game.wasm and wasm_exec.js are built by scripts/build-web.sh and served
// from this folder on disk (they are not committed).
package web

import "embed"

// Files holds the embedded fallback copy of the web folder's page.
//
//go:embed index.html
var Files embed.FS
