# shellcheck shell=bash
# A streaming standby of the stack's PostgreSQL, on request (SAGASHOP_STACK_PG_STANDBY=1): a second
# cluster on SAGASHOP_STACK_PG_STANDBY_PORT, copied from the primary with pg_basebackup and
# replaying its WAL over TLS with the stack's client certificate. Clients reach it exactly like the
# primary (hostssl, `cert`); the URIs in .stack/env name both servers with
# target_session_attrs=read-write, so libpq connects to whichever of them takes writes.
#
# Replication is synchronous once the standby streams: a commit returns only after the standby has
# flushed it, so a fail-over loses no transaction a client or another service was told about.
#
#   pg_standby_start / pg_standby_stop / pg_standby_status   (called by pg_start/pg_stop/pg_status)
#   pg_kill_primary   SIGKILL to the primary's postmaster and its children: a crashed server
#   pg_promote        the standby becomes the primary (pg_ctl promote)
#
# A primary that was killed for a fail-over never starts again (its data has diverged from the
# promoted standby's): `scripts/stack.sh stop pg` and deleting its data directory start anew.

PG_STANDBY_NAME=sagashop_standby
# The primary's own settings for its standby, rewritten while it runs (postgres.sh includes the file
# and removes it at every start, so a primary starts without waiting for any standby).
PG_REPLICATION_CONF=sagashop-replication.conf

# pg_paths for the standby: its own home, data directory, log and port. The primary's data
# directory stays in PG_PRIMARY_DATA and its port in PG_PRIMARY_PORT.
pg_standby_paths() {
  pg_paths
  PG_PRIMARY_DATA="$PG_DATA"
  PG_PRIMARY_PORT="$PG_PORT"
  PG_HOME="$PG_HOME-standby"
  PG_DATA="$PG_HOME/data"
  PG_LOG="$PG_HOME/postgres.log"
  PG_PORT="$PG_STANDBY_PORT"
}

# The marker a fail-over leaves next to the old primary's data.
pg_failed_over_marker() { printf '%s\n' "$PG_HOME/failed-over"; }

pg_was_failed_over() { [[ -e "$(pg_failed_over_marker)" ]]; }

# The stack's client certificate, readable by the user the standby runs as: it connects to the
# primary with it (pg_hba.conf's `hostssl replication ... cert`).
pg_standby_install_client_cert() {
  install -m 0644 "$TLS_CA_CERT" "$PG_HOME/ca.crt"
  install -m 0644 "$TLS_CLIENT_CERT" "$PG_HOME/replication.crt"
  install -m 0600 "$TLS_CLIENT_KEY" "$PG_HOME/replication.key"
  if ((EUID == 0)); then
    chown "$PG_OS_USER" "$PG_HOME/ca.crt" "$PG_HOME/replication.crt" "$PG_HOME/replication.key"
  fi
}

pg_standby_conninfo() {
  printf 'host=%s port=%s user=%s application_name=%s sslmode=verify-full sslrootcert=%s sslcert=%s sslkey=%s' \
    "$STACK_HOST" "$PG_PRIMARY_PORT" "$PG_ROLE" "$PG_STANDBY_NAME" "$PG_HOME/ca.crt" \
    "$PG_HOME/replication.crt" "$PG_HOME/replication.key"
}

# A new copy of the primary, set up to follow it.
pg_standby_base_backup() {
  log "copying the primary into $PG_DATA (pg_basebackup)"
  rm -rf "$PG_DATA"
  if ! pg_run pg_basebackup -D "$PG_DATA" -d "$(pg_standby_conninfo)" -X stream -c fast \
    --no-password >"$PG_HOME/basebackup.log" 2>&1; then
    print_log_tail "$PG_HOME/basebackup.log"
    return 1
  fi
  # The copy carries the primary's files; pg_write_conf rewrites ours for this cluster.
  rm -f "$PG_DATA/$PG_REPLICATION_CONF" "$PG_DATA/postmaster.opts"
  touch "$PG_DATA/standby.signal"
  if ((EUID == 0)); then chown "$PG_OS_USER" "$PG_DATA/standby.signal"; fi
}

pg_standby_write_conf() {
  pg_write_conf
  cat >"$PG_DATA/$PG_REPLICATION_CONF" <<CONF
# Written by scripts/stack.sh at every start of the standby.
primary_conninfo = '$(pg_standby_conninfo)'
hot_standby = on
CONF
  if ((EUID == 0)); then chown "$PG_OS_USER" "$PG_DATA/$PG_REPLICATION_CONF"; fi
}

pg_standby_streams() {
  PG_PORT="$PG_PRIMARY_PORT" pg_psql -tAc "SELECT 1 FROM pg_stat_replication
    WHERE application_name = '$PG_STANDBY_NAME' AND state = 'streaming'" | grep -qx 1
}

# From now on every commit on the primary waits for the standby to flush it.
pg_standby_make_synchronous() {
  local file="$PG_PRIMARY_DATA/$PG_REPLICATION_CONF"
  printf "# Written by scripts/stack.sh once the standby streams.\nsynchronous_standby_names = '%s'\n" \
    "$PG_STANDBY_NAME" >"$file"
  if ((EUID == 0)); then chown "$PG_OS_USER" "$file"; fi
  pg_run pg_ctl -D "$PG_PRIMARY_DATA" -s reload
}

