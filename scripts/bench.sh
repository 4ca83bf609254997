#!/usr/bin/env bash
# Measures sagashop on this machine and writes docs/BENCHMARKS.md: `make bench` calls it after
# the build.
#
#   scripts/bench.sh BUILD_DIR
#
# 1. pgbench -N for 20 s against the stack's PostgreSQL: the ceiling, durable single-row
#    transactions per second on this hardware;
# 2. the distributed system (four processes on PostgreSQL, Kafka, Redis): the highest open-loop
#    rate whose saga p99 stays under 1 s (a bounded search), and latency at half the ceiling;
# 3. the same for embedded mode (one process, SQLite, in-process bus);
# 4. each service's peak resident memory, from /proc;
# 5. each mode again with a realistic outside world (the simulated payment provider answering in
#    150 ms at the median with a long tail to 800 ms at p99, the carrier in 100 ms): its highest
#    sustained rate and its latency at half that rate.
# Everything runs on 127.0.0.1 on its own ports, databases and Kafka namespace, so a `make up`
# system is left alone. The servers this script started, and every service, are stopped at the
# end, also on failure or Ctrl-C.
set -euo pipefail

LOG_TAG=bench
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/stack_config.sh
source "$SAGASHOP_SCRIPTS/lib/stack_config.sh"
# shellcheck source=lib/bench_report.sh
source "$SAGASHOP_SCRIPTS/lib/bench_report.sh"

STACK="$SAGASHOP_SCRIPTS/stack.sh"
BASE_PORT="${SAGASHOP_BENCH_BASE_PORT:-18101}"
PGBENCH_SECONDS="${SAGASHOP_BENCH_PGBENCH_SECONDS:-20}"
PROBE_SECONDS="${SAGASHOP_BENCH_PROBE_SECONDS:-6}"
FIXED_SECONDS="${SAGASHOP_BENCH_FIXED_SECONDS:-10}"
OVERLOAD_SECONDS="${SAGASHOP_BENCH_OVERLOAD_SECONDS:-20}"
# A light load every system here sustains: what a saga costs when nothing queues.
LIGHT_RATE="${SAGASHOP_BENCH_LIGHT_RATE:-50}"
MAX_RATE="${SAGASHOP_BENCH_MAX_RATE:-12800}"
# The realistic outside world of step 5, and the saga p99 a run must stay under to count as
# sustained: 1 s of our own on top of what the provider and the carrier take at their p99.
SLOW_WORLD_ARGS=(--payment-latency-ms=150 --payment-latency-p99-ms=800 --carrier-latency-ms=100)
SLOW_WORLD_SUSTAINED_P99_MS=2000
SUSTAINED_P99_MS=1000
SYSTEM_ARGS=()  # added to every sagashop process of the system being measured
OUT_FILE="${SAGASHOP_BENCH_OUT:-$SAGASHOP_ROOT/docs/BENCHMARKS.md}"
WORK_DIR="$STACK_DIR/bench"
SERVICES=(order payment inventory delivery)
STARTED_STACK=()
declare -A PIDS=()  # process name -> pid, of the system being measured
declare -A FIGURE=()    # name -> value; also written to $WORK_DIR/figures for the report

figure() {
  FIGURE[$1]=$2
  printf '%s=%s\n' "$1" "$2" >>"$WORK_DIR/figures"
}

