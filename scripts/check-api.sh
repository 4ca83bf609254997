#!/usr/bin/env bash
# Validates api/openapi.json, the OpenAPI 3.1 document of the services' HTTP APIs, offline.
#
#   scripts/check-api.sh [FILE]
#
# Installs the pinned validator (scripts/api/requirements.txt) into .cache/ when missing, checks
# FILE (api/openapi.json by default; scripts/api/check_openapi.py: canonical JSON formatting, a
# valid OpenAPI 3.1 document, one tag and an operationId per operation, every example valid
# against its schema), then checks that each of a few deliberately broken copies of it is refused,
# so that a check that passes everything cannot go unnoticed. Exits non-zero on any failure,
# after printing the validator's message.
set -euo pipefail

LOG_TAG=api
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/venv.sh
source "$SAGASHOP_SCRIPTS/lib/venv.sh"
# shellcheck source=lib/broken_copy.sh
source "$SAGASHOP_SCRIPTS/lib/broken_copy.sh"

VENV="$SAGASHOP_ROOT/.cache/api-venv"
CHECKER="$SAGASHOP_SCRIPTS/api/check_openapi.py"

# Each broken copy: how it is broken (a Python statement on the parsed document `d`, the copy then
# written canonically; or `text:` and a sed expression on the file), and what that breaks.
BREAKAGES=(
  "text:0,/^  \"openapi\": /s//  \"openapi\":  /|JSON that is not canonically formatted"
  "d['paths']['/orders/{id}']['get']['parameters'][0] = {'name': 'id', 'in': 'path', 'schema': {'type': 'integer'}}|a path parameter that is not required"
  "d['paths']['/health']['get']['responses']['200']['content']['application/json']['schema'] = {'\$ref': '#/components/schemas/Helth'}|a reference to no schema"
  "d['paths']['/orders']['post']['tags'].append('operations')|an operation with two tags"
  "del d['paths']['/sagas']['get']['operationId']|an operation without an operationId"
  "d['components']['schemas']['Order']['properties']['reason']['type'] = 'string'|a schema its own example breaks"
)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

check() { "$VENV/bin/python" "$CHECKER" "$@"; }

# Makes every broken copy, then checks them all in one run: each must be refused, with a FAIL line.
check_broken_copies() {
  local source=$1 i how what copies=() whats=()
  for i in "${!BREAKAGES[@]}"; do
    IFS='|' read -r how what <<<"${BREAKAGES[$i]}"
    break_json_copy "$VENV/bin/python" "$source" "$WORK/broken-$i.json" "$how" || return 1
    copies+=("$WORK/broken-$i.json")
    whats+=("$what")
  done
  if ! check --each-must-fail "${copies[@]}" >"$WORK/broken.out" 2>&1; then
    cat "$WORK/broken.out" >&2
    for i in "${!copies[@]}"; do
      if grep -qxF "NOT REFUSED: ${copies[$i]}" "$WORK/broken.out"; then
        fail "a copy with ${whats[$i]} was not refused"
      fi
    done
    return 1
  fi
  for i in "${!copies[@]}"; do
    log "refused, as it should be: ${whats[$i]}:"
    log "  $(grep -m1 -F "FAIL: ${copies[$i]}: " "$WORK/broken.out" |
      sed "s|FAIL: ${copies[$i]}: ||" | cut -c1-300)"
  done
  log "all ${#copies[@]} broken copies refused"
}

main() {
  (($# <= 1)) || die "usage: $(basename "$0") [FILE]"
  local file="${1:-$SAGASHOP_ROOT/api/openapi.json}"
  [[ -f "$file" ]] || die "no file $file"
  venv_ensure "$VENV" "$SAGASHOP_SCRIPTS/api/requirements.txt"
  check "$file" || die "$file is not valid (see above)"
  log "$file: a valid OpenAPI 3.1 document, canonically formatted, its examples valid"
  check_broken_copies "$file"
}

main "$@"
