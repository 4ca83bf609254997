#!/usr/bin/env bash
# Validates the contract of sagashop's events offline: the JSON Schemas of api/events/ and the
# AsyncAPI 3.0 document api/asyncapi.json that names their topics, messages, keys and headers.
#
#   scripts/check-events.sh
#
# Installs the pinned validators into .cache/ when missing (Python: scripts/api/requirements.txt,
# shared with scripts/check-api.sh; npm: the AsyncAPI parser of scripts/api/asyncapi/), then
# 1. runs the unit tests of the compatibility rules (scripts/api/test_event_compat.py) and of the
#    check of the events the e2e suites tap (scripts/api/test_check_tapped_events.py);
# 2. checks the schemas and the document against each other and the code
#    (scripts/api/check_events.py), and the document with the official AsyncAPI parser
#    (scripts/api/asyncapi/validate.cjs);
# 3. refuses a breaking change to a committed schema (scripts/api/check_event_compat.py);
# 4. checks that each of a few deliberately broken copies is refused, so that a check that passes
#    everything cannot go unnoticed.
# Exits non-zero on any failure, after printing the validator's message.
set -euo pipefail

LOG_TAG=events
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/venv.sh
source "$SAGASHOP_SCRIPTS/lib/venv.sh"
# shellcheck source=lib/broken_copy.sh
source "$SAGASHOP_SCRIPTS/lib/broken_copy.sh"
# shellcheck source=lib/node_env.sh
source "$SAGASHOP_SCRIPTS/lib/node_env.sh"

VENV="$SAGASHOP_ROOT/.cache/api-venv"
NODE_ENV="$SAGASHOP_ROOT/.cache/asyncapi-node"
API="$SAGASHOP_SCRIPTS/api"

# Each broken copy: what it breaks (a Python statement on the parsed file `d`, the copy then written
# canonically; or `text:` and a sed expression on the file), and what that breaks.
SCHEMA_BREAKAGES=(
  "order.created.v1|d['properties']['orderId']['type'] = 'int'|a schema with an invalid type"
  "payment.completed.v1|d['examples'][0]['amount'] = 0|a schema its own example breaks"
  "stock.reserved.v1|d['examples'][0]['expiredAt'] = 'tomorrow'|an example with a time that is no RFC 3339 date-time"
  "delivery.failed.v1|d['\$id'] = 'urn:sagashop:event:delivery.failed'|a schema whose \$id names another event"
  "order.canceled.v1|text:0,/^  \"title\": /s//  \"title\":  /|JSON that is not canonically formatted"
)
# For a broken AsyncAPI document, also who must refuse it: `parser` (the AsyncAPI parser itself,
# whatever check_events.py says; it takes a second or two a document, so it sees only these) or
# `any` (either).
ASYNCAPI_BREAKAGES=(
  "parser|d['components']['messages']['order.created.v1']['payload'] = {'\$ref': 'events/order.created.v2.schema.json'}|a dangling \$ref to a schema file"
  "parser|d['operations']['order.sends.order.created.v1']['channel'] = {'\$ref': '#/channels/order.creatd.v1'}|a dangling \$ref in the document"
  "parser|del d['servers']['kafka']['protocol']|a server without a protocol (not AsyncAPI 3.0)"
  "parser|d['operations']['payment.sends.payment.failed.v1']['action'] = 'publish'|an operation with an AsyncAPI 2 action"
  "any|d['channels']['delivery.failed.v1']['address'] = 'delivery.failure.v1'|no channel for an event type"
  "any|d['components']['messages']['order.shipped.v1'] = d['components']['messages']['order.completed.v1']|a message of no event type"
  "any|d['operations']['payment.receives.stock.released.v1'] = dict(d['operations']['order.receives.stock.released.v1'])|a service receiving a topic it does not subscribe to"
  "any|d['components']['messages']['stock.released.v1']['examples'][0]['headers']['ce_source'] = 'sagashop/order'|a message example its headers schema refuses"
  "any|d['info']['version'] = '9.9.9'|a version that is not the project's"
  "any|m = d['components']['messages']['payment.failed.v1']; m['headers']['properties']['ce_source']['const'] = m['examples'][0]['headers']['ce_source'] = 'sagashop/order'|an event whose headers name another producer"
)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# No __pycache__ beside the scripts: the unit test imports the checker from the source tree.
py() { PYTHONDONTWRITEBYTECODE=1 "$VENV/bin/python" "$@"; }
validate_asyncapi() { NODE_PATH="$NODE_ENV/node_modules" node "$API/asyncapi/validate.cjs" "$@"; }

