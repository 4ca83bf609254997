# shellcheck shell=bash
# Toxiproxy between each service and each of its servers, for network-fault tests: one TCP proxy
# per (service, server) pair, so one service can be cut off from PostgreSQL, Kafka or Redis while
# the others run on. Toxiproxy runs in user space (no root), gives every proxy its own faults with a
# direction (a one-way partition), and tests drive it over its HTTP API (docs/network-faults.md).
#
# On when SAGASHOP_STACK_PROXIES=1: `stack.sh start all` then starts the proxies too, and Kafka
# gets one extra listener per service whose advertised address is that service's proxy, since a
# Kafka client connects to the advertised address after bootstrap and would bypass a plain proxy.
# Each broker of the three-broker cluster gets such listeners too, each behind proxies of its own
# ("<service>-kafka-<N>"), so a service can be cut off from the whole cluster.
#
# Ports from SAGASHOP_STACK_PROXY_BASE_PORT (57400): base is Toxiproxy's API; base+1..4 the single
# broker's listeners of order, payment, inventory, delivery; base+10+i, base+20+i, base+30+i the
# proxies of service i to PostgreSQL, Redis and the single broker; base+30+10N+i its proxy to
# cluster broker N (1-3). The cluster's listeners behind those are on the cluster's ports
# (scripts/lib/kafka_cluster.sh).

PROXY_SERVICES=(order payment inventory delivery)
PROXY_BASE_PORT="${SAGASHOP_STACK_PROXY_BASE_PORT:-57400}"
validate_port SAGASHOP_STACK_PROXY_BASE_PORT "$PROXY_BASE_PORT"
((PROXY_BASE_PORT + 63 <= 65535)) || die "SAGASHOP_STACK_PROXY_BASE_PORT=$PROXY_BASE_PORT leaves no room for 64 ports"
TOXIPROXY_API_PORT=$PROXY_BASE_PORT
# The pinned release; `go install` builds it from the Go module proxy.
TOXIPROXY_VERSION=v2.5.0
TOXIPROXY_MODULE=github.com/Shopify/toxiproxy/v2
# Go's whole state inside the repository's ignored .cache, so root and a sudo user do not share (or
# fight over) a GOPATH in someone's home, and `make clean`-style removal stays local.
TOXIPROXY_GO_DIR="$SAGASHOP_ROOT/.cache/go"
TOXIPROXY_BIN_DIR="$TOXIPROXY_GO_DIR/bin"
TOXIPROXY_SERVER="$TOXIPROXY_BIN_DIR/server"
TOXIPROXY_CLI="$TOXIPROXY_BIN_DIR/cli"
TOXIPROXY_HOME="$STACK_DIR/toxiproxy"
TOXIPROXY_PIDFILE="$TOXIPROXY_HOME/toxiproxy.pid"
TOXIPROXY_LOG="$TOXIPROXY_HOME/toxiproxy.log"
TOXIPROXY_MARKER="-port $TOXIPROXY_API_PORT"

proxies_enabled() { [[ "${SAGASHOP_STACK_PROXIES:-0}" == 1 ]]; }

proxy_index_of() {
  local i
  for i in "${!PROXY_SERVICES[@]}"; do
    if [[ "${PROXY_SERVICES[$i]}" == "$1" ]]; then
      printf '%s\n' "$i"
      return
    fi
  done
  return 1
}

# The servers a service has a proxy to: PostgreSQL, Redis, the single broker, each cluster broker.
PROXY_SERVERS=(pg redis kafka kafka-1 kafka-2 kafka-3)

