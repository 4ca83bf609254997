#!/usr/bin/env bash
# `make run`: starts the system (the local stack and the four services), shows how to place an
# order, follows the services' logs, and stops everything on Ctrl-C.
#
#   scripts/run.sh BUILD_DIR
set -euo pipefail

LOG_TAG=run
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/stack_config.sh
source "$SAGASHOP_SCRIPTS/lib/stack_config.sh"

main() {
  (($# == 1)) || die "usage: $(basename "$0") BUILD_DIR"
  "$SAGASHOP_SCRIPTS/up.sh" "$1"
  trap '"$SAGASHOP_SCRIPTS/down.sh"; exit 0' INT TERM
  cat <<'TRY'

Try it:
  curl -s -X PUT localhost:8003/inventory/1 -d '{"productName":"Keyboard","availableQuantity":100}'
  curl -s -X POST localhost:8001/orders -H 'Idempotency-Key: first-order' \
       -d '{"userId":1001,"productId":1,"quantity":2,"amount":50000,"address":"Seoul"}'
  curl -s localhost:8001/orders/1
  curl -s localhost:8001/orders/1/saga

Following the services' logs; Ctrl-C stops everything.
TRY
  tail -n 0 -F "$STACK_DIR"/logs/*.log &
  wait
}

main "$@"
