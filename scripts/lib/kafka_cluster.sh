# shellcheck shell=bash
# Apache Kafka as a three-broker KRaft cluster on 127.0.0.1, from the same jars as the single node
# (scripts/lib/kafka.sh): what `scripts/stack.sh` runs instead of it when
# SAGASHOP_STACK_KAFKA_BROKERS=3. Every node is broker and controller (three quorum voters), every
# listener speaks TLS with client certificates, and each broker has a certificate of its own.
#
# Topics get three replicas and min.insync.replicas=2: an event the producer had acknowledged
# (acks=all) is on at least two brokers, so one broker may die without losing it or stopping writes.
#
# Ports: broker N serves clients on SAGASHOP_STACK_KAFKA_CLUSTER_PORT + 2(N-1) and its controller
# on the port after it (29100-29105 by default); with the network-fault proxies
# (SAGASHOP_STACK_PROXIES=1), its listener for service i (order, payment, inventory, delivery) is
# on + 10N + i (29110-29133). Each broker lives in .stack/kafka-cluster/broker-N/
# (server.properties, data, logs/server.log, kafka.pid).

KAFKA_BROKERS="${SAGASHOP_STACK_KAFKA_BROKERS:-1}"
# Below Linux's ephemeral range (32768-60999): the cluster starts after a whole test run, when a
# port in that range may be held by anything, and reserving it (scripts/lib/reserved_ports.sh)
# keeps out only ports the kernel picks, not explicit binds; in one run broker 1 found its port
# 59100 taken moments after it was seen free.
KAFKA_CLUSTER_PORT="${SAGASHOP_STACK_KAFKA_CLUSTER_PORT:-29100}"
KAFKA_CLUSTER_HOME="$STACK_DIR/kafka-cluster"
# The replication the cluster gives every topic, and how many replicas must have an event before a
# producer with acks=all hears it was written.
KAFKA_CLUSTER_REPLICAS=3
KAFKA_CLUSTER_MIN_INSYNC=2

if ! [[ "$KAFKA_BROKERS" =~ ^[0-9]+$ ]] || ((KAFKA_BROKERS != 1 && KAFKA_BROKERS != 3)); then
  die "SAGASHOP_STACK_KAFKA_BROKERS=$KAFKA_BROKERS: the stack runs 1 broker or a cluster of 3"
fi
validate_port SAGASHOP_STACK_KAFKA_CLUSTER_PORT "$KAFKA_CLUSTER_PORT"
validate_port "SAGASHOP_STACK_KAFKA_CLUSTER_PORT (its last port)" \
  "$((KAFKA_CLUSTER_PORT + 10 * KAFKA_BROKERS + 3))"

# The component stack.sh starts for "kafka": the single node or the cluster.
kafka_component() {
  if ((KAFKA_BROKERS == 1)); then echo kafka; else echo kafka_cluster; fi
}

# What clients bootstrap from: every broker, so that any one of them may be down.
kafka_bootstrap_servers() {
  if ((KAFKA_BROKERS == 1)); then
    printf '%s:%s\n' "$STACK_HOST" "$KAFKA_PORT"
    return
  fi
  local n servers=()
  for ((n = 1; n <= KAFKA_BROKERS; n++)); do
    servers+=("$STACK_HOST:$(kafka_broker_port "$n")")
  done
  local IFS=,
  printf '%s\n' "${servers[*]}"
}

# The env file's lines for the cluster (none for a single broker): what the stack script needs to
# find it again, so that a test may kill and start its brokers (`stack.sh kafka-broker`).
kafka_cluster_env() {
  ((KAFKA_BROKERS > 1)) || return 0
  cat <<ENV
export SAGASHOP_STACK_DIR='$STACK_DIR'
# What runs with these addresses (a test stopping and starting Redis, say) writes them back here,
# never over the single broker's env file.
export SAGASHOP_STACK_ENV_FILE='$STACK_ENV_FILE'
export SAGASHOP_STACK_KAFKA_BROKERS=$KAFKA_BROKERS
export SAGASHOP_STACK_KAFKA_CLUSTER_PORT=$KAFKA_CLUSTER_PORT
export SAGASHOP_TEST_KAFKA_CLUSTER_CONTROL='$SAGASHOP_SCRIPTS/stack.sh'
ENV
  # A broker started again (`stack.sh kafka-broker start N`) keeps its listeners for the proxies.
  if proxies_enabled; then printf 'export SAGASHOP_STACK_PROXIES=1\n'; fi
}

