#!/usr/bin/env bash
# The README's demo, run by `npm run demo` inside the isolated local control plane
# (scripts/cluster.js sets KUBECONFIG and puts kubectl 1.36.3 first on PATH).
# `npm run demo -- --keep` opens a shell on the cluster afterwards instead of tearing it down.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "\$ mesh install -y --set meshConfig.accessLogFile=/dev/stdout"
./bin/run.js install -y --set meshConfig.accessLogFile=/dev/stdout
echo
echo "\$ kubectl get deployments,services -n istio-system"
kubectl get deployments,services -n istio-system
echo
echo "\$ kubectl get configmap istio -n istio-system -o jsonpath='{.data.mesh}'"
kubectl get configmap istio -n istio-system -o jsonpath='{.data.mesh}'
echo
echo "\$ mesh verify-install"
./bin/run.js verify-install
if [ "${1:-}" = "--keep" ]; then
  echo "The control plane keeps running until you leave this shell (KUBECONFIG=$KUBECONFIG)."
  exec bash -i
fi
