#!/usr/bin/env bash
# `make run`: the whole system in one process, embedded mode — SQLite files under ./data, the
# in-process bus, no servers to start — with a short demonstration once it is up (NO_DEMO=1 skips
# it). Ctrl-C stops it cleanly.
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
  cd "$SAGASHOP_ROOT"
  local demo=(--demo)
  [[ "${NO_DEMO:-0}" == 1 ]] && demo=()
  # A person watches this one: readable log lines beside the demonstration, unless asked for JSON.
  export SAGASHOP_LOG_FORMAT="${SAGASHOP_LOG_FORMAT:-text}"
  exec "$binary" --target=all --data-dir=data "${demo[@]}" "$@"
}

main "$@"
