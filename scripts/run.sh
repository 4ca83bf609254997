#!/usr/bin/env bash
# `make run`: the whole system in one process, embedded mode — SQLite files under ./data, the
# in-process bus, no servers to start. Ctrl-C stops it cleanly.
#
#   scripts/run.sh BUILD_DIR [sagashop flags...]
set -euo pipefail

LOG_TAG=run
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

main() {
  (($# >= 1)) || die "usage: $(basename "$0") BUILD_DIR [sagashop flags...]"
  local binary="$1/sagashop"
  shift
  [[ -x "$binary" ]] || die "no executable $binary (run \`make build\`)"
  cat <<'TRY'
sagashop, embedded mode: order :8001, payment :8002, inventory :8003, delivery :8004
(data in ./data; Ctrl-C stops)

Try it:
  curl -s -X PUT localhost:8003/inventory/1 -d '{"productName":"Keyboard","availableQuantity":100}'
  curl -s -X POST localhost:8001/orders -H 'Idempotency-Key: first-order' \
       -d '{"userId":1001,"productId":1,"quantity":2,"amount":50000,"address":"Seoul"}'
  curl -s localhost:8001/orders/1
  curl -s localhost:8001/orders/1/saga

TRY
  cd "$SAGASHOP_ROOT"
  exec "$binary" --target=all --data-dir=data "$@"
}

main "$@"
