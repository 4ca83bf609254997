#!/usr/bin/env bash
# Runs every test suite of a build against the local stack: `make test` calls it after the build.
#
#   scripts/test.sh BUILD_DIR
#
# Starts the servers that are not running yet, stops exactly those when it ends (normally, on a
# failure, or on Ctrl-C), runs the unit suites first, then everything else two at a time, then the
# kafka_cluster suites on a three-broker cluster (scripts/lib/kafka_cluster_phase.sh), then each
# fuzzer for 20 s (scripts/fuzz.sh, in BUILD_DIR-fuzz), then deploy/kubernetes and api/ offline
# (scripts/check-kubernetes.sh, check-api.sh, check-events.sh), and exits non-zero when any test
# failed, a fuzzer found something, a document is invalid, or the build has no tests at all.
# Every event the systems of the e2e and kafka_cluster suites published is tapped into
# $STACK_DIR/event-tap and checked against api/asyncapi.json and api/events/ after those phases
# (scripts/lib/event_tap.sh); an invalid event, or none at all, fails the run.
set -euo pipefail

LOG_TAG=test
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/stack_session.sh
source "$SAGASHOP_SCRIPTS/lib/stack_session.sh"
# shellcheck source=lib/kafka_cluster_phase.sh
source "$SAGASHOP_SCRIPTS/lib/kafka_cluster_phase.sh"
# shellcheck source=lib/venv.sh
source "$SAGASHOP_SCRIPTS/lib/venv.sh"
# shellcheck source=lib/contract_fuzz.sh
source "$SAGASHOP_SCRIPTS/lib/contract_fuzz.sh"
# shellcheck source=lib/console_tests.sh
source "$SAGASHOP_SCRIPTS/lib/console_tests.sh"
# shellcheck source=lib/event_tap.sh
source "$SAGASHOP_SCRIPTS/lib/event_tap.sh"

# With the network-fault proxies: Toxiproxy and Kafka's per-service listeners cost the other suites
# nothing (they connect straight to the servers), and tests/e2e/network_faults needs them.
export SAGASHOP_STACK_PROXIES="${SAGASHOP_STACK_PROXIES:-1}"
STACK_COMPONENTS=(pg redis kafka)
[[ "$SAGASHOP_STACK_PROXIES" != 1 ]] || STACK_COMPONENTS+=(proxies)
JOBS="${SAGASHOP_TEST_JOBS:-2}"
CTEST_PID=""
RESULT_LINES=()
PASSED=0
FAILED=0

stop_ctest() {
  [[ -n "$CTEST_PID" ]] || return 0
  warn "interrupted: stopping ctest and its tests"
  kill -TERM -- "-$CTEST_PID" 2>/dev/null || true
  if ! wait_for 20 "ctest (pid $CTEST_PID) to end" pid_is_gone "$CTEST_PID"; then
    kill -KILL -- "-$CTEST_PID" 2>/dev/null || true
  fi
  CTEST_PID=""
}

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  stop_ctest
  stop_kafka_cluster_phase || rc=1
  stack_session_stop || rc=1
  exit "$rc"
}

count_tests() {
  ctest --test-dir "$BUILD_DIR" -N "$@" | sed -n 's/^Total Tests: \([0-9]*\)$/\1/p'
}

# run_phase NAME CTEST-ARGS...: runs one ctest pass, adds its counts to the totals.
run_phase() {
  local name=$1
  shift
  local total
  if ! total="$(count_tests "$@")"; then
    RESULT_LINES+=("$name: ctest could not list the tests")
    return 1
  fi
  if [[ "${total:-0}" == 0 ]]; then
    RESULT_LINES+=("$name: no tests")
    return 0
  fi
  log "running $total $name tests"
  local output rc=0
  output="$(mktemp)"
  # In its own session and waited for with `wait`, so that a signal to this script runs its trap
  # at once and the trap can end ctest together with the tests it runs (its process group).
  setsid ctest --test-dir "$BUILD_DIR" --output-on-failure --no-tests=ignore -j "$JOBS" \
    --output-log "$output" "$@" &
  CTEST_PID=$!
  wait "$CTEST_PID" || rc=$?
  CTEST_PID=""
  # ctest's own count ("95% tests passed, 1 tests failed out of 20") is the source of truth.
  local line failed
  line="$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$output" | tail -n1 || true)"
  rm -f "$output"
  if [[ -z "$line" ]]; then
    RESULT_LINES+=("$name: ctest ended without a result (exit $rc)")
    FAILED=$((FAILED + total))
    return 1
  fi
  failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")"
  total="$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")"
  PASSED=$((PASSED + total - failed))
  FAILED=$((FAILED + failed))
  RESULT_LINES+=("$name: $((total - failed)) passed, $failed failed of $total")
  ((rc == 0 && failed == 0))
}

