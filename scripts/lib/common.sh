# shellcheck shell=bash
# Helpers shared by the scripts: where things live, messages, waiting for facts with a deadline,
# and stopping a process we started (by the pid we recorded, never by name).

SAGASHOP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
SAGASHOP_SCRIPTS="$SAGASHOP_ROOT/scripts"
# Everything the local stack writes (data, logs, pid files, the env file) lives here.
STACK_DIR="${SAGASHOP_STACK_DIR:-$SAGASHOP_ROOT/.stack}"
LOG_TAG="${LOG_TAG:-sagashop}"

log() { printf '[%s] %s\n' "$LOG_TAG" "$*"; }
warn() { printf '[%s] WARNING: %s\n' "$LOG_TAG" "$*" >&2; }
fail() { printf '[%s] ERROR: %s\n' "$LOG_TAG" "$*" >&2; }
die() {
  fail "$@"
  exit 1
}

now_ms() { date +%s%3N; }
# Seconds since a now_ms stamp, with one decimal: what start/stop report as their duration.
elapsed_since() {
  local ms
  ms=$(($(now_ms) - $1))
  printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100))
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds; fails after SECONDS.
# A condition checked often, not a fixed sleep, decides when we go on.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local until
  until=$(($(now_ms) + seconds * 1000))
  while ! "$@" >/dev/null 2>&1; do
    if (($(now_ms) >= until)); then
      fail "timed out after ${seconds}s waiting for $what"
      return 1
    fi
    sleep 0.1
  done
}

# True when no socket holds PORT as its local port: a listener, or an open connection that the
# kernel gave PORT as its ephemeral port. Connections our side has closed do not block a listener:
# TIME-WAIT, and FIN-WAIT-2, which a server stopped while clients kept their connections leaves on
# its own port (PostgreSQL, Redis and Kafka listen with SO_REUSEADDR, so it may start again there).
PORT_HOLDERS_FILTER=(exclude time-wait exclude fin-wait-2)
port_is_free() {
  local port=$1
  [[ -z "$(ss -Htan "${PORT_HOLDERS_FILTER[@]}" "sport = :$port" 2>/dev/null)" ]]
}

# require_free_port PORT WHO [HINT]: fails, showing what holds PORT, unless PORT is free.
require_free_port() {
  local port=$1 who=$2 hint=${3:-}
  if ! port_is_free "$port"; then
    fail "port $port is in use, so $who cannot start there; stop what holds it${hint:+, or $hint}:"
    ss -Htanp "${PORT_HOLDERS_FILTER[@]}" "sport = :$port" >&2 || true
    return 1
  fi
}

# The pid stored in FILE, if FILE holds a pid whose command line still contains MARKER. The marker
# (a path or flag unique to our process) keeps us from signalling an unrelated process that got
# the same pid after ours died.
live_pid_from() {
  local file=$1 marker=$2 pid
  [[ -r "$file" ]] || return 1
  pid="$(head -n1 "$file" 2>/dev/null | tr -dc '0-9')"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker" || return 1
  printf '%s\n' "$pid"
}

# A zombie counts as gone: it has exited, and the reaper (pid 1 or a subreaper) may be slow.
pid_is_gone() {
  local stat
  kill -0 "$1" 2>/dev/null || return 0
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  stat="${stat##*) }"
  [[ "${stat:0:1}" == Z ]]
}

# Sends SIGTERM to PID, waits up to SECONDS for it to exit, then SIGKILL.
stop_pid() {
  local pid=$1 seconds=$2 what=$3
  kill -TERM "$pid" 2>/dev/null || return 0
  if ! wait_for "$seconds" "$what (pid $pid) to exit" pid_is_gone "$pid"; then
    warn "$what (pid $pid) ignored SIGTERM for ${seconds}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_for 10 "$what (pid $pid) to die" pid_is_gone "$pid" || return 1
  fi
}

file_size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# print_log_tail FILE [LINES] [FROM_BYTE]: the end of a log, only what was written after FROM_BYTE
# (the size before a start), so a failed start shows its own lines, not an older run's.
print_log_tail() {
  local file=$1 lines=${2:-40} from=${3:-0}
  if [[ -r "$file" ]]; then
    printf -- '----- last %d lines of %s -----\n' "$lines" "$file" >&2
    tail -c "+$((from + 1))" "$file" | tail -n "$lines" >&2
    printf -- '-----\n' >&2
  else
    printf 'no log at %s\n' "$file" >&2
  fi
}

# Holds an exclusive lock on FILE for the rest of the calling (sub)shell, so two start/stop runs
# for the same component never interleave. A server started while the lock is held must not
# inherit LOCK_FD (start it with `{LOCK_FD}>&-`), or it would hold the lock for its whole life.
take_lock() {
  local file=$1
  mkdir -p "$(dirname "$file")"
  exec {LOCK_FD}>"$file"
  flock "$LOCK_FD"
}

# shellcheck source=reserved_ports.sh
source "$SAGASHOP_SCRIPTS/lib/reserved_ports.sh"
