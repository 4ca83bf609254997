# shellcheck shell=bash
# The kafka_cluster phase of scripts/test.sh: the suites labelled kafka_cluster kill brokers, so
# they run on their own, against a three-broker Kafka cluster (scripts/lib/kafka_cluster.sh) that
# this phase starts next to the stack's PostgreSQL and Redis and stops when they end. test.sh's
# exit trap calls stop_kafka_cluster_phase too, so a failure or Ctrl-C stops the cluster as well.
# The cluster's addresses go to their own env file; .stack/env keeps naming the single broker.

KAFKA_CLUSTER_LABEL=kafka_cluster
KAFKA_CLUSTER_ENV_FILE="$STACK_DIR/kafka-cluster.env"
KAFKA_CLUSTER_STARTED_BY_US=0
# The cluster's env file sets SAGASHOP_STACK_KAFKA_BROKERS=3; what it was before comes back after
# the phase, or test.sh's final `stack.sh stop` would stop the cluster instead of the single broker.
KAFKA_CLUSTER_BROKERS_BEFORE=${SAGASHOP_STACK_KAFKA_BROKERS-unset}
KAFKA_CLUSTER_ENV_FILE_BEFORE=${SAGASHOP_STACK_ENV_FILE-unset}

kafka_cluster_stack() {
  SAGASHOP_STACK_KAFKA_BROKERS=3 SAGASHOP_STACK_ENV_FILE="$KAFKA_CLUSTER_ENV_FILE" "$STACK" "$@"
}

# Back to the single broker's addresses for whatever runs after this phase.
restore_env_after_kafka_cluster_phase() {
  if [[ "$KAFKA_CLUSTER_BROKERS_BEFORE" == unset ]]; then
    unset SAGASHOP_STACK_KAFKA_BROKERS
  else
    export SAGASHOP_STACK_KAFKA_BROKERS="$KAFKA_CLUSTER_BROKERS_BEFORE"
  fi
  if [[ "$KAFKA_CLUSTER_ENV_FILE_BEFORE" == unset ]]; then
    unset SAGASHOP_STACK_ENV_FILE
  else
    export SAGASHOP_STACK_ENV_FILE="$KAFKA_CLUSTER_ENV_FILE_BEFORE"
  fi
  unset SAGASHOP_TEST_KAFKA_CLUSTER_CONTROL
  # shellcheck source=/dev/null
  if [[ -r "$STACK_DIR/env" ]]; then source "$STACK_DIR/env"; fi
}

stop_kafka_cluster_phase() {
  restore_env_after_kafka_cluster_phase
  ((KAFKA_CLUSTER_STARTED_BY_US)) || return 0
  KAFKA_CLUSTER_STARTED_BY_US=0
  kafka_cluster_stack stop kafka
}

# Starts the cluster, and tries once more after a failed start, with the brokers that did start
# stopped first: three JVMs forming a quorum on a busy machine may miss a deadline the second start
# meets. The first failure stays in the output; KAFKA_CLUSTER_START_ERROR keeps the last one's first
# error line for the summary, which is what a reader of a long run's end sees.
KAFKA_CLUSTER_START_ERROR=""
start_kafka_cluster() {
  local attempt output="$STACK_DIR/kafka-cluster-start.log"
  mkdir -p "$STACK_DIR"
  for attempt in 1 2; do
    kafka_cluster_stack start all 2>&1 | tee "$output"
    ((PIPESTATUS[0] == 0)) && return 0
    KAFKA_CLUSTER_START_ERROR="$(grep -m1 -E 'ERROR|timed out' "$output" || echo "see above")"
    kafka_cluster_stack stop kafka || true
    ((attempt == 1)) && warn "the cluster did not start ($KAFKA_CLUSTER_START_ERROR); once more"
  done
  return 1
}

run_kafka_cluster_phase() {
  local total
  total="$(count_tests -L "^$KAFKA_CLUSTER_LABEL\$")" || total=""
  # run_phase reports an empty label or a ctest that cannot list; no cluster is needed for that.
  if [[ "${total:-0}" == 0 ]]; then
    run_phase "kafka cluster" -L "^$KAFKA_CLUSTER_LABEL\$"
    return
  fi
  if ! kafka_cluster_stack status kafka >/dev/null; then KAFKA_CLUSTER_STARTED_BY_US=1; fi
  if ! start_kafka_cluster; then
    RESULT_LINES+=("kafka cluster: the three-broker cluster did not start: $KAFKA_CLUSTER_START_ERROR")
    FAILED=$((FAILED + total))
    stop_kafka_cluster_phase
    return 1
  fi
  local ok=1
  # shellcheck source=/dev/null
  source "$KAFKA_CLUSTER_ENV_FILE"
  run_phase "kafka cluster" -L "^$KAFKA_CLUSTER_LABEL\$" || ok=0
  stop_kafka_cluster_phase || ok=0
  ((ok))
}