# The fuzzers of tests/fuzz, briefly (`make fuzz` runs them longer), in their own clang build.
run_fuzzers() {
  local seconds="${SAGASHOP_TEST_FUZZ_SECONDS:-20}"
  if "$SAGASHOP_SCRIPTS/fuzz.sh" "$seconds" "$BUILD_DIR-fuzz"; then
    RESULT_LINES+=("fuzzers: each ran ${seconds}s without a finding")
  else
    RESULT_LINES+=("fuzzers: a finding or a failed build (see above)")
    FAILED=$((FAILED + 1))
    return 1
  fi
}

# run_offline_check PASSED_LINE FAILED_LINE COMMAND...: a check that needs no server (a document
# validated, say), counted as one test, its result line the first or the second.
run_offline_check() {
  local passed=$1 failed=$2
  shift 2
  if "$@"; then
    RESULT_LINES+=("$passed")
    PASSED=$((PASSED + 1))
  else
    RESULT_LINES+=("$failed")
    FAILED=$((FAILED + 1))
    return 1
  fi
}

main() {
  (($# == 1)) || die "usage: $(basename "$0") BUILD_DIR"
  BUILD_DIR="$(cd "$1" 2>/dev/null && pwd -P)" || die "no build directory $1 (run \`make build\`)"
  [[ -f "$BUILD_DIR/CTestTestfile.cmake" ]] || die "$BUILD_DIR has no tests configured (run \`make build\`)"
  local total
  total="$(count_tests)" || die "ctest cannot list the tests of $BUILD_DIR"
  # A build that registers no test at all is broken, not green.
  [[ "${total:-0}" != 0 ]] || die "$BUILD_DIR registers no tests at all"

  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # The e2e suites hold the running services to api/openapi.json with schemathesis.
  contract_fuzz_prepare
  # The console's browser tests drive Chromium with Playwright.
  console_tests_prepare
  stack_session_start "${STACK_COMPONENTS[@]}"
  # shellcheck source=/dev/null
  source "$STACK_DIR/env"

  # Every system the suites start taps the events it publishes; all are checked after both phases.
  event_tap_prepare

  local started ok=1
  started="$(now_ms)"
  run_phase unit -L '^unit$' || ok=0
  run_phase "integration and e2e" -LE "^(unit|$KAFKA_CLUSTER_LABEL)\$" || ok=0
  run_kafka_cluster_phase || ok=0
  event_tap_result || ok=0
  run_fuzzers || ok=0
  # The Kubernetes manifests of deploy/kubernetes, and the contracts of the HTTP API and the events.
  run_offline_check "kubernetes manifests: valid, and every deliberately broken copy refused" \
    "kubernetes manifests: invalid, or a broken copy passed (see above)" \
    "$SAGASHOP_SCRIPTS/check-kubernetes.sh" "$BUILD_DIR" || ok=0
  run_offline_check "api/openapi.json: valid OpenAPI 3.1, and every deliberately broken copy refused" \
    "api/openapi.json: invalid, or a broken copy passed (see above)" \
    "$SAGASHOP_SCRIPTS/check-api.sh" || ok=0
  run_offline_check "api/asyncapi.json and api/events: valid, compatible with every earlier version, broken copies refused" \
    "api/asyncapi.json or api/events: invalid, a breaking change, or a broken copy passed (see above)" \
    "$SAGASHOP_SCRIPTS/check-events.sh" || ok=0

  # Stopped before the summary so that the summary closes the output.
  stack_session_stop || ok=0
  printf '\n'
  log "results after $(elapsed_since "$started"):"
  local line
  for line in "${RESULT_LINES[@]}"; do log "  $line"; done
  if ((!ok)); then log "server logs: $STACK_DIR (kept after the servers stop)"; fi
  printf 'summary: %d passed, %d failed\n' "$PASSED" "$FAILED"
  ((ok))
}

main "$@"