stop_system() {
  local name
  for name in "${!PIDS[@]}"; do stop_pid "${PIDS[$name]}" 20 "$name" || true; done
  PIDS=()
}

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  stop_system
  if ((${#STARTED_STACK[@]})); then "$STACK" stop "${STARTED_STACK[@]}" || rc=1; fi
  exit "$rc"
}

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "$(pg_uri_of postgres)" "$@"; }

# How this mode's services are called: embedded mode serves HTTPS with the local CA it makes in its
# data folder; the distributed services here are given no certificate and serve plain HTTP.
SCHEME=http
CURL_TLS=()
BENCH_TLS=(--http-plaintext)
use_tls_of() {
  if [[ $1 == embedded ]]; then
    SCHEME=https CURL_TLS=(--cacert "$WORK_DIR/embedded-data/tls/ca.pem")
    BENCH_TLS=(--http-tls-ca="$WORK_DIR/embedded-data/tls/ca.pem")
  else
    SCHEME=http CURL_TLS=() BENCH_TLS=(--http-plaintext)
  fi
}

healthy() { [[ "$(curl -s "${CURL_TLS[@]}" -o /dev/null -w '%{http_code}' --max-time 2 "$SCHEME://127.0.0.1:$1/health")" == 200 ]]; }

# make_bench_key: a signing key of the bench's own (as an identity provider's would be) and an
# operator's token signed with it, in BENCH_TOKEN: the system is measured with bearer tokens on.
make_bench_key() {
  BENCH_TOKEN="$("$BINARY" token --storage=sqlite --data-dir="$WORK_DIR/auth" --subject=bench \
    --scope=ops --scope=inventory:write --ttl-minutes=1440)"
}

# start NAME LOG ARGS...: one sagashop process in the background, remembered for stop_system.
# The load generator is one client address sending the whole load, so the per-client rate limit
# (meant for one client among many) is off; admission control, which is what is measured, stays.
start() {
  local name=$1 logfile=$2
  shift 2
  "$BINARY" "$@" --http-rate-limit-per-client=0 --log-level=warn \
    --auth-keys="$WORK_DIR/auth/keys/token-public-keys.pem" --auth-issuer=sagashop-local \
    </dev/null >"$logfile" 2>&1 &
  PIDS[$name]=$!
}

wait_healthy() {
  local port=$1 name=$2 logfile=$3
  if ! wait_for 60 "$name to answer GET /health" healthy "$port"; then
    print_log_tail "$logfile" 40
    die "$name did not become healthy"
  fi
}

# record_memory MODE WHEN: the peak resident set (VmHWM) of every process of the system so far;
# WHEN is `sustained` (after the runs at or below its highest sustained rate) or `overload`.
record_memory() {
  local mode=$1 when=$2 name kib
  for name in "${!PIDS[@]}"; do
    kib="$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/${PIDS[$name]}/status" 2>/dev/null || true)"
    figure "rss_${when}_${mode}_${name}" "${kib:-?}"
  done
}

# metric_sum METRICS_TEXT NAME: the sum of every series of NAME in a /metrics text, as an integer.
metric_sum() {
  awk -v name="$2" '$1 == name || index($1, name "{") == 1 { sum += $NF } END { printf "%d", sum }' <<<"$1"
}

# cpu_ticks PID...: the CPU time (user + system, in clock ticks) the processes have used so far.
cpu_ticks() {
  local pid sum=0 fields
  for pid in "$@"; do
    fields="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null)" || continue
    # After the command name: state is field 3 of stat, utime and stime are 14 and 15.
    read -r -a stat <<<"$fields"
    sum=$((sum + stat[11] + stat[12]))
  done
  echo "$sum"
}

# cost_snapshot MODE WHEN: what the system has done so far, for the cost of a saga: each
# service's database statements and transactions and the orders ended (from /metrics), and the
# CPU time of each process working for it: the services and, in distributed mode, PostgreSQL (all
# its processes), the Kafka broker and Redis. WHEN is `before` or `after`.
cost_snapshot() {
  local mode=$1 when=$2 i=0 service metrics name
  for service in "${SERVICES[@]}"; do
    metrics="$(curl -s "${CURL_TLS[@]}" --max-time 5 "$SCHEME://127.0.0.1:$((BASE_PORT + i))/metrics")"
    figure "cost_${when}_${mode}_statements_${service}" "$(metric_sum "$metrics" sagashop_db_statements_total)"
    figure "cost_${when}_${mode}_transactions_${service}" "$(metric_sum "$metrics" sagashop_db_transactions_total)"
    if [[ "$service" == order ]]; then
      figure "cost_${when}_${mode}_ended" $(($(metric_sum "$metrics" sagashop_orders_completed_total) + \
        $(metric_sum "$metrics" sagashop_orders_canceled_total)))
    fi
    i=$((i + 1))
  done
  for name in "${!PIDS[@]}"; do
    figure "cost_${when}_${mode}_cpu_${name}" "$(cpu_ticks "${PIDS[$name]}")"
  done
  if [[ "$mode" == distributed ]]; then
    # shellcheck disable=SC2046 # one pid per word
    figure "cost_${when}_${mode}_cpu_postgresql" "$(cpu_ticks $(pgrep -x postgres))"
    # shellcheck disable=SC2046
    figure "cost_${when}_${mode}_cpu_kafka" "$(cpu_ticks $(pgrep -f 'kafka\.Kafka'))"
    # shellcheck disable=SC2046
    figure "cost_${when}_${mode}_cpu_redis" "$(cpu_ticks $(pgrep -x redis-server))"
  fi
}

run_pgbench() {
  log "pgbench -N for ${PGBENCH_SECONDS}s (the ceiling)"
  psql_admin -c 'DROP DATABASE IF EXISTS bench_pgbench' -c 'CREATE DATABASE bench_pgbench'
  pgbench -q -i -s 10 "$(pg_uri_of bench_pgbench)" >"$WORK_DIR/pgbench-init.log" 2>&1
  pgbench -N -c 16 -j 2 -T "$PGBENCH_SECONDS" "$(pg_uri_of bench_pgbench)" \
    >"$WORK_DIR/pgbench.log" 2>&1
  figure pgbench_tps "$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$WORK_DIR/pgbench.log" | head -n1)"
  [[ -n "${FIGURE[pgbench_tps]}" ]] || die "pgbench printed no tps: $(cat "$WORK_DIR/pgbench.log")"
  psql_admin -c 'DROP DATABASE bench_pgbench'
  log "pgbench -N: ${FIGURE[pgbench_tps]} transactions/s"
}

start_distributed() {
  local namespace="bench$(date +%s)" service port i=0 tls_args
  mapfile -t tls_args < <(tls_service_args)
  use_tls_of distributed
  for service in "${SERVICES[@]}"; do
    psql_admin -c "DROP DATABASE IF EXISTS bench_${service}_db" -c "CREATE DATABASE bench_${service}_db"
  done
  rm -f "$WORK_DIR/data-keys"
  "$BINARY" data-keys new --data-keys="$WORK_DIR/data-keys" >/dev/null
  for service in "${SERVICES[@]}"; do
    port=$((BASE_PORT + i))
    start "$service" "$WORK_DIR/distributed-$service.log" --target="$service" \
      --storage=postgres --bus=kafka --cache=redis --pg-uri="$SAGASHOP_PG_URI" \
      --pg-database='bench_{service}_db' --bus-namespace="$namespace" \
      --kafka-brokers="$SAGASHOP_KAFKA_BROKERS" --redis="$SAGASHOP_REDIS" --http-port="$port" \
      "${tls_args[@]}" --data-keys="$WORK_DIR/data-keys" "${SYSTEM_ARGS[@]}"
    i=$((i + 1))
  done
  i=0
  for service in "${SERVICES[@]}"; do
    wait_healthy $((BASE_PORT + i)) "$service" "$WORK_DIR/distributed-$service.log"
    i=$((i + 1))
  done
}

start_embedded() {
  rm -rf "$WORK_DIR/embedded-data"
  use_tls_of embedded
  start sagashop "$WORK_DIR/embedded.log" --data-dir="$WORK_DIR/embedded-data" \
    --http-base-port="$BASE_PORT" "${SYSTEM_ARGS[@]}"
  wait_healthy "$BASE_PORT" "embedded sagashop" "$WORK_DIR/embedded.log"
}

# bench_run OUT SECONDS ARGS...: one `sagashop bench` run; its JSON in OUT. A run with errors
# (sagas left unfinished by an overload) still leaves its JSON, and the caller judges it.
bench_run() {
  local out=$1 seconds=$2
  shift 2
  "$BINARY" bench --host=127.0.0.1 --order-port="$BASE_PORT" --inventory-port=$((BASE_PORT + 2)) \
    --duration="$seconds" --warmup=2 --drain=30 --no-progress --out="$out" --token="$BENCH_TOKEN" \
    "${BENCH_TLS[@]}" "$@" \
    >"$out.txt" 2>&1 || true
  [[ -s "$out" ]] || die "sagashop bench wrote no result: $(tail -n 20 "$out.txt")"
}

# sustained FILE RATE: the run kept up (every order accepted and ended, completions at 90 % of
# the rate or more) with saga p99 under SUSTAINED_P99_MS.
sustained() {
  jq -e --argjson rate "$2" --argjson p99 "$SUSTAINED_P99_MS" '.errorCount == 0
    and .sagaLatencyMs.p99 < $p99 and .sagasPerSecond >= 0.9 * $rate' "$1" >/dev/null
}

# find_max_rate MODE: doubles the open-loop rate from 50 until a run does not sustain it (or
# MAX_RATE), then halves the gap three times; at most 12 runs. MODE names the files and the
# figure MODE_max_rate.
find_max_rate() {
  local mode=$1 low=0 high=0 rate=50 mid out
  while ((rate <= MAX_RATE)); do
    out="$WORK_DIR/$mode-probe-$rate.json"
    bench_run "$out" "$PROBE_SECONDS" --rate="$rate"
    if sustained "$out" "$rate"; then
      log "$mode: $rate orders/s sustained (saga p99 $(jq .sagaLatencyMs.p99 "$out") ms)"
      low=$rate
      rate=$((rate * 2))
    else
      log "$mode: $rate orders/s not sustained ($(jq -c '{sagasPerSecond, p99: .sagaLatencyMs.p99, errorCount}' "$out"))"
      high=$rate
      break
    fi
  done
  if ((high > 0 && low > 0)); then
    local step
    for step in 1 2 3; do
      mid=$(((low + high) / 2))
      out="$WORK_DIR/$mode-probe-$mid.json"
      bench_run "$out" "$PROBE_SECONDS" --rate="$mid"
      if sustained "$out" "$mid"; then low=$mid; else high=$mid; fi
      log "$mode: bisect step $step: sustained $low, not $high"
    done
  fi
  figure "${mode}_max_rate" "$low"
  if ((low > 0)); then
    cp "$WORK_DIR/$mode-probe-$low.json" "$WORK_DIR/$mode-max.json"
  fi
}

# settle MODE: a few orders until the sagas flow end to end (a fresh broker's consumer groups take
# a while to form); nothing is measured.
settle() {
  local out="$WORK_DIR/$1-settle.json"
  "$BINARY" bench --host=127.0.0.1 --order-port="$BASE_PORT" --inventory-port=$((BASE_PORT + 2)) \
    --rate=20 --duration=2 --warmup=0 --drain=120 --no-progress --out="$out" --token="$BENCH_TOKEN" \
    "${BENCH_TLS[@]}" \
    >"$out.txt" 2>&1 ||
    die "$1: the first orders did not complete: $(tail -n 20 "$out.txt")"
}

# measure_mode MODE: a light load, then the search for the highest sustained rate, that rate again
# on a fresh system (its memory peak is the target's), then the failure paths' mix at half that
# rate, then the issue's fixed rate, half the pgbench ceiling, which may overload (a run that
# overloads the system leaves a backlog, so the runs go from light to heavy).
measure_mode() {
  local mode=$1 half moderate
  settle "$mode"
  log "$mode: latency at $LIGHT_RATE orders/s, all ok"
  bench_run "$WORK_DIR/$mode-light.json" "$FIXED_SECONDS" --rate="$LIGHT_RATE"
  log "$mode: searching the highest sustained rate"
  find_max_rate "$mode"
  # The search ends with runs the system could not carry; their backlog and the memory it took
  # would colour the figures at the highest sustained rate, so that rate is measured again, for
  # longer, on a fresh system.
  if ((FIGURE[${mode}_max_rate] > 0)); then
    stop_system
    "start_$mode"
    settle "$mode"
    log "$mode: ${FIGURE[${mode}_max_rate]} orders/s again on a fresh system"
    cost_snapshot "$mode" before
    bench_run "$WORK_DIR/$mode-max.json" "$FIXED_SECONDS" --rate="${FIGURE[${mode}_max_rate]}"
    cost_snapshot "$mode" after
  fi
  record_memory "$mode" sustained
  moderate=$(((FIGURE[${mode}_max_rate] + 1) / 2))
  ((moderate > 0)) || moderate=10
  figure "${mode}_moderate_rate" "$moderate"
  log "$mode: the failure paths' mix at $moderate orders/s (half the highest sustained rate)"
  bench_run "$WORK_DIR/$mode-mix.json" "$FIXED_SECONDS" --rate="$moderate" \
    --mix=ok=70,declined=10,short=10,undeliverable=10
  half="$(jq -n --argjson tps "${FIGURE[pgbench_tps]}" '[($tps / 2 | floor), 1] | max')"
  figure fixed_rate "$half"
  log "$mode: latency at $half orders/s (half the pgbench ceiling)"
  bench_run "$WORK_DIR/$mode-fixed.json" "$FIXED_SECONDS" --rate="$half"
  record_memory "$mode" overload
}

# measure_overload MODE: twice MODE's highest sustained rate for OVERLOAD_SECONDS on a fresh
# system with admission control on (the default bound): how many sagas end during the overload,
# how many orders are refused, and whether every accepted one finishes.
measure_overload() {
  local mode=$1 rate
  rate=$((2 * FIGURE[${mode}_max_rate]))
  ((rate > 0)) || rate=100
  figure "${mode}_overload_rate" "$rate"
  stop_system
  "start_$mode"
  settle "$mode"
  log "$mode: overload at $rate orders/s for ${OVERLOAD_SECONDS} s (twice its highest sustained rate)"
  # Many connections, as many clients would hold: with few, the excess waits in the load
  # generator, where the system can neither see nor refuse it.
  bench_run "$WORK_DIR/$mode-overload.json" "$OVERLOAD_SECONDS" --rate="$rate" --connections=512
}

# measure_slow_world MODE: MODE on a fresh system with the realistic outside world: its highest
# sustained rate, then that rate's half for latency, each on a fresh system.
measure_slow_world() {
  local mode=$1 half
  stop_system
  SYSTEM_ARGS=("${SLOW_WORLD_ARGS[@]}")
  SUSTAINED_P99_MS=$SLOW_WORLD_SUSTAINED_P99_MS
  "start_$mode"
  settle "$mode"
  log "$mode, slow outside world: searching the highest sustained rate"
  find_max_rate "${mode}_slow"
  half=$(((FIGURE[${mode}_slow_max_rate] + 1) / 2))
  ((half > 0)) || half=10
  figure "${mode}_slow_half_rate" "$half"
  stop_system
  "start_$mode"
  settle "$mode"
  log "$mode, slow outside world: latency at $half orders/s (half its highest sustained rate)"
  bench_run "$WORK_DIR/${mode}_slow-half.json" "$FIXED_SECONDS" --rate="$half"
  stop_system
  SYSTEM_ARGS=()
  SUSTAINED_P99_MS=1000
}

main() {
  (($# == 1)) || die "usage: $(basename "$0") BUILD_DIR"
  BINARY="$(cd "$1" 2>/dev/null && pwd -P)/sagashop"
  [[ -x "$BINARY" ]] || die "no executable $BINARY (run \`make build\`)"
  command -v jq >/dev/null || die "jq is missing (run \`make deps\`)"
  PGBENCH="$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)"
  [[ -x "$PGBENCH" ]] || die "pgbench is missing (run \`make deps\`)"
  pgbench() { "$PGBENCH" "$@"; }
  local port
  for port in $(seq "$BASE_PORT" $((BASE_PORT + 3))); do
    require_free_port "$port" "the benchmarked system" "set SAGASHOP_BENCH_BASE_PORT" || exit 1
  done

  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  local component started
  started="$(now_ms)"
  for component in pg redis kafka; do
    "$STACK" status "$component" >/dev/null || STARTED_STACK+=("$component")
  done
  "$STACK" start all
  # shellcheck source=/dev/null
  source "$STACK_ENV_FILE"
  rm -rf "$WORK_DIR"
  mkdir -p "$WORK_DIR"
  make_bench_key

  run_pgbench
  log "distributed mode: four processes on PostgreSQL, Kafka and Redis"
  start_distributed
  measure_mode distributed
  measure_overload distributed
  measure_slow_world distributed
  stop_system
  for component in "${SERVICES[@]}"; do psql_admin -c "DROP DATABASE bench_${component}_db"; done
  log "embedded mode: one process, SQLite, in-process bus"
  start_embedded
  measure_mode embedded
  measure_overload embedded
  measure_slow_world embedded
  stop_system
  figure elapsed "$(elapsed_since "$started")"
  figure clock_ticks "$(getconf CLK_TCK)"
  write_bench_report "$WORK_DIR" "$OUT_FILE"
  log "done in ${FIGURE[elapsed]}; results in $OUT_FILE (raw runs in $WORK_DIR)"
}

main "$@"
