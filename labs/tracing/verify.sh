#!/usr/bin/env bash
# Checks the lab's success criteria, like the "check" button of a lab platform.
#
#   ./verify.sh          check every step
#   ./verify.sh 4        check step 4 only (steps with checks: 1 2 3 4 5 8 9)
#
# Prints one PASS or FAIL line per criterion (with a hint under each FAIL) and
# exits non-zero if any criterion fails. It only reads: it never changes the
# cluster. Jaeger's query API is reached through the Kubernetes API server's
# service proxy, so only steps that are about your own port-forwards need them.
#
# Overrides: KUBECTL, KIND and CURL name the commands to run; KUBE_CONTEXT and
# CLUSTER_NAME the cluster (defaults: kind-tracing-lab, tracing-lab);
# SEARCH_MINUTES how far back trace searches look (default 60).
set -euo pipefail

KUBECTL="${KUBECTL:-kubectl}"
KIND="${KIND:-kind}"
CURL="${CURL:-curl}"
CLUSTER_NAME="${CLUSTER_NAME:-tracing-lab}"
KUBE_CONTEXT="${KUBE_CONTEXT:-kind-${CLUSTER_NAME}}"
JAEGER_API="/api/v1/namespaces/tracing/services/jaeger:16686/proxy/api/v3"
# Trace searches look this many minutes back, and read at most SEARCH_DEPTH traces.
SEARCH_MINUTES="${SEARCH_MINUTES:-60}"
SEARCH_DEPTH="${SEARCH_DEPTH:-20}"
HOTROD_SERVICES=(frontend customer driver route)
ALL_STEPS=(1 2 3 4 5 8 9)

passed=0
failed=0

usage() {
  sed -n '2,14s/^# \{0,1\}//p' "$0"
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

# Jaeger's query API v3, reached through the API server's service proxy. Every
# path and parameter below was checked against jaegertracing/jaeger at commit
# 8498073ff (main, 2026-08-20, after PR #9260 removed the v1 search endpoints):
#   cmd/jaeger/internal/extension/jaegerquery/internal/apiv3/http_gateway.go
#     routes /api/v3/services and /api/v3/traces; an empty search answers 404
#     with {"error":{"httpCode":404,"message":"No traces found"}}; results come
#     as OTLP JSON wrapped in {"result":{"resourceSpans":[...]}}
#   cmd/jaeger/internal/extension/jaegerquery/internal/apiv3/query_parser.go
#     canonical camelCase names (query.serviceName, query.startTimeMin,
#     query.startTimeMax, query.durationMin, query.searchDepth); the two
#     start-time bounds are required, RFC 3339, min before max; durations use
#     Go's time.ParseDuration ("500ms")
# The lab pins Jaeger 2.22.0; labs/tracing/CONTRACTS.md lists these again.

# Answers compacted to one line without spaces, pretty-printed or not, so grep
# can read them without jq.
compact_json() {
  tr -d '[:space:]'
}

# Number of distinct matches of an extended regexp in compacted JSON. No match is an answer (0).
count_distinct_matches() {
  compact_json | { grep -oE "$1" || true; } | sort -u | wc -l | tr -d ' '
}

# OTLP JSON: ids are hex strings, one traceId per span.
count_traces() {
  count_distinct_matches '"traceId":"[0-9a-fA-F]{32}"'
}

# Distinct resource service.name values.
count_services() {
  count_distinct_matches '"key":"service\.name","value":\{"stringValue":"[^"]*"'
}

# Spans whose status code is 2 (STATUS_CODE_ERROR); pdata writes status as {"message":...,"code":2}.
count_error_spans() {
  compact_json | { grep -oE '"status":\{[^{}]*"code":2[,}]' || true; } | wc -l | tr -d ' '
}

# RFC 3339 time, UTC, for a moment N seconds before now (GNU date, then BSD date as on macOS).
rfc3339_seconds_ago() {
  local at=$(($(date +%s) - $1))
  date -u -d "@${at}" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "${at}" +%Y-%m-%dT%H:%M:%SZ
}

# Query string for a trace search over the last $SEARCH_MINUTES minutes. Extra
# parameters (already URL-safe) follow the service name.
trace_search() {
  local service="$1" extra="${2:-}"
  local window=$((SEARCH_MINUTES * 60))
  printf '/traces?query.serviceName=%s&query.startTimeMin=%s&query.startTimeMax=%s&query.searchDepth=%s%s' \
    "$service" "$(rfc3339_seconds_ago "$window")" "$(rfc3339_seconds_ago -60)" "$SEARCH_DEPTH" "$extra"
}

# Calls Jaeger and sets JAEGER_BODY and JAEGER_RESULT: "ok" (a 2xx answer),
# "none" (404: Jaeger answers it when no trace matched), "rejected" (400: a
# parameter Jaeger does not accept) or "unreachable" (anything else).
# kubectl prints no body for a non-2xx answer, only
#   Error from server (NotFound): the server could not find the requested resource
# on stderr, and exits 1 (kubectl/pkg/rawhttp/raw.go, client-go rest/request.go).
JAEGER_BODY=""
JAEGER_RESULT=""
jaeger_get() {
  local out
  if out="$(k get --raw "${JAEGER_API}$1" 2>&1)"; then
    JAEGER_BODY="$out"
    JAEGER_RESULT="ok"
  else
    JAEGER_BODY=""
    case "$out" in
      *"(NotFound)"*) JAEGER_RESULT="none" ;;
      *"(BadRequest)"*) JAEGER_RESULT="rejected" ;;
      *) JAEGER_RESULT="unreachable" ;;
    esac
  fi
}

