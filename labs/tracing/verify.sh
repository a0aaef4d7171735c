#!/usr/bin/env bash
# Checks the lab's success criteria, like the "check" button of a lab platform.
#
#   ./verify.sh          check every step
#   ./verify.sh 4        check step 4 only (steps with checks: 1 2 3 4 5 8)
#
# Prints one PASS or FAIL line per criterion (with a hint under each FAIL) and
# exits non-zero if any criterion fails. It only reads: it never changes the
# cluster. Jaeger's query API is reached through the Kubernetes API server's
# service proxy, so only steps that are about your own port-forwards need them.
#
# Overrides: KUBECTL, KIND and CURL name the commands to run; KUBE_CONTEXT and
# CLUSTER_NAME the cluster (defaults: kind-tracing-lab, tracing-lab).
set -euo pipefail

KUBECTL="${KUBECTL:-kubectl}"
KIND="${KIND:-kind}"
CURL="${CURL:-curl}"
CLUSTER_NAME="${CLUSTER_NAME:-tracing-lab}"
KUBE_CONTEXT="${KUBE_CONTEXT:-kind-${CLUSTER_NAME}}"
JAEGER_API="/api/v1/namespaces/tracing/services/jaeger:16686/proxy/api"
HOTROD_SERVICES=(frontend customer driver route)
ALL_STEPS=(1 2 3 4 5 8)

passed=0
failed=0

usage() {
  sed -n '2,13s/^# \{0,1\}//p' "$0"
}

pass() {
  printf 'PASS  [%s] %s\n' "$1" "$2"
  passed=$((passed + 1))
}

fail() {
  printf 'FAIL  [%s] %s\n      hint: %s\n' "$1" "$2" "$3"
  failed=$((failed + 1))
}

k() {
  "$KUBECTL" --context "$KUBE_CONTEXT" "$@"
}

# Prints a command's output, or nothing when it fails; never stops the script.
quiet() {
  "$@" 2>/dev/null || true
}

jsonpath_condition() {
  # Status ("True"/"False") of a condition type on an object, e.g. Available.
  local namespace="$1" kind="$2" name="$3" type="$4"
  quiet k -n "$namespace" get "$kind" "$name" -o "jsonpath={.status.conditions[?(@.type==\"${type}\")].status}"
}

check_deployment_available() {
  local id="$1" namespace="$2" name="$3" hint="$4"
  if [[ "$(jsonpath_condition "$namespace" deployment "$name" Available)" == "True" ]]; then
    pass "$id" "deployment ${name} in namespace ${namespace} is Available"
  else
    fail "$id" "deployment ${name} in namespace ${namespace} is Available" "$hint"
  fi
}

