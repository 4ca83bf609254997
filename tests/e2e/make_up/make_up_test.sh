#!/usr/bin/env bash
# The tools find the system `make up` started, without being told where it is:
#
#   make_up_test.sh SOURCE_DIR BUILD_DIR
#
# Starts the distributed system as `make up` does (scripts/up.sh, on free ports, next to the
# stack this test run already has), sends orders with `sagashop bench`, then runs `sagashop
# verify` and `sagashop dlt list` from the project's folder with no storage flag: each must name
# that system in its first line and read it. Elsewhere, with nothing to find, verify must say so
# and fail. Stops the services it started (not the stack, which is the test run's) when it ends.
set -euo pipefail

SOURCE_DIR=$1
BUILD_DIR=$2
LOG_TAG=make-up-e2e
# shellcheck source=../../../scripts/lib/common.sh
source "$SOURCE_DIR/scripts/lib/common.sh"

free_port_run() {
  python3 - <<'PY'
import socket
# Four consecutive free ports, as --http-base-port needs them.
for _ in range(200):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); base = s.getsockname()[1]; s.close()
    if base > 65000: continue
    try:
        socks = []
        for port in range(base, base + 4):
            t = socket.socket(); t.bind(("127.0.0.1", port)); socks.append(t)
        for t in socks: t.close()
        print(base); break
    except OSError:
        for t in socks: t.close()
PY
}

export SAGASHOP_UP_BASE_PORT SAGASHOP_UP_OUTSIDE_WORLD_PORT
SAGASHOP_UP_BASE_PORT="$(free_port_run)"
SAGASHOP_UP_OUTSIDE_WORLD_PORT="$(free_port_run)"
# shellcheck source=../../../scripts/lib/stack_config.sh
source "$SAGASHOP_SCRIPTS/lib/stack_config.sh"
# shellcheck source=../../../scripts/lib/services.sh
source "$SAGASHOP_SCRIPTS/lib/services.sh"

WORK="$(mktemp -d)"
on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  services_remove_state_file
  services_stop "${SERVICES[@]}" >/dev/null || rc=1
  rm -rf "$WORK"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

failures=0
check() {
  local what=$1
  shift
  if "$@"; then log "ok: $what"; else fail "$what"; failures=$((failures + 1)); fi
}

"$SAGASHOP_SCRIPTS/up.sh" "$BUILD_DIR" >"$WORK/up.log" 2>&1 || {
  cat "$WORK/up.log"
  die "make up's script failed"
}
check "up.sh ends with the addresses, the logs and how to stop" \
  grep -q "follow the logs: tail -F" "$WORK/up.log"
check "up.sh says how to stop" grep -q 'stop everything: `make down`' "$WORK/up.log"
check "up.sh names the order service's address" \
  grep -q "https://127.0.0.1:$SAGASHOP_UP_BASE_PORT" "$WORK/up.log"

# What a person's shell has: none of the settings that name a system.
tool() { (cd "$SOURCE_DIR" && env -u SAGASHOP_STORAGE -u SAGASHOP_DATA_DIR -u SAGASHOP_DB_URI \
  -u SAGASHOP_TOKEN -u SAGASHOP_HTTP_TLS_CA -u SAGASHOP_HTTP_BASE_PORT "$BUILD_DIR/sagashop" "$@"); }

tool bench --rate=20 --duration=2 --warmup=0 --drain=30 --no-progress \
  --mix=ok=3,declined=1,short=1,undeliverable=1 >"$WORK/bench.txt" 2>&1 ||
  { cat "$WORK/bench.txt"; die "bench against the system make up started failed"; }
check "bench names the system make up started" \
  grep -q '^bench: looking at the system `make up` started' "$WORK/bench.txt"

tool verify >"$WORK/verify.txt" 2>&1 || { cat "$WORK/verify.txt"; die "verify failed"; }
check "verify's first line names the system make up started" \
  grep -q '^verify: looking at the system `make up` started (.*system.env): PostgreSQL at' \
  <(head -n1 "$WORK/verify.txt")
check "verify read its orders and found every invariant holding" \
  grep -Eq '^verify: [1-9][0-9]* orders, .*every invariant holds' "$WORK/verify.txt"

tool dlt list >"$WORK/dlt.txt" 2>&1 || { cat "$WORK/dlt.txt"; die "dlt list failed"; }
check "dlt list's first line names the system make up started" \
  grep -q '^dlt: looking at the system `make up` started' <(head -n1 "$WORK/dlt.txt")
check "dlt list lists" grep -q 'dead letter(s)' "$WORK/dlt.txt"

# Nowhere to look: said, and not guessed.
status=0
(cd "$WORK" && env -u SAGASHOP_STORAGE -u SAGASHOP_DATA_DIR -u SAGASHOP_DB_URI \
  -u SAGASHOP_STACK_DIR "$BUILD_DIR/sagashop" verify) >"$WORK/nowhere.txt" 2>&1 || status=$?
check "verify with no system to find fails" test "$status" -eq 2
check "and says how to name one" grep -q "no system found here" "$WORK/nowhere.txt"
check "and made no database files" test ! -e "$WORK/data"

if ((failures > 0)); then
  for file in up.log bench.txt verify.txt dlt.txt nowhere.txt; do
    print_log_tail "$WORK/$file" 20 || true
  done
  die "$failures check(s) failed"
fi
log "every check passed"