# The replication factor the services give the topics they create (--kafka-replication-factor).
kafka_replication_factor() {
  if ((KAFKA_BROKERS == 1)); then echo 1; else echo "$KAFKA_CLUSTER_REPLICAS"; fi
}

kafka_broker_port() { echo $((KAFKA_CLUSTER_PORT + 2 * ($1 - 1))); }
kafka_broker_controller_port() { echo $((KAFKA_CLUSTER_PORT + 2 * ($1 - 1) + 1)); }
# kafka_broker_service_listener_port N I: broker N's listener behind the proxies of service I.
kafka_broker_service_listener_port() { echo $((KAFKA_CLUSTER_PORT + 10 * $1 + $2)); }
kafka_broker_home() { echo "$KAFKA_CLUSTER_HOME/broker-$1"; }
kafka_broker_props() { echo "$(kafka_broker_home "$1")/server.properties"; }
kafka_broker_pidfile() { echo "$(kafka_broker_home "$1")/kafka.pid"; }
kafka_broker_log() { echo "$(kafka_broker_home "$1")/logs/server.log"; }
kafka_broker_pid() { live_pid_from "$(kafka_broker_pidfile "$1")" "$(kafka_broker_props "$1")"; }

# kafka_broker_ports N [all]: broker N's ports, its listeners for the proxies when they are asked
# for (with `all`, whether or not: what to release on stop).
kafka_broker_ports() {
  kafka_broker_port "$1"
  kafka_broker_controller_port "$1"
  kafka_proxy_listener_ports "${2:-}" "$1"
}

kafka_cluster_ports() {
  local n
  for ((n = 1; n <= KAFKA_BROKERS; n++)); do kafka_broker_ports "$n" "${1:-}"; done
}

kafka_cluster_voters() {
  local n voters=()
  for ((n = 1; n <= KAFKA_BROKERS; n++)); do
    voters+=("$n@$STACK_HOST:$(kafka_broker_controller_port "$n")")
  done
  local IFS=,
  printf '%s\n' "${voters[*]}"
}

# PEM key stores hold the private key, then the certificate.
kafka_cluster_write_keystore() {
  local name=$1 file=$2
  (umask 077 && cat "$TLS_DIR/$name.key" "$TLS_DIR/$name.crt" >"$file")
}

kafka_broker_write_props() {
  local n=$1 home port controller_port
  home="$(kafka_broker_home "$n")"
  port="$(kafka_broker_port "$n")"
  controller_port="$(kafka_broker_controller_port "$n")"
  mkdir -p "$home/data" "$home/logs"
  tls_ensure_server "kafka-$n"
  kafka_cluster_write_keystore "kafka-$n" "$home/keystore.pem"
  cat >"$(kafka_broker_props "$n")" <<PROPS
# Written by scripts/stack.sh at every start; edits here are overwritten.
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$(kafka_cluster_voters)
# Clients, the other brokers and the other controllers all connect over TLS with a certificate
# from the stack's CA: the controller listener carries the cluster's metadata between processes.
# With the network-fault proxies, one more listener per service, advertised at that service's
# proxy to this broker (scripts/lib/toxiproxy.sh).
$(kafka_listener_props "SSL://$STACK_HOST:$port,CONTROLLER://$STACK_HOST:$controller_port" \
  "SSL://$STACK_HOST:$port" CONTROLLER:SSL,SSL:SSL "$n")
controller.listener.names=CONTROLLER
inter.broker.listener.name=SSL
log.dirs=$home/data

$(kafka_tls_properties "$home/keystore.pem")

# Three replicas of everything, internal topics included; a write needs two of them in sync, so
# one broker may be lost without losing an acknowledged event or refusing writes.
default.replication.factor=$KAFKA_CLUSTER_REPLICAS
min.insync.replicas=$KAFKA_CLUSTER_MIN_INSYNC
offsets.topic.replication.factor=$KAFKA_CLUSTER_REPLICAS
transaction.state.log.replication.factor=$KAFKA_CLUSTER_REPLICAS
transaction.state.log.min.isr=$KAFKA_CLUSTER_MIN_INSYNC
# A replica that missed writes never becomes leader: that would silently drop acknowledged events.
unclean.leader.election.enable=false
num.replica.fetchers=1

$(kafka_stack_properties)
PROPS
}

