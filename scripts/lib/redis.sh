# shellcheck shell=bash
# Redis 7 for tests and the dev stack: our own daemon on 127.0.0.1, no persistence (the
# idempotency cache is a fast path; PostgreSQL inboxes are the real guard).

REDIS_HOME="$STACK_DIR/redis"
REDIS_PIDFILE="$REDIS_HOME/redis.pid"
REDIS_LOG="$REDIS_HOME/redis.log"
# redis-server rewrites its command line to "redis-server 127.0.0.1:PORT"; that names ours.
REDIS_MARKER="$STACK_HOST:$REDIS_PORT"

redis_pid() { live_pid_from "$REDIS_PIDFILE" "$REDIS_MARKER"; }

# redis-cli as the services connect: TLS, the stack's CA and client certificate.
redis_cli() {
  redis-cli -h "$STACK_HOST" -p "$REDIS_PORT" --tls --cacert "$TLS_CA_CERT" \
    --cert "$TLS_CLIENT_CERT" --key "$TLS_CLIENT_KEY" "$@"
}

redis_answers() { [[ "$(redis_cli ping 2>/dev/null)" == PONG ]]; }

redis_start() {
  take_lock "$STACK_DIR/locks/redis.lock"
  command -v redis-server >/dev/null || die "redis-server is not installed (run scripts/install-deps.sh)"
  local pid started log_from
  if pid="$(redis_pid)"; then
    log "already running (pid $pid) on $STACK_HOST:$REDIS_PORT"
    return
  fi
  reserve_ports "$REDIS_PORT"
  require_free_port "$REDIS_PORT" Redis "set SAGASHOP_STACK_REDIS_PORT" || return 1
  mkdir -p "$REDIS_HOME"
  rm -f "$REDIS_PIDFILE"
  tls_ensure
  started="$(now_ms)"
  log_from="$(file_size "$REDIS_LOG")"
  # TLS only (--port 0 closes the plaintext port), and only for clients with a certificate from the
  # stack's CA (--tls-auth-clients yes).
  if ! redis-server --bind "$STACK_HOST" --port 0 --tls-port "$REDIS_PORT" \
    --tls-cert-file "$TLS_SERVER_CERT" --tls-key-file "$TLS_SERVER_KEY" \
    --tls-ca-cert-file "$TLS_CA_CERT" --tls-auth-clients yes --protected-mode yes \
    --save "" --appendonly no --daemonize yes --pidfile "$REDIS_PIDFILE" \
    --logfile "$REDIS_LOG" --dir "$REDIS_HOME" {LOCK_FD}>&-; then
    fail "redis-server refused to start"
    print_log_tail "$REDIS_LOG" 40 "$log_from"
    return 1
  fi
  if ! wait_for 20 "Redis to answer PING on $STACK_HOST:$REDIS_PORT" redis_answers; then
    print_log_tail "$REDIS_LOG" 40 "$log_from"
    return 1
  fi
  log "started (pid $(redis_pid)) on $STACK_HOST:$REDIS_PORT in $(elapsed_since "$started")"
}

redis_stop() {
  take_lock "$STACK_DIR/locks/redis.lock"
  release_ports "$REDIS_PORT"
  local pid started
  if ! pid="$(redis_pid)"; then
    log "not running"
    rm -f "$REDIS_PIDFILE"
    return
  fi
  started="$(now_ms)"
  stop_pid "$pid" 20 Redis || return 1
  rm -f "$REDIS_PIDFILE"
  log "stopped in $(elapsed_since "$started")"
}

redis_status() {
  local pid
  if pid="$(redis_pid)"; then
    log "running (pid $pid) on $STACK_HOST:$REDIS_PORT"
  else
    log "stopped"
    return 1
  fi
}
