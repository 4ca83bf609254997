# shellcheck shell=bash
# PostgreSQL 15 for tests and the dev stack: our own cluster, on 127.0.0.1 only, started with
# pg_ctl from Debian's server binaries. Never the system-wide service.

PG_BIN="${SAGASHOP_STACK_PG_BIN:-/usr/lib/postgresql/15/bin}"

# PostgreSQL refuses to run as root. Then the server runs as an unprivileged user, and its data
# cannot live under the repository: the checkout may sit in a directory that user cannot enter
# (/root is 0700). A per-stack directory under /var/tmp, owned by that user, always works; /var/tmp
# rather than /tmp because a data directory should survive a reboot.
pg_paths() {
  if ((EUID == 0)); then
    PG_OS_USER="${SAGASHOP_STACK_PG_OS_USER:-postgres}"
    local key
    key="$(printf '%s' "$STACK_DIR" | sha256sum | cut -c1-12)"
    PG_HOME="/var/tmp/sagashop-$key/pg"
  else
    PG_OS_USER="$(id -un)"
    PG_HOME="$STACK_DIR/pg"
  fi
  PG_DATA="$PG_HOME/data"
  PG_LOG="$PG_HOME/postgres.log"
}

pg_prepare_home() {
  [[ -x "$PG_BIN/pg_ctl" ]] || die "no PostgreSQL 15 server in $PG_BIN (run scripts/install-deps.sh)"
  if ((EUID == 0)); then
    id -u "$PG_OS_USER" >/dev/null 2>&1 ||
      die "user '$PG_OS_USER' to run PostgreSQL as does not exist (set SAGASHOP_STACK_PG_OS_USER)"
    install -d -m 0755 -o root -g root "$(dirname "$PG_HOME")"
    install -d -m 0700 -o "$PG_OS_USER" "$PG_HOME"
    # A link from the stack directory so the data and log are found where everything else is.
    [[ -e "$STACK_DIR/pg" || -L "$STACK_DIR/pg" ]] || ln -s "$PG_HOME" "$STACK_DIR/pg"
  else
    mkdir -p "$PG_HOME"
    chmod 0700 "$PG_HOME"
  fi
}

# Runs a server binary as the user that owns the cluster, from a directory every user can enter.
pg_run() {
  local tool=$1
  shift
  if ((EUID == 0)); then
    (cd / && runuser -u "$PG_OS_USER" -- "$PG_BIN/$tool" "$@")
  else
    "$PG_BIN/$tool" "$@"
  fi
}

pg_is_running() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && pg_run pg_ctl -D "$PG_DATA" status >/dev/null 2>&1
}

pg_pid() { head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null; }

# Over TLS with the stack's client certificate, like every other client (pg_hba.conf has no other
# way in).
pg_psql() {
  tls_export_pg_env
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$STACK_HOST" -p "$PG_PORT" -U "$PG_ROLE" -d postgres "$@"
}

pg_initdb() {
  log "initialising a new cluster in $PG_DATA"
  if ! pg_run initdb -D "$PG_DATA" -U "$PG_ROLE" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-instructions >"$PG_HOME/initdb.log" 2>&1; then
    print_log_tail "$PG_HOME/initdb.log"
    return 1
  fi
  # Our settings live in their own file, rewritten at every start, so a changed port takes effect.
  printf "\ninclude_if_exists = 'sagashop.conf'\n" >>"$PG_DATA/postgresql.conf"
}

pg_write_conf() {
  local conf="$PG_DATA/sagashop.conf"
  cat >"$conf" <<CONF
# Written by scripts/stack.sh at every start; edits here are overwritten.
listen_addresses = '$STACK_HOST'
port = $PG_PORT
# TCP only: a socket directory would be shared with the system-wide server (/var/run/postgresql).
unix_socket_directories = ''
# 4 services x 2 instances x 25 pooled connections, plus the tests' own.
max_connections = 300
# A small dev box, still durable: commits reach the disk.
shared_buffers = 256MB
effective_cache_size = 1GB
work_mem = 4MB
maintenance_work_mem = 64MB
wal_buffers = 16MB
min_wal_size = 256MB
max_wal_size = 1GB
checkpoint_completion_target = 0.9
random_page_cost = 1.1
fsync = on
synchronous_commit = on
full_page_writes = on
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 1000
# A standby's, or a primary's for its standby: written by scripts/lib/pg_standby.sh.
include_if_exists = 'sagashop-replication.conf'
CONF
  rm -f "$PG_DATA/sagashop-replication.conf"
  if ((EUID == 0)); then chown "$PG_OS_USER" "$conf"; fi
  pg_write_tls
}

