# shellcheck shell=bash
# Redis 7 for tests and the dev stack: our own daemon on 127.0.0.1, no persistence (the
# idempotency cache is a fast path; PostgreSQL inboxes are the real guard).

REDIS_HOME="$STACK_DIR/redis"
REDIS_PIDFILE="$REDIS_HOME/redis.pid"
REDIS_LOG="$REDIS_HOME/redis.log"
# redis-server rewrites its command line to "redis-server 127.0.0.1:PORT"; that names ours.
REDIS_MARKER="$STACK_HOST:$REDIS_PORT"

redis_pid() { live_pid_from "$REDIS_PIDFILE" "$REDIS_MARKER"; }

redis_answers() { [[ "$(redis-cli -h "$STACK_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

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
  started="$(now_ms)"
  log_from="$(file_size "$REDIS_LOG")"
  if ! redis-server --bind "$STACK_HOST" --port "$REDIS_PORT" --protected-mode yes \
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