# Called by pg_start once the primary runs (with its lock held), in a subshell of its own.
pg_standby_start() {
  [[ "$PG_STANDBY" == 1 ]] || return 0
  (
    pg_standby_paths
    pg_prepare_home
    # As root its home lies outside the stack directory, like the primary's (postgres.sh).
    if ((EUID == 0)) && [[ ! -e "$STACK_DIR/pg-standby" && ! -L "$STACK_DIR/pg-standby" ]]; then
      ln -s "$PG_HOME" "$STACK_DIR/pg-standby"
    fi
    if pg_is_running; then
      log "standby already running (pid $(pg_pid)) on $STACK_HOST:$PG_PORT"
      return
    fi
    reserve_ports "$PG_PORT"
    require_free_port "$PG_PORT" "PostgreSQL's standby" "set SAGASHOP_STACK_PG_STANDBY_PORT" ||
      return 1
    local started log_from
    started="$(now_ms)"
    log_from="$(file_size "$PG_LOG")"
    pg_standby_install_client_cert
    # A standby that was promoted (or never made) no longer follows this primary: copy it anew.
    if [[ ! -f "$PG_DATA/standby.signal" ]]; then pg_standby_base_backup || return 1; fi
    pg_standby_write_conf
    if ! pg_run pg_ctl -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -s start {LOCK_FD}>&-; then
      fail "the standby did not start"
      print_log_tail "$PG_LOG" 40 "$log_from"
      return 1
    fi
    if ! wait_for 60 "the standby to stream from the primary" pg_standby_streams; then
      print_log_tail "$PG_LOG" 40 "$log_from"
      return 1
    fi
    pg_standby_make_synchronous || return 1
    log "standby started (pid $(pg_pid)) on $STACK_HOST:$PG_PORT in $(elapsed_since "$started"), streaming synchronously; data $PG_DATA"
  )
}

# Stops the standby if it runs, whether or not SAGASHOP_STACK_PG_STANDBY is set now.
pg_standby_stop() {
  (
    pg_standby_paths
    pg_is_running || return 0
    local started
    started="$(now_ms)"
    if ! pg_run pg_ctl -D "$PG_DATA" -m fast -w -t 60 -s stop; then
      warn "fast shutdown of the standby failed; shutting down immediately"
      pg_run pg_ctl -D "$PG_DATA" -m immediate -w -t 30 -s stop || return 1
    fi
    log "standby stopped in $(elapsed_since "$started")"
  )
}

pg_standby_status() {
  [[ "$PG_STANDBY" == 1 ]] || return 0
  (
    pg_standby_paths
    if ! pg_is_running; then
      log "standby stopped"
      return 1
    fi
    local role=standby
    [[ -f "$PG_DATA/standby.signal" ]] || role="promoted to primary"
    log "standby running (pid $(pg_pid), $role) on $STACK_HOST:$PG_PORT; data $PG_DATA"
  )
}

# The primary's postmaster and all its children, SIGKILLed at once: what a crashed machine looks
# like to clients (their connections end, nothing is shut down cleanly).
pg_kill_primary() {
  take_lock "$STACK_DIR/locks/pg.lock"
  pg_paths
  pg_is_running || die "the primary is not running"
  local pid pids
  pid="$(pg_pid)"
  mapfile -t pids < <(ps -o pid= --ppid "$pid" | tr -d ' ')
  touch "$(pg_failed_over_marker)"
  kill -KILL "$pid" "${pids[@]}" 2>/dev/null || true
  local each
  for each in "$pid" "${pids[@]}"; do
    wait_for 10 "PostgreSQL process $each to die" pid_is_gone "$each" || return 1
  done
  # A dead postmaster not yet reaped (a zombie) still looks alive to `pg_ctl status`; its pid file
  # is all that says it runs, and it does not.
  rm -f "$PG_DATA/postmaster.pid"
  log "killed the primary (pid $pid and ${#pids[@]} children) on $STACK_HOST:$PG_PORT"
}

# The standby stops replaying and takes writes; it keeps its port.
pg_promote() {
  take_lock "$STACK_DIR/locks/pg.lock"
  pg_standby_paths
  pg_is_running || die "the standby is not running"
  local started
  started="$(now_ms)"
  pg_run pg_ctl -D "$PG_DATA" -w -t 60 -s promote || return 1
  log "promoted the standby on $STACK_HOST:$PG_PORT to primary in $(elapsed_since "$started")"
}

# `stack.sh pg-kill-primary|pg-promote|pg-failover`: the fail-over's two steps, or both at once.
pg_failover_command() {
  LOG_TAG=pg
  case "$1" in
  pg-kill-primary) (pg_kill_primary) ;;
  pg-promote) (pg_promote) ;;
  pg-failover) (pg_kill_primary) && (pg_promote) ;;
  *) return 2 ;;
  esac
}