# TLS only, and only with a client certificate from the stack's CA whose CN is the role asked for
# (`cert`); no password and no plaintext TCP line. There is no Unix socket (see above), so no
# `local` line either. The server's key is copied into the data directory's parent: PostgreSQL
# runs as another user when the stack runs as root, and wants its key owned by itself, 0600.
pg_write_tls() {
  install -m 0644 "$TLS_SERVER_CERT" "$PG_HOME/server.crt"
  install -m 0644 "$TLS_CA_CERT" "$PG_HOME/ca.crt"
  install -m 0600 "$TLS_SERVER_KEY" "$PG_HOME/server.key"
  cat >>"$PG_DATA/sagashop.conf" <<CONF
ssl = on
ssl_cert_file = '$PG_HOME/server.crt'
ssl_key_file = '$PG_HOME/server.key'
ssl_ca_file = '$PG_HOME/ca.crt'
ssl_min_protocol_version = 'TLSv1.2'
CONF
  cat >"$PG_DATA/pg_hba.conf" <<HBA
# Written by scripts/stack.sh at every start; edits here are overwritten.
# TYPE  DATABASE  USER  ADDRESS       METHOD
hostssl all       all   $STACK_HOST/32  cert
# A standby copies and follows this cluster with the same certificate (scripts/lib/pg_standby.sh).
hostssl replication all $STACK_HOST/32  cert
HBA
  if ((EUID == 0)); then
    chown "$PG_OS_USER" "$PG_HOME/server.crt" "$PG_HOME/ca.crt" "$PG_HOME/server.key" \
      "$PG_DATA/pg_hba.conf"
  fi
}

pg_ensure_databases() {
  local existing db
  existing="$(pg_psql -tAc 'SELECT datname FROM pg_database')" || {
    fail "cannot list databases on $STACK_HOST:$PG_PORT"
    return 1
  }
  for db in "${PG_SERVICE_DATABASES[@]}"; do
    if ! grep -qx "$db" <<<"$existing"; then
      pg_psql -c "CREATE DATABASE $db" || return 1
      log "created database $db"
    fi
  done
}

pg_start() {
  take_lock "$STACK_DIR/locks/pg.lock"
  pg_paths
  pg_prepare_home
  if pg_is_running; then
    log "already running (pid $(pg_pid)) on $STACK_HOST:$PG_PORT"
    pg_ensure_databases && pg_standby_start
    return
  fi
  if pg_was_failed_over; then
    fail "this primary was killed for a fail-over and its standby promoted; its data in $PG_DATA" \
      "has diverged: stop the stack and delete $PG_HOME (and $PG_HOME-standby) to start anew"
    return 1
  fi
  reserve_ports "$PG_PORT"
  require_free_port "$PG_PORT" PostgreSQL "set SAGASHOP_STACK_PG_PORT" || return 1
  local started log_from
  started="$(now_ms)"
  log_from="$(file_size "$PG_LOG")"
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then pg_initdb || return 1; fi
  tls_ensure
  pg_write_conf
  if ! pg_run pg_ctl -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -s start {LOCK_FD}>&-; then
    fail "PostgreSQL did not start"
    print_log_tail "$PG_LOG" 40 "$log_from"
    return 1
  fi
  log "started (pid $(pg_pid)) on $STACK_HOST:$PG_PORT in $(elapsed_since "$started"); data $PG_DATA"
  pg_ensure_databases && pg_standby_start
}

pg_stop() {
  take_lock "$STACK_DIR/locks/pg.lock"
  release_ports "$PG_PORT"
  pg_paths
  if ! pg_is_running; then
    log "not running"
    pg_standby_stop
    return
  fi
  local started
  started="$(now_ms)"
  # fast: roll back open transactions and disconnect clients, then a clean checkpoint.
  if ! pg_run pg_ctl -D "$PG_DATA" -m fast -w -t 60 -s stop; then
    warn "fast shutdown failed; shutting down immediately"
    if ! pg_run pg_ctl -D "$PG_DATA" -m immediate -w -t 30 -s stop; then
      pg_standby_stop
      return 1
    fi
  fi
  log "stopped in $(elapsed_since "$started")"
  pg_standby_stop
}

pg_status() {
  pg_paths
  if pg_is_running; then
    log "running (pid $(pg_pid)) on $STACK_HOST:$PG_PORT; data $PG_DATA"
    pg_standby_status
  else
    log "stopped"
    return 1
  fi
}