# kafka_service_listener_port SERVICE [N]: the broker-side port of SERVICE's own Kafka listener on
# the single broker, or on cluster broker N (what its proxy forwards to).
kafka_service_listener_port() {
  if (($# > 1)); then
    kafka_broker_service_listener_port "$2" "$(proxy_index_of "$1")"
  else
    printf '%s\n' $((PROXY_BASE_PORT + 1 + $(proxy_index_of "$1")))
  fi
}
# proxy_port SERVICE pg|redis|kafka|kafka-N: where SERVICE reaches that server through its proxy.
proxy_port() {
  local offset
  case "$2" in
  pg) offset=10 ;;
  redis) offset=20 ;;
  kafka) offset=30 ;;
  kafka-[123]) offset=$((30 + 10 * ${2#kafka-})) ;;
  *) return 1 ;;
  esac
  printf '%s\n' $((PROXY_BASE_PORT + offset + $(proxy_index_of "$1")))
}

# kafka_listener_props LISTENERS ADVERTISED PROTOCOL_MAP [N]: a broker's three listener lines of
# server.properties, with one more listener per service when the proxies are on, advertised at
# that service's proxy to the single broker (or to cluster broker N). The extra listeners inherit
# every ssl.* setting, so a service meets the same TLS and client certificates.
kafka_listener_props() {
  local listeners=$1 advertised=$2 map=$3 broker=${4:-}
  if proxies_enabled; then
    local service name server=kafka${broker:+-$broker}
    for service in "${PROXY_SERVICES[@]}"; do
      name="${service^^}"
      listeners+=",$name://$STACK_HOST:$(kafka_service_listener_port "$service" ${broker:+"$broker"})"
      advertised+=",$name://$STACK_HOST:$(proxy_port "$service" "$server")"
      map+=",$name:SSL"
    done
  fi
  printf 'listeners=%s\nadvertised.listeners=%s\nlistener.security.protocol.map=%s\n' \
    "$listeners" "$advertised" "$map"
}

toxiproxy_installed() {
  [[ -x "$TOXIPROXY_SERVER" && -x "$TOXIPROXY_CLI" &&
    "$(cat "$TOXIPROXY_GO_DIR/.version" 2>/dev/null)" == "$TOXIPROXY_VERSION" ]]
}

# Builds the pinned Toxiproxy into .cache/go/bin unless it is there already.
toxiproxy_install() {
  toxiproxy_installed && return
  mkdir -p "$TOXIPROXY_GO_DIR"
  local fd
  exec {fd}>"$TOXIPROXY_GO_DIR/.lock"
  flock "$fd"
  if toxiproxy_installed; then
    exec {fd}>&-
    return
  fi
  command -v go >/dev/null ||
    die "Go is not installed, and the network-fault proxies (Toxiproxy) are built with it: run scripts/install-deps.sh"
  local started
  started="$(now_ms)"
  log "building Toxiproxy $TOXIPROXY_VERSION with $(go version | cut -d' ' -f3) (once, into $TOXIPROXY_BIN_DIR)"
  if ! env GOPATH="$TOXIPROXY_GO_DIR" GOBIN="$TOXIPROXY_BIN_DIR" GOCACHE="$TOXIPROXY_GO_DIR/build" \
    GOMODCACHE="$TOXIPROXY_GO_DIR/mod" GOFLAGS=-modcacherw GOTOOLCHAIN=local \
    go install "$TOXIPROXY_MODULE/cmd/server@$TOXIPROXY_VERSION" \
    "$TOXIPROXY_MODULE/cmd/cli@$TOXIPROXY_VERSION" >"$TOXIPROXY_GO_DIR/install.log" 2>&1; then
    fail "go install of Toxiproxy $TOXIPROXY_VERSION failed"
    print_log_tail "$TOXIPROXY_GO_DIR/install.log"
    return 1
  fi
  printf '%s\n' "$TOXIPROXY_VERSION" >"$TOXIPROXY_GO_DIR/.version"
  exec {fd}>&-
  log "built Toxiproxy in $(elapsed_since "$started")"
}

toxiproxy_api() { printf 'http://%s:%s\n' "$STACK_HOST" "$TOXIPROXY_API_PORT"; }
toxiproxy_answers() { curl -fsS -m 2 "$(toxiproxy_api)/version" >/dev/null; }

# The proxies as Toxiproxy's POST /populate wants them: "<service>-<server>", all enabled. The
# cluster's are there whether or not a cluster runs: Toxiproxy outlives the phases of a test run.
proxies_json() {
  local service server upstream entries=()
  for service in "${PROXY_SERVICES[@]}"; do
    for server in "${PROXY_SERVERS[@]}"; do
      case "$server" in
      pg) upstream=$PG_PORT ;;
      redis) upstream=$REDIS_PORT ;;
      kafka) upstream="$(kafka_service_listener_port "$service")" ;;
      kafka-*) upstream="$(kafka_service_listener_port "$service" "${server#kafka-}")" ;;
      esac
      entries+=("{\"name\":\"$service-$server\",\"listen\":\"$STACK_HOST:$(proxy_port "$service" "$server")\",\"upstream\":\"$STACK_HOST:$upstream\",\"enabled\":true}")
    done
  done
  local IFS=,
  printf '[%s]\n' "${entries[*]}"
}