# Formats a broker's storage on first use, with the cluster's one id.
kafka_broker_format() {
  local n=$1 home java
  home="$(kafka_broker_home "$n")"
  [[ -f "$home/data/meta.properties" ]] && return
  java="$(kafka_java)"
  if ! "$java" -Xmx256m -XX:-UsePerfData -Dlog4j.configuration="file:$KAFKA_LOG4J" \
    -Dkafka.logs.dir="$home/logs" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format \
    -t "$(cat "$KAFKA_CLUSTER_HOME/cluster.id")" -c "$(kafka_broker_props "$n")" \
    --ignore-formatted >"$home/logs/format.log" 2>&1; then
    fail "formatting the storage of broker $n failed"
    print_log_tail "$home/logs/format.log"
    return 1
  fi
}

kafka_cluster_ensure_id() {
  local id_file="$KAFKA_CLUSTER_HOME/cluster.id" id=-
  [[ -s "$id_file" ]] && return
  mkdir -p "$KAFKA_CLUSTER_HOME"
  # As kafka_format: 16 random bytes, URL-safe base64, never beginning with '-'.
  while [[ "$id" == -* ]]; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  printf '%s' "$id" >"$id_file"
}

kafka_cluster_kcat() {
  kcat -b "$1" -X security.protocol=ssl -X ssl.ca.location="$TLS_CA_CERT" \
    -X ssl.certificate.location="$TLS_CLIENT_CERT" -X ssl.key.location="$TLS_CLIENT_KEY" \
    -X ssl.endpoint.identification.algorithm=https "${@:2}"
}

# Broker N is ready once it answers a metadata request listing every broker of the cluster: it has
# joined the quorum and its peers have registered too.
kafka_broker_answers() {
  kafka_cluster_kcat "$STACK_HOST:$(kafka_broker_port "$1")" -L -m 2 2>/dev/null |
    grep -q " $KAFKA_BROKERS brokers:"
}

kafka_broker_ready_or_gone() { pid_is_gone "$1" || kafka_broker_answers "$2"; }

# Launches broker N's JVM (its storage formatted, its properties written) without waiting.
kafka_broker_launch() {
  local n=$1 home java pid
  home="$(kafka_broker_home "$n")"
  kafka_broker_write_props "$n"
  kafka_broker_format "$n" || return 1
  java="$(kafka_java)"
  rm -f "$(kafka_broker_pidfile "$n")"
  # shellcheck disable=SC2086 # KAFKA_HEAP holds several JVM options on purpose.
  setsid "$java" $KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:-UsePerfData \
    -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true -Dlog4j.configuration="file:$KAFKA_LOG4J" \
    -Dkafka.logs.dir="$home/logs" -cp "$KAFKA_LIBS/*" kafka.Kafka "$(kafka_broker_props "$n")" \
    </dev/null >"$home/logs/stdout.log" 2>&1 {LOCK_FD}>&- &
  pid=$!
  printf '%s\n' "$pid" >"$(kafka_broker_pidfile "$n")"
}

# Waits until broker N answers; shows its log when it does not.
kafka_broker_await() {
  local n=$1 log_from=$2 pid
  pid="$(head -n1 "$(kafka_broker_pidfile "$n")")"
  if ! wait_for "$KAFKA_START_DEADLINE_S" "Kafka broker $n to answer on port $(kafka_broker_port "$n")" \
    kafka_broker_ready_or_gone "$pid" "$n" || pid_is_gone "$pid"; then
    fail "Kafka broker $n did not become ready"
    print_log_tail "$(kafka_broker_home "$n")/logs/stdout.log" 20
    print_log_tail "$(kafka_broker_log "$n")" 40 "$log_from"
    return 1
  fi
}

kafka_cluster_require_free_ports() {
  local port
  for port in "$@"; do
    require_free_port "$port" "the Kafka cluster" "set SAGASHOP_STACK_KAFKA_CLUSTER_PORT" || return 1
  done
}

