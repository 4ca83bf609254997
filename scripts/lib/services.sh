# shellcheck shell=bash
# The four sagashop services as background processes against the local stack (`make up`/`make down`),
# and the simulated payment provider and carrier (`sagashop outside-world`) they call over HTTP.
# Every name below is a "service" here: a process with a port, a pid file and a log. All of them
# serve HTTPS with a certificate of the local CA in $STACK_DIR/tls (`sagashop local-ca`), which
# the services and curl trust.

SERVICES=(outside-world order payment inventory delivery)
# The order service's port and the next three (as --http-base-port counts them), and the simulator's.
SERVICE_BASE_PORT="${SAGASHOP_UP_BASE_PORT:-8001}"
declare -A SERVICE_PORT=([outside-world]="${SAGASHOP_UP_OUTSIDE_WORLD_PORT:-8010}"
  [order]=$SERVICE_BASE_PORT [payment]=$((SERVICE_BASE_PORT + 1))
  [inventory]=$((SERVICE_BASE_PORT + 2)) [delivery]=$((SERVICE_BASE_PORT + 3)))
SERVICE_RUN_DIR="$STACK_DIR/run"
SERVICE_LOG_DIR="$STACK_DIR/logs"
# The dev system's stand-in for an identity provider: a signing key made by `sagashop token`, whose
# public half the services trust (docs/security.md).
SERVICE_AUTH_DIR="$STACK_DIR/auth"
SERVICE_OPERATOR_TOKEN="$SERVICE_AUTH_DIR/operator-token"
# Size of each log before this run started the service: a failure shows only this run's lines.
declare -A SERVICE_LOG_FROM=()

service_pidfile() { printf '%s\n' "$SERVICE_RUN_DIR/$1.pid"; }
service_log() { printf '%s\n' "$SERVICE_LOG_DIR/$1.log"; }
SERVICE_TLS_DIR="$STACK_DIR/https"
service_url() { printf 'https://%s:%s\n' "$STACK_HOST" "${SERVICE_PORT[$1]}"; }

# Makes the local CA and the services' certificate, once.
services_tls_init() { "$1" local-ca --dir="$SERVICE_TLS_DIR" >/dev/null; }
# What marks the process of `name` in its command line.
service_marker() { if [[ $1 == outside-world ]]; then echo "outside-world"; else echo "--target=$1"; fi; }
service_pid() { live_pid_from "$(service_pidfile "$1")" "$(service_marker "$1")"; }

# The command line of `name` after the binary.
service_args() {
  local name=$1 port=${SERVICE_PORT[$1]}
  if [[ $name == outside-world ]]; then
    printf '%s\n' outside-world --listen-host="$STACK_HOST" --listen-port="$port" \
      --ledger-file="$STACK_DIR/outside-world.db" --tls-cert="$SERVICE_TLS_DIR/server.pem" \
      --tls-key="$SERVICE_TLS_DIR/server-key.pem"
    return
  fi
  local provider
  provider="$(service_url outside-world)"
  printf '%s\n' --target="$name" --storage=postgres --bus=kafka --cache=redis \
    --pg-uri="$SAGASHOP_PG_URI" --kafka-brokers="$SAGASHOP_KAFKA_BROKERS" --redis="$SAGASHOP_REDIS" \
    --http-port="$port" --payment-provider-url="$provider" --carrier-url="$provider" \
    --data-keys="$STACK_DIR/data-keys" \
    --auth-keys="$SERVICE_AUTH_DIR/keys/token-public-keys.pem" --auth-issuer=sagashop-local \
    --http-tls-cert="$SERVICE_TLS_DIR/server.pem" --http-tls-key="$SERVICE_TLS_DIR/server-key.pem" \
    --http-tls-ca="$SERVICE_TLS_DIR/ca.pem"
  tls_service_args
}

# services_make_auth BINARY: the signing key (kept across runs) and a fresh operator's token
# (ops, inventory:write; valid a day) in SERVICE_OPERATOR_TOKEN, readable by its owner only.
services_make_auth() {
  local binary=$1 token
  token="$("$binary" token --storage=sqlite --data-dir="$SERVICE_AUTH_DIR" --subject=operator \
    --scope=ops --scope=inventory:write --ttl-minutes=1440)" || return 1
  (umask 077 && printf '%s\n' "$token" >"$SERVICE_OPERATOR_TOKEN")
}

