#!/usr/bin/env bash
# `make chaos`: the distributed system under a steady load and a seeded schedule of faults for
# DURATION seconds, then the faults healed and the outcome judged (docs/chaos.md).
#
#   scripts/chaos.sh BUILD_DIR [DURATION_SECONDS] [SEED]
#
# Runs on the stack's Redis, its Toxiproxy and a three-broker Kafka cluster (so a broker can be
# lost; its addresses go to .stack/kafka-cluster.env, as in make test's cluster phase); the run
# starts a PostgreSQL primary and standby of its own, which it fails over. Starts the servers that
# are down and stops exactly those at the end, also on failure.
# The report ends with "chaos: N faults, M orders, lost L, duplicated D, verify clean" and is kept
# in BUILD_DIR/chaos-report.txt; the exit status is 0 only when nothing was lost or duplicated and
# verify found nothing. SEED replays an earlier run's schedule.
set -euo pipefail

LOG_TAG=chaos
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/stack_session.sh
source "$SAGASHOP_SCRIPTS/lib/stack_session.sh"

main() {
  (($# >= 1 && $# <= 3)) || die "usage: $(basename "$0") BUILD_DIR [DURATION_SECONDS] [SEED]"
  local build_dir=$1 duration=${2:-600} seed=${3:-}
  local runner="$build_dir/tests/e2e/chaos/chaos_runner"
  [[ -x "$runner" ]] || die "no $runner (run \`make build\`)"
  [[ "$duration" =~ ^[0-9]+$ ]] || die "DURATION=$duration is not a number of seconds"
  [[ -z "$seed" || "$seed" =~ ^[0-9]+$ ]] || die "SEED=$seed is not a number"

  stack_session_stop_on_exit
  export SAGASHOP_STACK_KAFKA_BROKERS=3 SAGASHOP_STACK_ENV_FILE="$STACK_DIR/kafka-cluster.env"
  export SAGASHOP_STACK_PROXIES=1
  stack_session_start redis kafka proxies
  # shellcheck source=/dev/null
  source "$SAGASHOP_STACK_ENV_FILE"

  local args=(--duration "$duration") report="$build_dir/chaos-report.txt"
  [[ -z "$seed" ]] || args+=(--seed "$seed")
  log "running for ${duration}s; the report goes to $report"
  "$runner" "${args[@]}" | tee "$report"
}

main "$@"
