#!/usr/bin/env bash
# Deletes the tracing-lab kind cluster and everything in it (traces included:
# Jaeger keeps them in memory only). Port-forwards you started stop by
# themselves once the cluster is gone.
set -euo pipefail

CLUSTER_NAME="tracing-lab"

if ! command -v kind >/dev/null 2>&1; then
  echo "down.sh: 'kind' is not installed, so there is no kind cluster to delete." >&2
  exit 1
fi

if kind get clusters 2>/dev/null | grep -qx "$CLUSTER_NAME"; then
  kind delete cluster --name "$CLUSTER_NAME"
else
  echo "No cluster named ${CLUSTER_NAME}: nothing to delete."
fi
