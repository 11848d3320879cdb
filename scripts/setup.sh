#!/usr/bin/env bash
# Installs the Debian packages Shock Absorber needs: the X11/GL headers that
# Ebitengine's desktop build links against, Xvfb for running the game and
# its tests without a display, a CJK font (the fallback for names the game's
# font lacks, in the game and in the browser), PostgreSQL (the panel's tests
# start a throwaway server of it, as an unprivileged user, in a temporary
# folder), and Chromium for the browser tests.
# Safe to run again: it installs only what is missing. Needs root (or sudo).
set -euo pipefail

packages=(
  libc6-dev libgl1-mesa-dev libxcursor-dev libxi-dev libxinerama-dev
  libxrandr-dev libxxf86vm-dev libasound2-dev pkg-config
  xvfb xauth graphviz
  fonts-wqy-microhei
  postgresql
)
if [[ "${WITH_BROWSER:-0}" == 1 ]]; then
  packages+=(chromium brotli)
  # Node from Debian only when there is none: a node/npm installed another
  # way (nvm, NodeSource, an image's own) must not be shadowed or broken.
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null; then
  echo "setup: Go is not on PATH; install Go 1.26 or newer from go.dev/dl (or add /usr/local/go/bin to PATH)" >&2
  exit 1
fi