check_service_ports() {
  local id="$1" namespace="$2" name="$3" hint="$4"
  shift 4
  local ports missing=()
  ports=" $(quiet k -n "$namespace" get service "$name" -o 'jsonpath={.spec.ports[*].port}') "
  for port in "$@"; do
    [[ "$ports" == *" ${port} "* ]] || missing+=("$port")
  done
  if ((${#missing[@]} == 0)); then
    pass "$id" "service ${name} in namespace ${namespace} exposes ports $*"
  else
    fail "$id" "service ${name} in namespace ${namespace} exposes ports $*" "missing port(s) ${missing[*]}. ${hint}"
  fi
}

# Jaeger API answers as one line without spaces, whether or not they came
# pretty-printed, so grep can read them without jq.
compact_json() {
  tr -d '[:space:]'
}

# Number of distinct values of a JSON string field. No match is an answer (0), not an error.
count_distinct() {
  compact_json | { grep -oE "\"$1\":\"[^\"]*\"" || true; } | sort -u | wc -l | tr -d ' '
}

count_traces() {
  count_distinct traceID
}

jaeger_get() {
  quiet k get --raw "${JAEGER_API}$1"
}

step1() {
  echo "Step 1: the kind cluster"
  if ! command -v "$KIND" >/dev/null 2>&1; then
    fail cluster-exists "kind cluster ${CLUSTER_NAME} exists" \
      "'${KIND}' is not installed: see https://kind.sigs.k8s.io/docs/user/quick-start/#installation"
  elif quiet "$KIND" get clusters | grep -qx "$CLUSTER_NAME"; then
    pass cluster-exists "kind cluster ${CLUSTER_NAME} exists"
  else
    fail cluster-exists "kind cluster ${CLUSTER_NAME} exists" \
      "run ./up.sh (or: kind create cluster --config kind-config.yaml). Is Docker or Podman running?"
  fi

  if [[ "$(quiet k get --raw /readyz)" == "ok" ]]; then
    pass api-reachable "the API server answers on context ${KUBE_CONTEXT}"
  else
    fail api-reachable "the API server answers on context ${KUBE_CONTEXT}" \
      "kubectl cluster-info --context ${KUBE_CONTEXT} should print the control plane address"
  fi

  local nodes
  nodes="$(quiet k get nodes -o 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')"
  if [[ -n "$nodes" ]] && ! grep -qv '=True$' <<<"$nodes"; then
    pass node-ready "every node is Ready"
  else
    fail node-ready "every node is Ready" \
      "kubectl get nodes; a new node needs up to a minute. Not Ready for long: check free memory and disk"
  fi
}

step2() {
  echo "Step 2: Jaeger"
  if [[ "$(quiet k get namespace tracing -o 'jsonpath={.status.phase}')" == "Active" ]]; then
    pass tracing-namespace "namespace tracing exists"
  else
    fail tracing-namespace "namespace tracing exists" "kubectl apply -f manifests/00-namespace.yaml"
  fi
  check_deployment_available jaeger-available tracing jaeger \
    "kubectl -n tracing describe deployment jaeger; ImagePullBackOff means the image could not be pulled, CrashLoopBackOff a bad config: kubectl -n tracing logs deployment/jaeger"
  check_service_ports jaeger-ports tracing jaeger "kubectl apply -f manifests/10-jaeger.yaml" 16686 4317 4318
}

step3() {
  echo "Step 3: the OpenTelemetry Collector"
  check_deployment_available collector-available tracing otel-collector \
    "kubectl -n tracing logs deployment/otel-collector shows config errors (an unknown processor or a typo in a policy)"
  check_service_ports collector-ports tracing otel-collector "kubectl apply -f manifests/20-otel-collector.yaml" 4317 4318
}

step4() {
  echo "Step 4: HotROD"
  check_deployment_available hotrod-available default hotrod \
    "kubectl describe deployment hotrod; kubectl logs deployment/hotrod"
  check_service_ports hotrod-service default hotrod "kubectl apply -f manifests/30-hotrod.yaml" 8080

  local endpoint
  endpoint="$(quiet k -n default get deployment hotrod -o 'jsonpath={.spec.template.spec.containers[0].env[?(@.name=="OTEL_EXPORTER_OTLP_ENDPOINT")].value}')"
  if [[ "$endpoint" == "http://otel-collector.tracing.svc.cluster.local:4318" ]]; then
    pass hotrod-exports-otlp "HotROD sends OTLP/HTTP to the collector (${endpoint})"
  else
    fail hotrod-exports-otlp "HotROD sends OTLP/HTTP to the collector" \
      "OTEL_EXPORTER_OTLP_ENDPOINT is '${endpoint}'; it should be http://otel-collector.tracing.svc.cluster.local:4318"
  fi

  local logs errors
  logs="$(quiet k -n default logs deployment/hotrod --tail=500)"
  errors="$(grep -ciE 'traces export|failed to (export|upload)|connection refused|no such host' <<<"$logs" || true)"
  if [[ -n "$logs" ]] && ((errors < 3)); then
    pass hotrod-no-export-errors "HotROD's log shows no repeated exporter errors"
  elif [[ -z "$logs" ]]; then
    fail hotrod-no-export-errors "HotROD's log shows no repeated exporter errors" \
      "could not read the log: kubectl logs deployment/hotrod"
  else
    fail hotrod-no-export-errors "HotROD's log shows no repeated exporter errors" \
      "${errors} exporter errors in the last 500 lines: is the collector Available (./verify.sh 3)? kubectl logs deployment/hotrod | grep -i export"
  fi
}

step5() {
  echo "Step 5: traffic and traces"
  if "$CURL" -fsS -o /dev/null --max-time 5 http://127.0.0.1:8080/ 2>/dev/null; then
    pass hotrod-port-forward "HotROD answers on http://127.0.0.1:8080 (port-forward)"
  else
    fail hotrod-port-forward "HotROD answers on http://127.0.0.1:8080 (port-forward)" \
      "start it: kubectl port-forward svc/hotrod 8080:8080 (is another program using port 8080?)"
  fi
  if "$CURL" -fsS -o /dev/null --max-time 5 http://127.0.0.1:16686/ 2>/dev/null; then
    pass jaeger-port-forward "Jaeger UI answers on http://127.0.0.1:16686 (port-forward)"
  else
    fail jaeger-port-forward "Jaeger UI answers on http://127.0.0.1:16686 (port-forward)" \
      "start it: kubectl -n tracing port-forward svc/jaeger 16686:16686"
  fi

  local services missing=()
  services="$(jaeger_get /services)"
  for service in "${HOTROD_SERVICES[@]}"; do
    [[ "$services" == *"\"${service}\""* ]] || missing+=("$service")
  done
  if ((${#missing[@]} == 0)); then
    pass hotrod-services-in-jaeger "Jaeger knows HotROD's services: ${HOTROD_SERVICES[*]}"
  else
    fail hotrod-services-in-jaeger "Jaeger knows HotROD's services: ${HOTROD_SERVICES[*]}" \
      "missing: ${missing[*]}. Send a few /dispatch requests, wait 15 s (the collector waits 10 s per trace), run again"
  fi

  local traces count services_in_traces
  traces="$(jaeger_get '/traces?service=frontend&limit=20')"
  count="$(count_traces <<<"$traces")"
  services_in_traces="$(count_distinct serviceName <<<"$traces")"
  if ((count > 0 && services_in_traces >= 4)); then
    pass hotrod-traces-in-jaeger "Jaeger holds ${count} frontend trace(s) spanning ${services_in_traces} services"
  else
    fail hotrod-traces-in-jaeger "Jaeger holds frontend traces that cross several services" \
      "found ${count} trace(s) over ${services_in_traces} service(s): curl 'http://127.0.0.1:8080/dispatch?customer=123' a few times, then wait 15 s"
  fi
}

step8() {
  echo "Step 8: tail sampling with the worked example"
  check_deployment_available checkout-available default checkout-api \
    "build and load the image first (docker build, kind load docker-image), then kubectl apply -f ../worked-example/k8s/checkout-api.yaml"

  # Jaeger's API marks a span whose status is ERROR with the tag otel.status_code=ERROR.
  local errors slow
  errors="$(jaeger_get '/traces?service=checkout-api&limit=100' | compact_json |
    { grep -oE '"key":"otel\.status_code","type":"string","value":"ERROR"' || true; } | wc -l | tr -d ' ')"
  if ((errors > 0)); then
    pass checkout-error-kept "the collector kept failed checkouts (${errors} span(s) with status ERROR)"
  else
    fail checkout-error-kept "the collector kept failed checkouts" \
      "curl http://127.0.0.1:8081/checkout/fail (port-forward svc/checkout-api 8081:8080), wait 15 s; still missing: is keep-errors in the collector's policies?"
  fi

  slow="$(jaeger_get '/traces?service=checkout-api&limit=50&minDuration=500ms' | count_traces)"
  if ((slow > 0)); then
    pass checkout-slow-kept "the collector kept slow checkouts (${slow} trace(s) of 500 ms or more)"
  else
    fail checkout-slow-kept "the collector kept slow checkouts" \
      "curl http://127.0.0.1:8081/checkout/slow, wait 15 s; still missing: check the latency policy's threshold_ms"
  fi
}

main() {
  local steps=()
  case "${1:-all}" in
    -h | --help)
      usage
      exit 0
      ;;
    all) steps=("${ALL_STEPS[@]}") ;;
    1 | 2 | 3 | 4 | 5 | 8) steps=("$1") ;;
    *)
      echo "verify.sh: no checks for step '$1'; choose one of: ${ALL_STEPS[*]} (or nothing for all)" >&2
      exit 2
      ;;
  esac

  if ! command -v "$KUBECTL" >/dev/null 2>&1; then
    echo "verify.sh: '${KUBECTL}' is not installed: see https://kubernetes.io/docs/tasks/tools/" >&2
    exit 2
  fi

  for step in "${steps[@]}"; do
    "step${step}"
    echo
  done

  echo "Summary: ${passed} PASS, ${failed} FAIL"
  if ((failed > 0)); then
    exit 1
  fi
}

main "$@"
