#!/usr/bin/env bash
# Stops what `make up` started: the four services and the simulated outside world (SIGTERM, SIGKILL
# after a deadline), then the local stack. Safe to run when nothing is running.
set -euo pipefail

LOG_TAG=down
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/stack_config.sh
source "$SAGASHOP_SCRIPTS/lib/stack_config.sh"
# shellcheck source=lib/services.sh
source "$SAGASHOP_SCRIPTS/lib/services.sh"

main() {
  (($# == 0)) || die "usage: $(basename "$0")"
  local rc=0
  services_remove_state_file
  services_stop "${SERVICES[@]}" || rc=1
  "$SAGASHOP_SCRIPTS/stack.sh" stop all || rc=1
  return "$rc"
}

main "$@"