# Toxiproxy's own ports: its API and the proxies. The Kafka listeners behind them are Kafka's
# (kafka_proxy_listener_ports), which may well be listening already when the proxies start.
proxies_ports() {
  local service server
  printf '%s\n' "$TOXIPROXY_API_PORT"
  for service in "${PROXY_SERVICES[@]}"; do
    for server in "${PROXY_SERVERS[@]}"; do proxy_port "$service" "$server"; done
  done
}

# kafka_proxy_listener_ports [all] [N]: the ports of the single broker's (or cluster broker N's)
# listeners the proxies forward to, when the proxies are asked for (with `all`, whether or not:
# what to release on stop).
kafka_proxy_listener_ports() {
  local which=${1:-} broker=${2:-}
  [[ "$which" == all ]] || proxies_enabled || return 0
  local service
  for service in "${PROXY_SERVICES[@]}"; do
    kafka_service_listener_port "$service" ${broker:+"$broker"}
  done
}

toxiproxy_pid() { live_pid_from "$TOXIPROXY_PIDFILE" "$TOXIPROXY_MARKER"; }

proxies_start() {
  take_lock "$STACK_DIR/locks/toxiproxy.lock"
  local pid started port ports=()
  if pid="$(toxiproxy_pid)"; then
    log "already running (pid $pid), API on $(toxiproxy_api)"
    return
  fi
  toxiproxy_install || return 1
  mapfile -t ports < <(proxies_ports)
  reserve_ports "${ports[@]}"
  for port in "${ports[@]}"; do
    require_free_port "$port" Toxiproxy "set SAGASHOP_STACK_PROXY_BASE_PORT" || return 1
  done
  mkdir -p "$TOXIPROXY_HOME"
  started="$(now_ms)"
  rm -f "$TOXIPROXY_PIDFILE"
  setsid "$TOXIPROXY_SERVER" -host "$STACK_HOST" -port "$TOXIPROXY_API_PORT" \
    </dev/null >>"$TOXIPROXY_LOG" 2>&1 {LOCK_FD}>&- &
  pid=$!
  printf '%s\n' "$pid" >"$TOXIPROXY_PIDFILE"
  if ! wait_for 20 "Toxiproxy to answer on $(toxiproxy_api)" toxiproxy_answers; then
    print_log_tail "$TOXIPROXY_LOG" 20
    return 1
  fi
  if ! curl -fsS -m 10 -X POST "$(toxiproxy_api)/populate" -d "$(proxies_json)" >/dev/null; then
    fail "Toxiproxy refused the proxies"
    print_log_tail "$TOXIPROXY_LOG" 20
    return 1
  fi
  log "started (pid $pid) in $(elapsed_since "$started"):" \
    "$((${#PROXY_SERVICES[@]} * ${#PROXY_SERVERS[@]})) proxies, API on $(toxiproxy_api)"
}

proxies_stop() {
  take_lock "$STACK_DIR/locks/toxiproxy.lock"
  local pid started ports=()
  mapfile -t ports < <(proxies_ports)
  release_ports "${ports[@]}"
  if ! pid="$(toxiproxy_pid)"; then
    log "not running"
    rm -f "$TOXIPROXY_PIDFILE"
    return
  fi
  started="$(now_ms)"
  stop_pid "$pid" 10 Toxiproxy || return 1
  rm -f "$TOXIPROXY_PIDFILE"
  log "stopped in $(elapsed_since "$started")"
}

proxies_status() {
  local pid
  if pid="$(toxiproxy_pid)"; then
    log "running (pid $pid), API on $(toxiproxy_api)"
  else
    log "stopped"
    return 1
  fi
}

# Adds Toxiproxy's address to the env file: tests ask its API for each proxy's port.
proxies_write_env() {
  cat >>"$STACK_ENV_FILE" <<ENV
# Toxiproxy between each service and its servers (SAGASHOP_STACK_PROXIES=1, docs/network-faults.md)
export SAGASHOP_TEST_TOXIPROXY=$STACK_HOST:$TOXIPROXY_API_PORT
ENV
}