# The hint for a Jaeger answer that is not a list of traces.
jaeger_problem() {
  case "$JAEGER_RESULT" in
    rejected) echo "Jaeger refused the search (HTTP 400): is the image jaegertracing/jaeger:2.22.0 as in manifests/10-jaeger.yaml? kubectl -n tracing get deployment jaeger -o wide" ;;
    unreachable) echo "Jaeger's query API did not answer: ./verify.sh 2, then kubectl -n tracing logs deployment/jaeger" ;;
  esac
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

  local missing=()
  jaeger_get /services
  if [[ "$JAEGER_RESULT" != "ok" ]]; then
    fail hotrod-services-in-jaeger "Jaeger knows HotROD's services: ${HOTROD_SERVICES[*]}" "$(jaeger_problem)"
  else
    for service in "${HOTROD_SERVICES[@]}"; do
      [[ "$(compact_json <<<"$JAEGER_BODY")" == *"\"${service}\""* ]] || missing+=("$service")
    done
    if ((${#missing[@]} == 0)); then
      pass hotrod-services-in-jaeger "Jaeger knows HotROD's services: ${HOTROD_SERVICES[*]}"
    else
      fail hotrod-services-in-jaeger "Jaeger knows HotROD's services: ${HOTROD_SERVICES[*]}" \
        "missing: ${missing[*]}. Send a few /dispatch requests, wait 15 s (the collector waits 10 s per trace), run again"
    fi
  fi

  local count services_in_traces
  jaeger_get "$(trace_search frontend)"
  case "$JAEGER_RESULT" in
    ok)
      count="$(count_traces <<<"$JAEGER_BODY")"
      services_in_traces="$(count_services <<<"$JAEGER_BODY")"
      if ((count > 0 && services_in_traces >= 4)); then
        pass hotrod-traces-in-jaeger "Jaeger holds ${count} frontend trace(s) spanning ${services_in_traces} services"
      else
        fail hotrod-traces-in-jaeger "Jaeger holds frontend traces that cross several services" \
          "found ${count} trace(s) over ${services_in_traces} service(s): context is lost between services. Does HotROD still export to the collector (./verify.sh 4)?"
      fi
      ;;
    none)
      fail hotrod-traces-in-jaeger "Jaeger holds frontend traces that cross several services" \
        "no frontend trace in the last ${SEARCH_MINUTES} minutes: curl 'http://127.0.0.1:8080/dispatch?customer=123' a few times, then wait 15 s"
      ;;
    *) fail hotrod-traces-in-jaeger "Jaeger holds frontend traces that cross several services" "$(jaeger_problem)" ;;
  esac
}

