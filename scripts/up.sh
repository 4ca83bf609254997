#!/usr/bin/env bash
# Runs the distributed setup on this machine: the local stack (PostgreSQL, Kafka, Redis), the four
# services, one process each, and the simulated payment provider and carrier they call
# (`sagashop outside-world`), in the background. `make down` (scripts/down.sh) stops it all.
#
#   scripts/up.sh BUILD_DIR
#
# Waits until every service answers GET /health with 200. If one does not, it prints that service's
# log tail and stops what this run started.
set -euo pipefail

LOG_TAG=up
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/stack_config.sh
source "$SAGASHOP_SCRIPTS/lib/stack_config.sh"
# shellcheck source=lib/services.sh
source "$SAGASHOP_SCRIPTS/lib/services.sh"
# shellcheck source=lib/stack_session.sh
source "$SAGASHOP_SCRIPTS/lib/stack_session.sh"

HEALTH_DEADLINE_S="${SAGASHOP_UP_HEALTH_DEADLINE_S:-60}"
STARTED_SERVICES=()
SUCCEEDED=0

undo_on_failure() {
  local rc=$?
  trap - EXIT INT TERM
  if ((!SUCCEEDED)); then
    if ((${#STARTED_SERVICES[@]})); then services_stop "${STARTED_SERVICES[@]}" || true; fi
    stack_session_stop || true
    ((rc != 0)) || rc=1
  fi
  exit "$rc"
}

main() {
  (($# == 1)) || die "usage: $(basename "$0") BUILD_DIR"
  local binary="$1/sagashop"
  [[ -x "$binary" ]] || die "no executable $binary (run \`make build\`)"
  binary="$(cd "$(dirname "$binary")" && pwd -P)/sagashop"

  trap undo_on_failure EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  stack_session_start pg redis kafka
  # shellcheck source=/dev/null
  source "$STACK_ENV_FILE"

  local name started
  started="$(now_ms)"
  services_make_auth "$binary"
  services_tls_init "$binary"
  for name in "${SERVICES[@]}"; do service_start "$binary" "$name"; done
  for name in "${SERVICES[@]}"; do service_wait_healthy "$name" "$HEALTH_DEADLINE_S"; done
  services_write_state_file
  SUCCEEDED=1
  log "services healthy in $(elapsed_since "$started"):"
  for name in "${SERVICES[@]}"; do
    printf '  %-14s %s   (pid %s)\n' "$name" "$(service_url "$name")" "$(service_pid "$name")"
  done
  log "the API wants bearer tokens: an operator's is in $SERVICE_OPERATOR_TOKEN; a customer's:"
  log "  $binary token --data-dir=$SERVICE_AUTH_DIR --user 1"
  log "HTTPS: clients trust $SERVICE_TLS_DIR/ca.pem (curl --cacert $SERVICE_TLS_DIR/ca.pem ...)"
  log "$binary verify, dlt list and bench find this system by themselves (no flags needed)"
  log "the saga console: \`make console\` (docs/console.md)"
  log "follow the logs: tail -F $SERVICE_LOG_DIR/*.log"
  log "stop everything: \`make down\`"
}

main "$@"
