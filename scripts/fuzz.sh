#!/usr/bin/env bash
# Builds the fuzzers of tests/fuzz with clang (AddressSanitizer, UndefinedBehaviorSanitizer) in
# their own build directory and runs each for a while on its seed corpus.
#
#   scripts/fuzz.sh SECONDS [BUILD_DIR]     (default build directory: build-fuzz)
#
# `make test` runs it briefly, `make fuzz` for longer. New inputs the fuzzers find go to a
# scratch directory, never into the repository's corpus; a crash, a leak or a failed check stops
# that fuzzer, and its reproducer is kept under BUILD_DIR/findings/ and named in the output.
set -euo pipefail

LOG_TAG=fuzz
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

FUZZERS=()
SCRATCH=""
CORPUS_DIR="$SAGASHOP_ROOT/tests/fuzz/corpus"

# Every tests/fuzz/<name>_fuzzer.cc is a fuzzer, so a new one runs without being listed here; each
# must have its seeds in tests/fuzz/corpus/<name>/.
find_fuzzers() {
  local source name
  for source in "$SAGASHOP_ROOT"/tests/fuzz/*_fuzzer.cc; do
    name=$(basename "$source" _fuzzer.cc)
    [[ -d "$CORPUS_DIR/$name" ]] || die "fuzzer $name has no seeds in $CORPUS_DIR/$name"
    FUZZERS+=("$name")
  done
}

main() {
  (($# >= 1 && $# <= 2)) || die "usage: $(basename "$0") SECONDS [BUILD_DIR]"
  local seconds=$1
  [[ "$seconds" =~ ^[1-9][0-9]*$ ]] || die "SECONDS must be a positive whole number, got '$seconds'"
  local build_dir="${2:-$SAGASHOP_ROOT/build-fuzz}"
  command -v clang++-14 >/dev/null || die "clang++-14 is missing (run \`make deps\`)"
  find_fuzzers
  local started
  started=$(now_ms)

  log "building the fuzzers in $build_dir"
  cmake -S "$SAGASHOP_ROOT" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-14 -DSAGASHOP_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
  cmake --build "$build_dir" --target fuzzers

  local findings="$build_dir/findings" failed=()
  mkdir -p "$findings"
  SCRATCH="$(mktemp -d)"
  trap 'rm -rf "$SCRATCH"' EXIT
  local scratch=$SCRATCH
  local name
  for name in "${FUZZERS[@]}"; do
    mkdir -p "$scratch/$name"
    log "$name: ${seconds}s"
    # The first directory receives new inputs; the repository's seeds are only read.
    if ! "$build_dir/tests/fuzz/${name}_fuzzer" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
      -artifact_prefix="$findings/${name}-" "$scratch/$name" "$CORPUS_DIR/$name" \
      >"$scratch/$name.log" 2>&1; then
      print_log_tail "$scratch/$name.log" 40
      failed+=("$name")
      continue
    fi
    log "$name: $(grep -E '^stat::number_of_executed_units' "$scratch/$name.log" | awk '{print $2}') inputs, no finding"
  done
  if ((${#failed[@]})); then
    fail "findings in: ${failed[*]} (reproducers under $findings)"
    return 1
  fi
  log "all ${#FUZZERS[@]} fuzzers ran ${seconds}s each without a finding" \
    "($(elapsed_since "$started") in all, the build included)"
}

main "$@"
