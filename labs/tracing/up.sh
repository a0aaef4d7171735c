#!/usr/bin/env bash
# Creates the tracing-lab kind cluster (if it does not exist yet), deploys
# Jaeger, the OpenTelemetry Collector and HotROD, and waits until all three
# are Available. Safe to run again: it re-applies the manifests.
#
#   ./up.sh
#   COURSE_SITE_ORIGIN=https://course.example.org ./up.sh
#
# COURSE_SITE_ORIGIN (optional) is the origin of the hosted course, allowed by
# Jaeger's CORS settings so the course's sandbox can send spans to this lab.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

CLUSTER_NAME="tracing-lab"
CONTEXT="kind-${CLUSTER_NAME}"
TIMEOUT="${WAIT_TIMEOUT:-300s}"

require() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "up.sh: '$1' is not installed. $2" >&2
    exit 1
  fi
}

require kind "See https://kind.sigs.k8s.io/docs/user/quick-start/#installation (v0.33.0 or newer)."
require kubectl "See https://kubernetes.io/docs/tasks/tools/"
if ! command -v docker >/dev/null 2>&1 && ! command -v podman >/dev/null 2>&1; then
  echo "up.sh: kind needs Docker or Podman (for Podman: export KIND_EXPERIMENTAL_PROVIDER=podman)." >&2
  exit 1
fi

if kind get clusters 2>/dev/null | grep -qx "$CLUSTER_NAME"; then
  echo "Cluster ${CLUSTER_NAME} already exists; re-applying the manifests."
else
  kind create cluster --config kind-config.yaml
fi

kubectl --context "$CONTEXT" apply -f manifests/

if [[ -n "${COURSE_SITE_ORIGIN:-}" ]]; then
  kubectl --context "$CONTEXT" -n tracing set env deployment/jaeger "COURSE_SITE_ORIGIN=${COURSE_SITE_ORIGIN}"
fi

echo "Waiting for the deployments (first run pulls the images: a few minutes)..."
kubectl --context "$CONTEXT" -n tracing wait --for=condition=Available \
  deployment/jaeger deployment/otel-collector --timeout="$TIMEOUT"
kubectl --context "$CONTEXT" -n default wait --for=condition=Available \
  deployment/hotrod --timeout="$TIMEOUT"

cat <<'NEXT'

The lab is up. Next:
  kubectl port-forward svc/hotrod 8080:8080
  kubectl -n tracing port-forward svc/jaeger 16686:16686
then open http://127.0.0.1:8080 (HotROD) and http://127.0.0.1:16686 (Jaeger),
and check your progress with ./verify.sh
NEXT
