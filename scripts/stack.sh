#!/usr/bin/env bash
# The local server stack for tests and the dev setup: PostgreSQL 15, Redis 7 and a single-node
# Kafka (or a three-broker cluster), all on 127.0.0.1 and all under .stack/ (never the system-wide
# services).
#
#   scripts/stack.sh start|stop|status [pg|redis|kafka|all]...   (default: all)
#   scripts/stack.sh kafka-broker kill|start|stop N | controller | under-replicated
#                                 | replicas PREFIX
#   scripts/stack.sh pg-failover | pg-kill-primary | pg-promote
#
# start waits until each server really answers, then writes .stack/env; it does nothing for a
# server that is already running. stop stops what start started, found by its pid file, also after
# a failed start. status exits 0 only when every named server runs.
# Ports: SAGASHOP_STACK_PG_PORT (55432), SAGASHOP_STACK_REDIS_PORT (56379),
# SAGASHOP_STACK_KAFKA_PORT (59092), SAGASHOP_STACK_KAFKA_CONTROLLER_PORT (59093).
# SAGASHOP_STACK_KAFKA_BROKERS=3 makes "kafka" the three-broker cluster of lib/kafka_cluster.sh
# (ports from SAGASHOP_STACK_KAFKA_CLUSTER_PORT, 29100); kafka-broker kills, starts or stops one of
# its brokers, or prints the active controller's node id, the count of under-replicated partitions,
# or the fewest replicas of the topics named PREFIX...
# SAGASHOP_STACK_PG_STANDBY=1 adds a streaming standby of PostgreSQL on
# SAGASHOP_STACK_PG_STANDBY_PORT (55433); pg-failover kills the primary and promotes it
# (scripts/lib/pg_standby.sh).
# With SAGASHOP_STACK_PROXIES=1, `all` includes `proxies`: Toxiproxy between each service and each
# server (scripts/lib/toxiproxy.sh; ports from SAGASHOP_STACK_PROXY_BASE_PORT, 57400).
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/stack_config.sh
source "$SAGASHOP_SCRIPTS/lib/stack_config.sh"
# shellcheck source=lib/postgres.sh
source "$SAGASHOP_SCRIPTS/lib/postgres.sh"
# shellcheck source=lib/pg_standby.sh
source "$SAGASHOP_SCRIPTS/lib/pg_standby.sh"
# shellcheck source=lib/redis.sh
source "$SAGASHOP_SCRIPTS/lib/redis.sh"
# shellcheck source=lib/kafka.sh
source "$SAGASHOP_SCRIPTS/lib/kafka.sh"
# shellcheck source=lib/kafka_cluster.sh
source "$SAGASHOP_SCRIPTS/lib/kafka_cluster.sh"
# shellcheck source=lib/toxiproxy.sh
source "$SAGASHOP_SCRIPTS/lib/toxiproxy.sh"

usage() {
  printf 'usage: %s start|stop|status [pg|redis|kafka|proxies|all]...\n' "$(basename "$0")" >&2
  printf '       %s kafka-broker kill|start|stop N | controller | under-replicated | replicas P\n' \
    "$(basename "$0")" >&2
  printf '       %s pg-failover | pg-kill-primary | pg-promote\n' \
    "$(basename "$0")" >&2
  exit 2
}

# Runs ACTION for each component in its own subshell (each holds its own lock and log tag), all at
# once: Kafka's start dominates, PostgreSQL and Redis finish meanwhile. Fails if any failed.
run_each() {
  local action=$1
  shift
  local names=("$@") pids=() failed=() i
  for i in "${!names[@]}"; do
    (
      LOG_TAG=${names[$i]}
      "${names[$i]}_$action"
    ) &
    pids+=("$!")
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed+=("${names[$i]}")
  done
  if ((${#failed[@]})); then
    fail "$action failed for: ${failed[*]}"
    return 1
  fi
}

main() {
  (($# >= 1)) || usage
  local action=$1 target components=()
  shift
  if [[ "$action" == kafka-broker ]]; then
    kafka_broker_command "$@"
    return
  fi
  if [[ "$action" == pg-* ]]; then
    (($# == 0)) || usage
    pg_failover_command "$action"
    exit
  fi
  (($#)) || set -- all
  for target in "$@"; do
    case "$target" in
    pg | redis | proxies) components+=("$target") ;;
    kafka) components+=("$(kafka_component)") ;;
    all)
      components+=(pg redis "$(kafka_component)")
      # The proxies belong to `all` when asked for; `stop all` stops them whenever they run.
      if proxies_enabled || { [[ "$action" == stop ]] && toxiproxy_pid >/dev/null; }; then
        components+=(proxies)
      fi
      ;;
    *) usage ;;
    esac
  done
  # Each component once, whatever was asked (`start pg all`).
  mapfile -t components < <(printf '%s\n' "${components[@]}" | awk '!seen[$0]++')
  LOG_TAG=stack
  case "$action" in
  start)
    local started
    started="$(now_ms)"
    mkdir -p "$STACK_DIR"
    if ! run_each start "${components[@]}"; then
      fail "the stack is not fully up; \`$0 stop\` stops what did start"
      exit 1
    fi
    write_stack_env
    if toxiproxy_pid >/dev/null; then proxies_write_env; fi
    log "ready in $(elapsed_since "$started"): ${components[*]}; addresses in $STACK_ENV_FILE"
    ;;
  stop)
    local started
    started="$(now_ms)"
    run_each stop "${components[@]}"
    log "stopped in $(elapsed_since "$started"): ${components[*]}"
    ;;
  status)
    local component down=0
    for component in "${components[@]}"; do
      (
        LOG_TAG=$component
        "${component}_status"
      ) || down=1
    done
    exit "$down"
    ;;
  *) usage ;;
  esac
}

main "$@"
