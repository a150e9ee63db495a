#!/usr/bin/env bash
# Builds the local control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl, kwok) from the Go module proxy into a per-user cache
# keyed by the pinned versions. Safe to re-run: finished steps are skipped.
# Prints the bin directory on its last line.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
k8s_version=v1.36.3
etcd_version=$(awk '$1=="go.etcd.io/etcd/server/v3"{print $2}' "$here/tools/controlplane/go.mod")
kwok_version=$(awk '$1=="sigs.k8s.io/kwok"{print $2}' "$here/tools/controlplane/kwok/go.mod")
cache=${MESH_CONTROLPLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mesh/controlplane-k8s-${k8s_version}-etcd-${etcd_version}-kwok-${kwok_version}}
bin=$cache/bin
mkdir -p "$cache"
# One build at a time per cache: a second caller waits, then finds the finished build.
exec 9>"$cache.lock"
flock 9
mkdir -p "$bin"
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-buildvcs=false

log() { printf '[build-controlplane] %s\n' "$*" >&2; }

if [ -f "$cache/stamp" ]; then
  log "cached in $cache"
  echo "$bin"
  exit 0
fi

minor=$(echo "$k8s_version" | cut -d. -f2)
build_date=2026-07-23T00:00:00Z
stamp=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  stamp+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  stamp+=" -X $pkg.gitCommit=0000000000000000000000000000000000000000 -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
done

cd "$here/tools/controlplane"
for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  if [ ! -x "$bin/$cmd" ]; then
    log "building $cmd $k8s_version"
    go build -trimpath -ldflags "all=$stamp -s -w" -o "$bin/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd"
    mv "$bin/$cmd.tmp" "$bin/$cmd"
  fi
done
if [ ! -x "$bin/etcd" ]; then
  log "building etcd $etcd_version"
  go build -trimpath -ldflags "-s -w" -o "$bin/etcd.tmp" go.etcd.io/etcd/server/v3
  mv "$bin/etcd.tmp" "$bin/etcd"
fi

cd "$here/tools/controlplane/kwok"
if [ ! -x "$bin/kwok" ]; then
  log "building kwok $kwok_version"
  go build -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${kwok_version#v} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${k8s_version#v}" \
    -o "$bin/kwok.tmp" sigs.k8s.io/kwok/cmd/kwok
  mv "$bin/kwok.tmp" "$bin/kwok"
fi
# kwok's own stage definitions (node init, lease heartbeat, pod ready/complete/delete).
kwok_dir=$(go mod download -json "sigs.k8s.io/kwok@$kwok_version" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
mkdir -p "$cache/stages"
for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
         pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
  cp "$kwok_dir/kustomize/stage/$f" "$cache/stages/$(basename "$f")"
done
chmod u+w "$cache/stages"/*.yaml

"$bin/kube-apiserver" --version >&2
date -u +%FT%TZ > "$cache/stamp"
log "done: $bin"
echo "$bin"
