# shellcheck shell=bash
# Apache Kafka for tests and the dev stack: one KRaft node (broker and controller in one JVM) on
# 127.0.0.1, run from the official jars on Maven Central with the machine's OpenJDK 17.

KAFKA_POM="$SAGASHOP_SCRIPTS/kafka/pom.xml"
KAFKA_LOG4J="$SAGASHOP_SCRIPTS/kafka/log4j.properties"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_POM")"
# Outside the repository, so fresh clones and `git clean` do not fetch 46 MB again.
USER_HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
KAFKA_CACHE="${SAGASHOP_KAFKA_CACHE:-${XDG_CACHE_HOME:-$USER_HOME/.cache}/sagashop}/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_CACHE/libs"
KAFKA_HOME="$STACK_DIR/kafka"
KAFKA_PROPS="$KAFKA_HOME/server.properties"
KAFKA_PIDFILE="$KAFKA_HOME/kafka.pid"
KAFKA_LOG="$KAFKA_HOME/logs/server.log"
KAFKA_STDOUT="$KAFKA_HOME/logs/stdout.log"
KAFKA_HEAP="${SAGASHOP_STACK_KAFKA_HEAP:--Xms256m -Xmx512m}"
KAFKA_START_DEADLINE_S="${SAGASHOP_STACK_KAFKA_START_DEADLINE_S:-90}"

kafka_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
    return
  fi
  local candidate
  for candidate in /usr/lib/jvm/java-17-openjdk-*/bin/java; do
    if [[ -x "$candidate" ]]; then
      printf '%s\n' "$candidate"
      return
    fi
  done
  command -v java || die "no Java runtime found (run scripts/install-deps.sh)"
}

