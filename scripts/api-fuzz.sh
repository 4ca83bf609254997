#!/usr/bin/env bash
# `make api-fuzz`: the contract test of the HTTP API (tests/e2e/api/schemathesis_test.cc) run long:
# schemathesis against the running system in both modes, EXAMPLES cases per operation and phase
# (make test runs 25), the stateful phase included. Starts the servers that are down and stops
# exactly those at the end, also on failure.
#
#   scripts/api-fuzz.sh BUILD_DIR [EXAMPLES] [SEED]
set -euo pipefail

LOG_TAG=api-fuzz
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/stack_session.sh
source "$SAGASHOP_SCRIPTS/lib/stack_session.sh"
# shellcheck source=lib/venv.sh
source "$SAGASHOP_SCRIPTS/lib/venv.sh"
# shellcheck source=lib/contract_fuzz.sh
source "$SAGASHOP_SCRIPTS/lib/contract_fuzz.sh"

main() {
  (($# >= 1 && $# <= 3)) || die "usage: $(basename "$0") BUILD_DIR [EXAMPLES] [SEED]"
  local build_dir=$1 examples=${2:-500} seed=${3:-}
  local tests="$build_dir/tests/e2e/api/schemathesis_e2e_tests"
  [[ -x "$tests" ]] || die "no $tests (run \`make build\`)"
  [[ "$examples" =~ ^[1-9][0-9]*$ ]] || die "EXAMPLES=$examples is not a positive number"
  [[ -z "$seed" || "$seed" =~ ^[0-9]+$ ]] || die "SEED=$seed is not a number"

  contract_fuzz_prepare
  stack_session_stop_on_exit
  stack_session_start pg redis kafka
  # shellcheck source=/dev/null
  source "$STACK_DIR/env"
  log "schemathesis, $examples cases per operation and phase, both modes; reports under $build_dir/e2e-logs/schemathesis-*"
  SAGASHOP_SCHEMATHESIS_MAX_EXAMPLES="$examples" SAGASHOP_SCHEMATHESIS_SEED="$seed" \
    SAGASHOP_SCHEMATHESIS_PHASES=examples,coverage,fuzzing,stateful "$tests"
}

main "$@"
