#!/usr/bin/env bash
# Builds the test-only oracle (tools/istio/oracle: Helm's engine, istioctl's renderer and
# Istio's injector from the pinned istio.io/istio) into a per-user cache keyed by the
# module pin and the oracle's source. Stamped as a released istioctl 1.31.0 is, so that it
# renders docker.io/istio images tagged 1.31.0. Prints the binary's path on its last line.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=$here/tools/istio
key=$(cat "$src/go.mod" "$src/go.sum" "$src/oracle/main.go" | sha256sum | cut -c1-16)
cache=${MESH_ORACLE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mesh/oracle-$key}
bin=$cache/oracle
mkdir -p "$cache"
# One build at a time per cache: a second caller waits, then finds the finished build.
exec 9>"$cache.lock"
flock 9
log() { printf '[build-oracle] %s\n' "$*" >&2; }
if [ -x "$bin" ]; then
  log "cached in $cache"
  echo "$bin"
  exit 0
fi
mkdir -p "$cache"
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
v=istio.io/istio/pkg/version
log "building the oracle (cold: about 10 minutes on 2 cores)"
cd "$src"
go build -trimpath -tags=vtprotobuf,disable_pgv \
  -ldflags "-s -w -X $v.buildHub=docker.io/istio -X $v.buildVersion=1.31.0 -X $v.buildTag=1.31.0" \
  -o "$bin.tmp" ./oracle
mv "$bin.tmp" "$bin"
log "done: $bin"
echo "$bin"
