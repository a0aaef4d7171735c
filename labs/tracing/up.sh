#!/usr/bin/env bash
# Creates the tracing-lab kind cluster (if it does not exist yet), deploys
# Jaeger, the OpenTelemetry Collector and HotROD, and waits until all three
# are Available. Safe to run again: it re-applies the manifests.
#
#   ./up.sh
#   COURSE_SITE_ORIGIN=https://course.example.org ./up.sh
#   ./up.sh --load-image checkout-api:1.0.0    (step 8: a local image into the cluster)
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
if [[ "${KIND_EXPERIMENTAL_PROVIDER:-docker}" == "podman" ]]; then
  RUNTIME=podman
else
  RUNTIME=docker
fi
if ! command -v "$RUNTIME" >/dev/null 2>&1; then
  echo "up.sh: kind needs Docker or Podman ('${RUNTIME}' is not installed; for Podman: export KIND_EXPERIMENTAL_PROVIDER=podman)." >&2
  exit 1
fi

# Kubernetes 1.35 nodes need a cgroup v2 host: from 1.35 the kubelet's
# failCgroupV1 defaults to true and it refuses to start on cgroup v1
# (kubernetes/kubernetes CHANGELOG/CHANGELOG-1.35.md, PR #134298). kind reads
# the same field (pkg/cluster/internal/providers/docker/provider.go, v0.32.0).
check_cgroup_v2() {
  local version=""
  if [[ "$RUNTIME" == "docker" ]]; then
    version="$(docker info --format '{{.CgroupVersion}}' 2>/dev/null || true)"
  elif [[ "$(uname -s)" == "Linux" ]]; then
    [[ "$(stat -fc %T /sys/fs/cgroup 2>/dev/null || true)" == "cgroup2fs" ]] && version=2 || version=1
  fi
  if [[ "$version" == "1" ]]; then
    echo "up.sh: this host runs cgroup v1, and Kubernetes 1.35 nodes refuse to start on it: boot the host with cgroup v2 (systemd.unified_cgroup_hierarchy=1) or use Docker Desktop, then run ./up.sh again." >&2
    exit 1
  fi
}

# `kind load docker-image` fails when Docker uses its containerd image store
# (the default from Docker 29): `ctr: content digest sha256:...: not found`
# (kubernetes-sigs/kind issue #3795, open). Saving only the image's own
# platform and loading the archive works with either store.
load_image() {
  local image="$1" archive platform
  archive="$(mktemp "${TMPDIR:-/tmp}/kind-image.XXXXXX")"
  trap 'rm -f "$archive"' RETURN
  if [[ "$RUNTIME" == "docker" ]]; then
    platform="$(docker image inspect --format '{{.Os}}/{{.Architecture}}' "$image")"
    # --platform needs Docker 28 or newer; older Docker has no containerd store to work around.
    docker save --platform "$platform" -o "$archive" "$image" 2>/dev/null || docker save -o "$archive" "$image"
  else
    podman save -o "$archive" "$image"
  fi
  kind load image-archive "$archive" --name "$CLUSTER_NAME"
  echo "Loaded ${image} into ${CLUSTER_NAME}."
}

if [[ "${1:-}" == "--load-image" ]]; then
  if [[ -z "${2:-}" ]]; then
    echo "up.sh: --load-image needs an image, e.g. ./up.sh --load-image checkout-api:1.0.0" >&2
    exit 2
  fi
  load_image "$2"
  exit 0
elif [[ -n "${1:-}" ]]; then
  echo "up.sh: unknown argument '$1'; run ./up.sh, or ./up.sh --load-image IMAGE" >&2
  exit 2
fi

check_cgroup_v2

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
