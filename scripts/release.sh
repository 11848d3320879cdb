#!/usr/bin/env bash
# Builds the downloads into dist/ (see README, "Downloads"):
#   - the game for Linux amd64 (cgo, built natively: run this on Linux
#     amd64 with scripts/setup.sh done) and Windows amd64 (cross-compiled:
#     Ebitengine on Windows needs no cgo);
#   - the panel (with the browser game in web/) and the `scenario` command
#     for Linux, macOS and Windows, amd64 and arm64 (pure Go, CGO_ENABLED=0:
#     the panel's SQLite driver, modernc.org/sqlite, is Go);
# each in a .tar.gz (a .zip for Windows) with README.md, and SHA256SUMS.
# Every binary is built with -trimpath and carries its version from the
# checkout's VCS data (go version -m FILE shows it; --version prints it).
# The macOS game is not built here: it needs cgo and Apple's SDK, so build
# it on a Mac (README).
#
#   bash scripts/release.sh            # everything (a few minutes on 2 cores)
#   ONLY="scenario panel" bash scripts/release.sh   # a subset: game, panel, scenario
set -euo pipefail
cd "$(dirname "$0")/.."
command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"

only=" ${ONLY:-game panel scenario} "
want() { [[ "$only" == *" $1 "* ]]; }

# The version in the archive names: the tag when HEAD has one, else the
# short commit, with -dirty for uncommitted changes (the binaries say the
# same, from their build information).
version=$(git describe --tags --exact-match 2>/dev/null || git rev-parse --short=7 HEAD)
if [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  version="$version-dirty"
  echo "note: the checkout has uncommitted changes; the builds say so (+ in their version)" >&2
fi
# Archive entries get the commit's time, so the same commit gives the same
# archives.
stamp=$(git log -1 --format=%ct)

dist=dist
rm -rf "$dist"
mkdir -p "$dist"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# GOFLAGS may say -buildvcs=false (some CI set it): the version must be
# stamped, so that is taken out and -buildvcs=true put in (the browser game
# is built with it too), and every build below asks for it as well.
GOFLAGS="$(printf '%s' "${GOFLAGS:-}" | sed -E 's/(^| )-buildvcs(=[^ ]*)?//g') -buildvcs=true"
export GOFLAGS
build() { # GOOS GOARCH CGO OUT PKG [extra go build flags...]
  local os=$1 arch=$2 cgo=$3 out=$4 pkg=$5
  shift 5
  echo "building $out ($os/$arch)"
  CGO_ENABLED=$cgo GOOS=$os GOARCH=$arch go build -trimpath -buildvcs=true "$@" -o "$out" "$pkg"
}

# pack NAME OS FILES...: the files (paths under $work/NAME) into
# dist/NAME.tar.gz, or dist/NAME.zip for Windows.
pack() {
  local name=$1 os=$2
  cp README.md "$work/$name/"
  find "$work/$name" -exec touch -h -d "@$stamp" {} +
  if [[ $os == windows ]]; then
    command -v zip >/dev/null || { echo "zip not found (apt-get install zip)" >&2; exit 1; }
    (cd "$work" && find "$name" -print | LC_ALL=C sort | zip -X -q -@ "$OLDPWD/$dist/$name.zip")
  else
    tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$stamp" -cf - "$name" |
      gzip -9 -n >"$dist/$name.tar.gz"
  fi
}

exe() { [[ $1 == windows ]] && echo .exe || true; }

if want game; then
  if [[ "$(go env GOHOSTOS)/$(go env GOHOSTARCH)" != linux/amd64 ]]; then
    echo "the Linux game needs cgo and is built natively on linux/amd64; skipping it here" >&2
  else
    n="shockabsorber-$version-linux-amd64"
    mkdir -p "$work/$n"
    build linux amd64 1 "$work/$n/shockabsorber" ./cmd/shockabsorber -ldflags='-s -w'
    pack "$n" linux
  fi
  # On Windows the game is a GUI program: no console window opens with it.
  n="shockabsorber-$version-windows-amd64"
  mkdir -p "$work/$n"
  build windows amd64 0 "$work/$n/shockabsorber.exe" ./cmd/shockabsorber -ldflags='-s -w -H=windowsgui'
  pack "$n" windows
fi

# The browser game the panel serves, built afresh so it matches.
if want panel; then
  bash scripts/build-web.sh
fi

for os in linux darwin windows; do
  for arch in amd64 arm64; do
    if want scenario; then
      n="scenario-$version-$os-$arch"
      mkdir -p "$work/$n"
      build "$os" "$arch" 0 "$work/$n/scenario$(exe "$os")" ./cmd/scenario -ldflags='-s -w'
      pack "$n" "$os"
    fi
    if want panel; then
      n="panel-$version-$os-$arch"
      mkdir -p "$work/$n/web"
      build "$os" "$arch" 0 "$work/$n/panel$(exe "$os")" ./cmd/panel -ldflags='-s -w'
      # The browser game the panel serves (--web, by default ./web).
      cp web/index.html web/game.wasm web/wasm_exec.js "$work/$n/web/"
      for f in web/game.wasm.br web/game.wasm.gz web/wasm_exec.js.br web/wasm_exec.js.gz; do
        if [[ -f $f ]]; then cp "$f" "$work/$n/web/"; fi
      done
      pack "$n" "$os"
    fi
  done
done

(cd "$dist" && sha256sum -- * >SHA256SUMS)
ls -l "$dist"
echo "checksums: $dist/SHA256SUMS (sha256sum -c SHA256SUMS)"