step8() {
  echo "Step 8: tail sampling with the worked example"
  check_deployment_available checkout-available default checkout-api \
    "build the image and load it into kind first (step 8: docker build, docker save, kind load image-archive), then kubectl apply -f ../worked-example/k8s/checkout-api.yaml"

  # Searches the checkout-api traces of the window; a kept failure has a span
  # whose status code is 2 (ERROR). A 404 is Jaeger's "No traces found".
  local errors slow
  jaeger_get "$(trace_search checkout-api)"
  case "$JAEGER_RESULT" in
    ok | none)
      errors="$(count_error_spans <<<"$JAEGER_BODY")"
      if ((errors > 0)); then
        pass checkout-error-kept "the collector kept failed checkouts (${errors} span(s) with status ERROR)"
      elif [[ "$JAEGER_RESULT" == "none" ]]; then
        fail checkout-error-kept "the collector kept failed checkouts" \
          "no checkout-api trace at all in the last ${SEARCH_MINUTES} minutes: port-forward svc/checkout-api 8081:8080, curl http://127.0.0.1:8081/checkout/fail, wait 15 s"
      else
        fail checkout-error-kept "the collector kept failed checkouts" \
          "checkout-api traces arrive, but none with an ERROR span: curl http://127.0.0.1:8081/checkout/fail, wait 15 s; still missing: is keep-errors in the collector's policies?"
      fi
      ;;
    *) fail checkout-error-kept "the collector kept failed checkouts" "$(jaeger_problem)" ;;
  esac

  jaeger_get "$(trace_search checkout-api '&query.durationMin=500ms')"
  case "$JAEGER_RESULT" in
    ok)
      slow="$(count_traces <<<"$JAEGER_BODY")"
      pass checkout-slow-kept "the collector kept slow checkouts (${slow} trace(s) of 500 ms or more)"
      ;;
    none)
      fail checkout-slow-kept "the collector kept slow checkouts" \
        "no checkout-api trace of 500 ms or more: curl http://127.0.0.1:8081/checkout/slow, wait 15 s; still missing: check the latency policy's threshold_ms"
      ;;
    *) fail checkout-slow-kept "the collector kept slow checkouts" "$(jaeger_problem)" ;;
  esac
}

# HotROD's customer ids (examples/hotrod/services/customer/database.go at the
# commit above) and where a request for one shows it in clear
# (examples/hotrod at 8498073ff; labs/tracing/CONTRACTS.md lists each):
#   url.full of frontend's "HTTP GET" client span   .../customer?customer=123
#   url of the "HTTP request received" span events  /dispatch?customer=123&nonse=...
#   db.query.text of the mysql "SQL SELECT" span     ...WHERE customer_id=123
#   customer_id (an integer) on "Getting customer" and "Loading customer" events
CLEAR_CUSTOMER_ID='customer(_id)?=(123|392|567|731)([^0-9]|$)|"key":"customer_id","value":\{"(intValue|stringValue)":"(123|392|567|731)"'

# The places, named for the learner, where a clear id was found.
clear_id_places() {
  local body
  body="$(compact_json)"
  local places=()
  grep -qE 'customer\?customer=(123|392|567|731)' <<<"$body" && places+=("url.full or the url of a log event (?customer=...)")
  grep -qE 'customer_id=(123|392|567|731)' <<<"$body" && places+=("db.query.text of SQL SELECT")
  grep -qE '"key":"customer_id","value":\{"(intValue|stringValue)":"(123|392|567|731)"' <<<"$body" && places+=("customer_id on span events")
  local IFS=';'
  printf '%s' "${places[*]}"
}

step9() {
  echo "Step 9: the customer stays private"
  local found places
  jaeger_get "$(trace_search frontend)"
  case "$JAEGER_RESULT" in
    ok)
      found="$(count_distinct_matches "$CLEAR_CUSTOMER_ID" <<<"$JAEGER_BODY")"
      if ((found == 0)); then
        pass customer-id-hidden "no frontend trace of the last ${SEARCH_MINUTES} minutes shows a customer id in clear"
      else
        places="$(clear_id_places <<<"$JAEGER_BODY")"
        fail customer-id-hidden "no frontend trace shows a customer id in clear" \
          "found in: ${places//;/, }. Apply manifests/20-otel-collector.yaml and restart the collector; traces stored before the fix stay in Jaeger's memory until kubectl -n tracing rollout restart deployment/jaeger"
      fi
      ;;
    none)
      fail customer-id-hidden "no frontend trace shows a customer id in clear" \
        "no frontend trace to look at in the last ${SEARCH_MINUTES} minutes: curl 'http://127.0.0.1:8080/dispatch?customer=123', wait 15 s, run again"
      ;;
    *) fail customer-id-hidden "no frontend trace shows a customer id in clear" "$(jaeger_problem)" ;;
  esac
}

main() {
  local steps=()
  case "${1:-all}" in
    -h | --help)
      usage
      exit 0
      ;;
    all) steps=("${ALL_STEPS[@]}") ;;
    1 | 2 | 3 | 4 | 5 | 8 | 9) steps=("$1") ;;
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