# Copies the broker's jars into the cache unless the cache already holds them for this very POM.
# Maven resolves them from Maven Central only (the POM names no other repository).
kafka_fetch() {
  [[ -n "$KAFKA_VERSION" ]] || die "cannot read <kafka.version> from $KAFKA_POM"
  mkdir -p "$KAFKA_CACHE"
  local lock fd
  lock="$KAFKA_CACHE/.lock"
  exec {fd}>"$lock"
  flock "$fd"
  local want stamp="$KAFKA_CACHE/.complete"
  want="$(sha256sum <"$KAFKA_POM" | cut -d' ' -f1)"
  if [[ -d "$KAFKA_LIBS" && "$(cat "$stamp" 2>/dev/null)" == "$want" ]]; then
    exec {fd}>&-
    return
  fi
  command -v mvn >/dev/null || die "Maven is not installed (run scripts/install-deps.sh)"
  log "fetching Kafka $KAFKA_VERSION from Maven Central into $KAFKA_LIBS"
  local started work
  started="$(now_ms)"
  work="$(mktemp -d "$KAFKA_CACHE/fetch.XXXXXX")"
  # Run from a copy so Maven leaves nothing behind in the repository.
  cp "$KAFKA_POM" "$work/pom.xml"
  if ! (cd "$work" && mvn -B -q -ntp -Dstyle.color=never dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$work/libs") >"$KAFKA_CACHE/fetch.log" 2>&1; then
    fail "Maven could not fetch Kafka $KAFKA_VERSION"
    print_log_tail "$KAFKA_CACHE/fetch.log"
    rm -rf "$work"
    return 1
  fi
  rm -rf "$KAFKA_LIBS"
  mv "$work/libs" "$KAFKA_LIBS"
  rm -rf "$work"
  printf '%s\n' "$want" >"$stamp"
  exec {fd}>&-
  log "fetched $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars in $(elapsed_since "$started")"
}

kafka_write_props() {
  mkdir -p "$KAFKA_HOME/data" "$KAFKA_HOME/logs"
  (umask 077 && cat "$TLS_SERVER_KEY" "$TLS_SERVER_CERT" >"$KAFKA_HOME/server-keystore.pem")
  cat >"$KAFKA_PROPS" <<PROPS
# Written by scripts/stack.sh at every start; edits here are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$STACK_HOST:$KAFKA_CONTROLLER_PORT
# Clients reach the broker over TLS only, with a certificate from the stack's CA. The controller
# listener stays plaintext: on this single node only the broker itself talks to it, over loopback
# inside the same JVM's process, and no client is ever told its address.
# With the network-fault proxies, one more listener per service, advertised at its proxy
# (scripts/lib/toxiproxy.sh).
$(kafka_listener_props "SSL://$STACK_HOST:$KAFKA_PORT,CONTROLLER://$STACK_HOST:$KAFKA_CONTROLLER_PORT" \
  "SSL://$STACK_HOST:$KAFKA_PORT" CONTROLLER:PLAINTEXT,SSL:SSL)
controller.listener.names=CONTROLLER
inter.broker.listener.name=SSL
log.dirs=$KAFKA_HOME/data

$(kafka_tls_properties "$KAFKA_HOME/server-keystore.pem")

# One node: every internal topic has a single replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1

$(kafka_stack_properties)
PROPS
}

# kafka_tls_properties KEYSTORE: every listener of a stack's broker takes TLS clients only, with a
# certificate from the stack's CA. PEM files straight from .stack/tls (Kafka 3 reads them; no JKS
# keystore to build); KEYSTORE holds the private key and then the certificate.
kafka_tls_properties() {
  cat <<PROPS
ssl.client.auth=required
ssl.keystore.type=PEM
ssl.keystore.location=$1
ssl.truststore.type=PEM
ssl.truststore.location=$TLS_CA_CERT
ssl.endpoint.identification.algorithm=https
ssl.enabled.protocols=TLSv1.3,TLSv1.2
PROPS
}

# What every broker of the stack shares, one node or a cluster.
kafka_stack_properties() {
  cat <<PROPS
# Fewer partitions than the default 50 for the internal topics: the first consumer group on a fresh
# node then becomes ready in well under a second.
offsets.topic.num.partitions=8
transaction.state.log.num.partitions=8

# Services create their topics with the partition count they want; a typo must not create one.
auto.create.topics.enable=false
num.partitions=4
# Tests start consumers and expect them assigned at once, not after the default 3 s.
group.initial.rebalance.delay.ms=0

log.retention.hours=24
num.network.threads=2
num.io.threads=4
PROPS
}

# Formats the storage on first use only; the cluster id stays with the data directory.
kafka_format() {
  [[ -f "$KAFKA_HOME/data/meta.properties" ]] && return
  local id_file="$KAFKA_HOME/cluster.id" java
  if [[ ! -s "$id_file" ]]; then
    # A cluster id is 16 random bytes in URL-safe base64 without padding, as `random-uuid` prints;
    # like Kafka's own, never one that begins with '-', which the tool would read as an option.
    local id=-
    while [[ "$id" == -* ]]; do
      id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    done
    printf '%s' "$id" >"$id_file"
  fi
  java="$(kafka_java)"
  if ! "$java" -Xmx256m -XX:-UsePerfData -Dlog4j.configuration="file:$KAFKA_LOG4J" \
    -Dkafka.logs.dir="$KAFKA_HOME/logs" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format \
    -t "$(cat "$id_file")" -c "$KAFKA_PROPS" --ignore-formatted >"$KAFKA_HOME/logs/format.log" 2>&1; then
    fail "formatting Kafka storage failed"
    print_log_tail "$KAFKA_HOME/logs/format.log"
    return 1
  fi
}

kafka_pid() { live_pid_from "$KAFKA_PIDFILE" "$KAFKA_PROPS"; }

# The broker is ready when it answers a metadata request listing itself, which it does only once it
# has joined the quorum and opened the client listener.
kafka_answers() {
  kcat -b "$STACK_HOST:$KAFKA_PORT" -X security.protocol=ssl -X ssl.ca.location="$TLS_CA_CERT" \
    -X ssl.certificate.location="$TLS_CLIENT_CERT" -X ssl.key.location="$TLS_CLIENT_KEY" \
    -X ssl.endpoint.identification.algorithm=https -L -m 2 2>/dev/null | grep -q ' 1 brokers:'
}

kafka_ready_or_gone() { pid_is_gone "$1" || kafka_answers; }

kafka_start() {
  take_lock "$STACK_DIR/locks/kafka.lock"
  command -v kcat >/dev/null || die "kcat is not installed (run scripts/install-deps.sh)"
  local pid started java log_from
  if pid="$(kafka_pid)"; then
    log "already running (pid $pid) on $STACK_HOST:$KAFKA_PORT"
    return
  fi
  local listener_ports port
  mapfile -t listener_ports < <(kafka_proxy_listener_ports)
  reserve_ports "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "${listener_ports[@]}"
  require_free_port "$KAFKA_PORT" Kafka "set SAGASHOP_STACK_KAFKA_PORT" || return 1
  require_free_port "$KAFKA_CONTROLLER_PORT" "the Kafka controller" \
    "set SAGASHOP_STACK_KAFKA_CONTROLLER_PORT" || return 1
  for port in "${listener_ports[@]}"; do
    require_free_port "$port" "Kafka's listener for a proxy" \
      "set SAGASHOP_STACK_PROXY_BASE_PORT" || return 1
  done
  kafka_fetch || return 1
  started="$(now_ms)"
  tls_ensure
  kafka_write_props
  kafka_format || return 1
  java="$(kafka_java)"
  rm -f "$KAFKA_PIDFILE"
  log_from="$(file_size "$KAFKA_LOG")"
  # shellcheck disable=SC2086 # KAFKA_HEAP holds several JVM options on purpose.
  setsid "$java" $KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:-UsePerfData \
    -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true -Dlog4j.configuration="file:$KAFKA_LOG4J" \
    -Dkafka.logs.dir="$KAFKA_HOME/logs" -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS" \
    </dev/null >"$KAFKA_STDOUT" 2>&1 {LOCK_FD}>&- &
  pid=$!
  printf '%s\n' "$pid" >"$KAFKA_PIDFILE"
  if ! wait_for "$KAFKA_START_DEADLINE_S" "Kafka to answer on $STACK_HOST:$KAFKA_PORT" kafka_ready_or_gone "$pid" ||
    pid_is_gone "$pid"; then
    fail "Kafka did not become ready"
    print_log_tail "$KAFKA_STDOUT" 20
    print_log_tail "$KAFKA_LOG" 40 "$log_from"
    return 1
  fi
  log "started (pid $pid) on $STACK_HOST:$KAFKA_PORT in $(elapsed_since "$started")"
}

kafka_stop() {
  take_lock "$STACK_DIR/locks/kafka.lock"
  local listener_ports
  mapfile -t listener_ports < <(kafka_proxy_listener_ports all)
  release_ports "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "${listener_ports[@]}"
  local pid started
  if ! pid="$(kafka_pid)"; then
    log "not running"
    rm -f "$KAFKA_PIDFILE"
    return
  fi
  started="$(now_ms)"
  # SIGTERM runs the broker's controlled shutdown (flushes logs, closes segments cleanly).
  stop_pid "$pid" 60 Kafka || return 1
  rm -f "$KAFKA_PIDFILE"
  log "stopped in $(elapsed_since "$started")"
}

kafka_status() {
  local pid
  if pid="$(kafka_pid)"; then
    log "running (pid $pid) on $STACK_HOST:$KAFKA_PORT"
  else
    log "stopped"
    return 1
  fi
}
