#!/usr/bin/env bash
# `make console`: the saga console (docs/console.md) in front of the services `make up` started,
# in the foreground, with their certificate and an operator's token from their signing key in the
# address it prints. Ctrl-C stops it. (`make run` serves the console itself.)
#
#   scripts/console.sh BUILD_DIR
set -euo pipefail

LOG_TAG=console
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/stack_config.sh
source "$SAGASHOP_SCRIPTS/lib/stack_config.sh"
# shellcheck source=lib/services.sh
source "$SAGASHOP_SCRIPTS/lib/services.sh"

CONSOLE_PORT="${SAGASHOP_CONSOLE_PORT:-8000}"

main() {
  (($# == 1)) || die "usage: $(basename "$0") BUILD_DIR"
  local binary="$1/sagashop" name
  [[ -x "$binary" ]] || die "no executable $binary (run \`make build\`)"
  for name in order payment inventory delivery; do
    service_pid "$name" >/dev/null ||
      die "the $name service is not running: start the system with \`make up\` first"
  done
  require_free_port "$CONSOLE_PORT" "the console" "set SAGASHOP_CONSOLE_PORT" || exit 1
  exec "$binary" console --console-port="$CONSOLE_PORT" --http-host="$STACK_HOST" \
    --http-base-port="${SERVICE_PORT[order]}" --data-dir="$SERVICE_AUTH_DIR" \
    --http-tls-cert="$SERVICE_TLS_DIR/server.pem" --http-tls-key="$SERVICE_TLS_DIR/server-key.pem" \
    --http-tls-ca="$SERVICE_TLS_DIR/ca.pem"
}

main "$@"