# report_refused OUTPUT NAME WHAT: logs the first FAIL line of OUTPUT about NAME.
report_refused() {
  log "refused, as it should be: $3:"
  log "  $(grep -m1 -F "FAIL: $2" "$1" | sed "s|FAIL: [^ ]*: ||" | cut -c1-300)"
}

# Each broken folder of schemas, and each broken AsyncAPI document (beside a copy of the schemas,
# so its relative references resolve as the original's do), must be refused.
check_broken_copies() {
  local i how what type who copies=() whats=() docs=() doc_whats=() parser_docs=()
  for i in "${!SCHEMA_BREAKAGES[@]}"; do
    IFS='|' read -r type how what <<<"${SCHEMA_BREAKAGES[$i]}"
    mkdir -p "$WORK/events-$i"
    cp "$SAGASHOP_ROOT"/api/events/*.schema.json "$WORK/events-$i/"
    break_json_copy "$VENV/bin/python" "$SAGASHOP_ROOT/api/events/$type.schema.json" \
      "$WORK/events-$i/$type.schema.json" "$how" || return 1
    copies+=("$WORK/events-$i")
    whats+=("$what")
  done
  mkdir -p "$WORK/events-missing"
  cp "$SAGASHOP_ROOT"/api/events/*.schema.json "$WORK/events-missing/"
  rm "$WORK/events-missing/stock.released.v1.schema.json"
  copies+=("$WORK/events-missing")
  whats+=("no schema for an event type")

  mkdir -p "$WORK/doc"
  cp -r "$SAGASHOP_ROOT/api/events" "$WORK/doc/events"
  for i in "${!ASYNCAPI_BREAKAGES[@]}"; do
    IFS='|' read -r who how what <<<"${ASYNCAPI_BREAKAGES[$i]}"
    break_json_copy "$VENV/bin/python" "$SAGASHOP_ROOT/api/asyncapi.json" \
      "$WORK/doc/asyncapi-$i.json" "$how" || return 1
    docs+=("$WORK/doc/asyncapi-$i.json")
    doc_whats+=("$what")
    if [[ "$who" == parser ]]; then parser_docs+=("$WORK/doc/asyncapi-$i.json"); fi
  done

  local args=() out="$WORK/broken.out" refused=0 total
  for i in "${!copies[@]}"; do args+=(--events "${copies[$i]}"); done
  for i in "${!docs[@]}"; do args+=(--asyncapi "${docs[$i]}"); done
  py "$API/check_events.py" --root "$SAGASHOP_ROOT" --each-must-fail "${args[@]}" >"$out" 2>&1 || true
  validate_asyncapi "${parser_docs[@]}" >"$WORK/parser.out" 2>&1 || true
  # The parser's word first, so that it is the one shown for the documents it must refuse.
  cat "$out" >>"$WORK/parser.out"
  mv "$WORK/parser.out" "$out"
  total=$((${#copies[@]} + ${#docs[@]}))
  for i in "${!copies[@]}"; do
    if grep -qF "FAIL: ${copies[$i]}" "$out"; then
      report_refused "$out" "${copies[$i]}" "${whats[$i]}"
      refused=$((refused + 1))
    else
      fail "schemas with ${whats[$i]} were not refused"
    fi
  done
  for i in "${!docs[@]}"; do
    if [[ " ${parser_docs[*]} " == *" ${docs[$i]} "* ]] &&
      ! grep -qF "FAIL: ${docs[$i]}: error " "$out"; then
      fail "the AsyncAPI parser did not refuse a document with ${doc_whats[$i]}"
    elif grep -qF "FAIL: ${docs[$i]}: " "$out"; then
      report_refused "$out" "${docs[$i]}: " "${doc_whats[$i]}"
      refused=$((refused + 1))
    else
      fail "an AsyncAPI document with ${doc_whats[$i]} was not refused"
    fi
  done
  if ((refused != total)); then
    cat "$out" >&2
    return 1
  fi
  log "all $total broken copies refused"
}

# A breaking change to a committed schema, in a git repository of its own that holds a copy of
# the schemas, must be refused; the unchanged copy must pass.
check_breaking_change_refused() {
  local repo="$WORK/compat"
  mkdir -p "$repo/api"
  cp -r "$SAGASHOP_ROOT/api/events" "$repo/api/events"
  git -C "$repo" init -q
  git -C "$repo" add -A
  git -C "$repo" -c user.name=check -c user.email=check@localhost -c commit.gpgsign=false \
    commit -q -m "the schemas as they are"
  py "$API/check_event_compat.py" --repo "$repo" >"$WORK/compat.out" 2>&1 || {
    cat "$WORK/compat.out" >&2
    fail "the unchanged copy of the schemas was refused as a breaking change"
    return 1
  }
  break_json_copy "$VENV/bin/python" \
    "$SAGASHOP_ROOT/api/events/payment.completed.v1.schema.json" \
    "$repo/api/events/payment.completed.v1.schema.json" \
    "d['required'].append('currency'); d['properties']['currency'] = {'type': 'string'};
del d['properties']['paymentType']; d['properties']['amount']['minimum'] = 100" ||
    return 1
  if py "$API/check_event_compat.py" --repo "$repo" >"$WORK/compat.out" 2>&1; then
    fail "a breaking change to a committed schema was not refused"
    return 1
  fi
  log "refused, as it should be: a breaking change to a committed schema:"
  sed 's/^/  /' "$WORK/compat.out" | while IFS= read -r line; do log "$line"; done
}

main() {
  (($# == 0)) || die "usage: $(basename "$0")"
  venv_ensure "$VENV" "$API/requirements.txt"
  node_env_ensure "$NODE_ENV" "$API/asyncapi"

  py -m unittest -q "$API/test_event_compat.py" "$API/test_check_tapped_events.py" \
    2>"$WORK/unit.out" || {
    cat "$WORK/unit.out" >&2
    die "the unit tests of the compatibility rules or of the tapped events' check fail"
  }
  log "compatibility rules and the tapped events' check:" \
    "$(grep -m1 '^Ran ' "$WORK/unit.out"), all passed"

  py "$API/check_events.py" --root "$SAGASHOP_ROOT" ||
    die "api/events/ or api/asyncapi.json do not match each other or the code (see above)"
  log "api/events/: $(find "$SAGASHOP_ROOT/api/events" -name '*.schema.json' | wc -l) valid" \
    "JSON Schemas (draft 2020-12), one per event type, canonically formatted, examples valid"
  validate_asyncapi "$SAGASHOP_ROOT/api/asyncapi.json" ||
    die "api/asyncapi.json is not a valid AsyncAPI document (see above)"
  log "api/asyncapi.json: a valid AsyncAPI 3.0 document, every \$ref resolved, a channel and" \
    "a message per event type, operations as the services do them, its examples valid"
  py "$API/check_event_compat.py" --repo "$SAGASHOP_ROOT" ||
    die "a committed event schema was changed in a way that breaks its consumers (see above);" \
      "make a new version (<type>.v2) instead"
  log "api/events/: no breaking change against any committed version"

  check_broken_copies
  check_breaking_change_refused
}

main "$@"