# The state file `make up` leaves while its system runs: the settings `sagashop verify`, `dlt` and
# `bench` read to find it when given none (src/app/running_system.h), as SAGASHOP_* variables.
# It holds an operator's token, so it is its owner's only; `make down` removes it.
SERVICE_STATE_FILE="$STACK_DIR/system.env"

services_write_state_file() {
  (
    umask 077
    cat >"$SERVICE_STATE_FILE" <<STATE
# The system \`make up\` started (scripts/up.sh); \`make down\` removes this file.
SAGASHOP_STORAGE=postgres
SAGASHOP_PG_URI=$SAGASHOP_PG_URI
SAGASHOP_HTTP_HOST=$STACK_HOST
SAGASHOP_HTTP_BASE_PORT=${SERVICE_PORT[order]}
SAGASHOP_HTTP_TLS_CA=$SERVICE_TLS_DIR/ca.pem
SAGASHOP_TOKEN=$(cat "$SERVICE_OPERATOR_TOKEN")
STATE
  )
}

services_remove_state_file() { rm -f "$SERVICE_STATE_FILE"; }

# Starts one service in its own session (so it outlives the terminal that ran `make up`). Reads the
# stack's addresses from SAGASHOP_PG_URI, SAGASHOP_KAFKA_BROKERS and SAGASHOP_REDIS.
service_start() {
  local binary=$1 name=$2 port=${SERVICE_PORT[$2]} pid args
  if pid="$(service_pid "$name")"; then
    log "$name already running (pid $pid)"
    return
  fi
  require_free_port "$port" "the $name service" || return 1
  mkdir -p "$SERVICE_RUN_DIR" "$SERVICE_LOG_DIR"
  SERVICE_LOG_FROM[$name]="$(file_size "$(service_log "$name")")"
  printf '===== %s: starting %s =====\n' "$(date -u +%FT%TZ)" "$name" >>"$(service_log "$name")"
  # The services share one data key file (docs/security.md), made by the first start.
  [[ $name == outside-world || -f "$STACK_DIR/data-keys" ]] ||
    "$binary" data-keys new --data-keys="$STACK_DIR/data-keys" >/dev/null || return 1
  mapfile -t args < <(service_args "$name")
  setsid "$binary" "${args[@]}" </dev/null >>"$(service_log "$name")" 2>&1 &
  printf '%s\n' "$!" >"$(service_pidfile "$name")"
  STARTED_SERVICES+=("$name")
}

service_is_healthy() {
  [[ "$(curl -s --cacert "$SERVICE_TLS_DIR/ca.pem" -o /dev/null -w '%{http_code}' --max-time 2 \
    "$(service_url "$1")/health")" == 200 ]]
}

service_healthy_or_gone() { pid_is_gone "$2" || service_is_healthy "$1"; }

service_wait_healthy() {
  local name=$1 seconds=$2 pid
  pid="$(head -n1 "$(service_pidfile "$name")")"
  if ! wait_for "$seconds" "$name to answer GET /health" service_healthy_or_gone "$name" "$pid" ||
    pid_is_gone "$pid"; then
    fail "$name did not become healthy"
    print_log_tail "$(service_log "$name")" 40 "${SERVICE_LOG_FROM[$name]:-0}"
    return 1
  fi
}

# Stops the named services: SIGTERM to all at once (they drain in parallel), SIGKILL to any still
# running after the deadline.
services_stop() {
  local name pid pids=() names=()
  for name in "$@"; do
    if pid="$(service_pid "$name")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      names+=("$name")
    else
      rm -f "$(service_pidfile "$name")"
    fi
  done
  local i rc=0
  for i in "${!pids[@]}"; do
    stop_pid "${pids[$i]}" 20 "${names[$i]}" || rc=1
    rm -f "$(service_pidfile "${names[$i]}")"
    log "${names[$i]} stopped"
  done
  return "$rc"
}
