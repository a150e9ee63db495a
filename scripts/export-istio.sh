#!/usr/bin/env bash
# Build step: exports Istio 1.31.0's charts and profiles from the pinned istio.io/istio module
# (tools/istio/export, which imports only istio.io/istio/manifests) into dist/istio/. The export
# is cached per user, keyed by the module pin; a warm run only copies it. Nothing of Istio's is
# committed to this repository.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=$here/tools/istio
version=1.31.0
key=$(cat "$src/go.mod" "$src/go.sum" "$src/export/main.go" | sha256sum | cut -c1-16)
cache=${MESH_ISTIO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mesh/istio-$version-$key}
out=$here/dist/istio
if [ "$(cat "$out/VERSION" 2>/dev/null)" = "$version" ] && [ -f "$out/.key-$key" ]; then exit 0; fi
if [ ! -f "$cache/charts/VERSION" ]; then
  if ! command -v go >/dev/null 2>&1; then
    if [ -x /usr/local/go/bin/go ]; then export PATH=/usr/local/go/bin:$PATH; else
      echo "[export-istio] Go 1.26 is needed to export Istio's charts (https://go.dev/dl/)" >&2; exit 1; fi
  fi
  mkdir -p "$cache"
  echo "[export-istio] exporting Istio $version charts and profiles" >&2
  (cd "$src" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-buildvcs=false go build -trimpath -o "$cache/export" ./export)
  "$cache/export" "$cache/charts" "$version"
fi
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -r "$cache/charts" "$out"
touch "$out/.key-$key"