# Starts the brokers that are not running (all at once: none is ready before a quorum is), and
# waits until each one answers.
kafka_cluster_start() {
  take_lock "$STACK_DIR/locks/kafka-cluster.lock"
  command -v kcat >/dev/null || die "kcat is not installed (run scripts/install-deps.sh)"
  local n started ports down=() log_from=()
  for ((n = 1; n <= KAFKA_BROKERS; n++)); do
    if ! kafka_broker_pid "$n" >/dev/null; then down+=("$n"); fi
  done
  if ((${#down[@]} == 0)); then
    log "already running: $KAFKA_BROKERS brokers on $(kafka_bootstrap_servers)"
    return
  fi
  mapfile -t ports < <(kafka_cluster_ports)
  reserve_ports "${ports[@]}"
  for n in "${down[@]}"; do
    mapfile -t ports < <(kafka_broker_ports "$n")
    kafka_cluster_require_free_ports "${ports[@]}" || return 1
  done
  kafka_fetch || return 1
  started="$(now_ms)"
  tls_ensure
  kafka_cluster_ensure_id
  # Formatting and starting a JVM take seconds each: all brokers at once.
  local launches=() failed=0
  for n in "${down[@]}"; do
    log_from[n]="$(file_size "$(kafka_broker_log "$n")")"
    kafka_broker_launch "$n" &
    launches+=("$!")
  done
  for n in "${launches[@]}"; do wait "$n" || failed=1; done
  ((failed == 0)) || return 1
  for n in "${down[@]}"; do kafka_broker_await "$n" "${log_from[n]}" || return 1; done
  log "started brokers ${down[*]} of $KAFKA_BROKERS on $(kafka_bootstrap_servers)" \
    "in $(elapsed_since "$started")"
}

# Seconds the brokers get to shut down in order before the ones left are killed.
KAFKA_CLUSTER_STOP_GRACE_S="${SAGASHOP_STACK_KAFKA_CLUSTER_STOP_GRACE_S:-20}"

all_pids_gone() {
  local pid
  for pid in "$@"; do pid_is_gone "$pid" || return 1; done
}

# Sends every broker SIGTERM at once (a controlled shutdown each). The last broker's shutdown then
# waits for a controller quorum that has left with the others, and would wait for minutes: after
# the grace it is killed. Its logs need a recovery at the next start, and lose nothing written.
kafka_cluster_stop() {
  take_lock "$STACK_DIR/locks/kafka-cluster.lock"
  local ports n pid started pids=()
  mapfile -t ports < <(kafka_cluster_ports all)
  release_ports "${ports[@]}"
  started="$(now_ms)"
  for ((n = 1; n <= KAFKA_BROKERS; n++)); do
    if pid="$(kafka_broker_pid "$n")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids[n]=$pid
    fi
  done
  if ((${#pids[@]} == 0)); then
    log "not running"
    return
  fi
  if ! wait_for "$KAFKA_CLUSTER_STOP_GRACE_S" "the brokers to shut down" all_pids_gone \
    "${pids[@]}" 2>/dev/null; then
    for n in "${!pids[@]}"; do
      pid_is_gone "${pids[n]}" && continue
      log "broker $n still waits for a controller quorum that is gone; killing it"
      kill -KILL "${pids[n]}" 2>/dev/null || true
    done
    wait_for 20 "the brokers to die" all_pids_gone "${pids[@]}" || return 1
  fi
  for n in "${!pids[@]}"; do rm -f "$(kafka_broker_pidfile "$n")"; done
  log "stopped in $(elapsed_since "$started")"
}

kafka_cluster_status() {
  local n pid down=0
  for ((n = 1; n <= KAFKA_BROKERS; n++)); do
    if pid="$(kafka_broker_pid "$n")"; then
      log "broker $n running (pid $pid) on $STACK_HOST:$(kafka_broker_port "$n")"
    else
      log "broker $n stopped"
      down=1
    fi
  done
  return "$down"
}

# The client settings Kafka's own Java tools need to reach the cluster as the services do.
kafka_cluster_tool_config() {
  local config="$KAFKA_CLUSTER_HOME/tool-client.properties"
  kafka_cluster_write_keystore client "$KAFKA_CLUSTER_HOME/tool-keystore.pem"
  cat >"$config" <<PROPS
security.protocol=SSL
ssl.keystore.type=PEM
ssl.keystore.location=$KAFKA_CLUSTER_HOME/tool-keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$TLS_CA_CERT
ssl.endpoint.identification.algorithm=https
PROPS
  printf '%s\n' "$config"
}

# The node id of the active KRaft controller, as the quorum itself reports it.
kafka_cluster_controller() {
  local java config out
  java="$(kafka_java)"
  config="$(kafka_cluster_tool_config)"
  out="$("$java" -Xmx128m -XX:-UsePerfData -Dlog4j.configuration="file:$KAFKA_LOG4J" \
    -Dkafka.logs.dir="$KAFKA_CLUSTER_HOME" -cp "$KAFKA_LIBS/*" \
    org.apache.kafka.tools.MetadataQuorumCommand --bootstrap-server "$(kafka_bootstrap_servers)" \
    --command-config "$config" describe --status 2>&1)" || {
    fail "kafka-metadata-quorum failed: $out"
    return 1
  }
  sed -n 's/^LeaderId:[[:space:]]*\([0-9][0-9]*\)$/\1/p' <<<"$out" | grep . || {
    fail "kafka-metadata-quorum named no leader: $out"
    return 1
  }
}

# How many partitions have fewer in-sync replicas than replicas (or no leader), as the brokers'
# metadata says; 0 once a restarted broker has caught up.
kafka_cluster_under_replicated() {
  local metadata
  metadata="$(kafka_cluster_kcat "$(kafka_bootstrap_servers)" -L -m 5 2>&1)" || {
    fail "no metadata from the cluster: $metadata"
    return 1
  }
  awk '
    /^ +partition [0-9]+,/ {
      if ($0 ~ /Leader not available|leader -1,/) { bad++; next }
      replicas = $0; sub(/.*replicas: /, "", replicas); sub(/,? isrs:.*/, "", replicas)
      isrs = $0; sub(/.*isrs: /, "", isrs); sub(/,.*Broker:.*/, "", isrs)
      if (split(isrs, a, ",") < split(replicas, b, ",")) bad++
    }
    END { print bad + 0 }' <<<"$metadata"
}

# The fewest replicas any partition of a topic whose name starts with PREFIX has (0: no such
# topic): what a test checks its system's topics were created with.
kafka_cluster_replicas() {
  local prefix=$1 metadata
  metadata="$(kafka_cluster_kcat "$(kafka_bootstrap_servers)" -L -m 5 2>&1)" || {
    fail "no metadata from the cluster: $metadata"
    return 1
  }
  awk -v prefix="$prefix" '
    /^  topic "/ { name = $2; gsub(/"/, "", name); ours = index(name, prefix) == 1 }
    ours && /^ +partition [0-9]+,/ {
      replicas = $0; sub(/.*replicas: /, "", replicas); sub(/,? isrs:.*/, "", replicas)
      count = split(replicas, r, ",")
      if (fewest == "" || count < fewest) fewest = count
    }
    END { print fewest + 0 }' <<<"$metadata"
}

# scripts/stack.sh kafka-broker kill|start|stop N | controller | under-replicated | replicas PREFIX
kafka_broker_command() {
  ((KAFKA_BROKERS > 1)) || die "kafka-broker needs the cluster (SAGASHOP_STACK_KAFKA_BROKERS=3)"
  LOG_TAG=kafka_cluster
  local verb=${1:-} n=${2:-} pid
  case "$verb" in
  controller) kafka_cluster_controller ;;
  under-replicated) kafka_cluster_under_replicated ;;
  replicas) kafka_cluster_replicas "$n" ;;
  kill | start | stop)
    [[ "$n" =~ ^[0-9]+$ ]] && ((n >= 1 && n <= KAFKA_BROKERS)) ||
      die "kafka-broker $verb: name a broker from 1 to $KAFKA_BROKERS"
    take_lock "$STACK_DIR/locks/kafka-cluster.lock"
    case "$verb" in
    kill)
      # A crash, not a shutdown: no controlled shutdown, no flush.
      pid="$(kafka_broker_pid "$n")" || die "broker $n is not running"
      kill -KILL "$pid"
      wait_for 20 "broker $n (pid $pid) to die" pid_is_gone "$pid" || return 1
      log "killed broker $n (pid $pid)"
      ;;
    stop)
      pid="$(kafka_broker_pid "$n")" || die "broker $n is not running"
      stop_pid "$pid" 60 "Kafka broker $n" || return 1
      log "stopped broker $n"
      ;;
    start)
      if pid="$(kafka_broker_pid "$n")"; then
        log "broker $n is already running (pid $pid)"
        return
      fi
      local started log_from
      started="$(now_ms)"
      kafka_cluster_require_free_ports "$(kafka_broker_port "$n")" \
        "$(kafka_broker_controller_port "$n")" || return 1
      log_from="$(file_size "$(kafka_broker_log "$n")")"
      kafka_broker_launch "$n" || return 1
      kafka_broker_await "$n" "$log_from" || return 1
      log "started broker $n in $(elapsed_since "$started")"
      ;;
    esac
    ;;
  *) die "usage: stack.sh kafka-broker kill|start|stop N | controller | under-replicated" \
    "| replicas PREFIX" ;;
  esac
}
