#!/usr/bin/env bash
# The screenshots of docs/console.md, taken anew: runs the console's browser test in embedded mode
# (tests/e2e/console: the demonstration's orders, one order along each path of the saga, a stuck
# saga, parked events), then its Playwright "screenshots" project, which writes one PNG per view
# into docs/console/. Needs no server: embedded mode runs on SQLite files of its own.
#
#   scripts/console-screenshots.sh BUILD_DIR
set -euo pipefail

LOG_TAG=console
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/console_tests.sh
source "$SAGASHOP_SCRIPTS/lib/console_tests.sh"

main() {
  (($# == 1)) || die "usage: $(basename "$0") BUILD_DIR"
  local build_dir=$1
  [[ -f "$build_dir/CMakeCache.txt" ]] || die "no build in $build_dir (run \`make build\`)"
  console_tests_prepare
  cmake --build "$build_dir" --target sagashop console_e2e_tests >/dev/null
  mkdir -p "$SAGASHOP_ROOT/docs/console"
  SAGASHOP_CONSOLE_SCREENSHOTS="$SAGASHOP_ROOT/docs/console" \
    "$build_dir/tests/e2e/console/console_e2e_tests" --gtest_filter='Modes/ConsoleTest.*/embedded'
  log "screenshots in docs/console/: $(cd "$SAGASHOP_ROOT/docs/console" && echo ./*.png)"
}

main "$@"
