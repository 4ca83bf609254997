# shellcheck shell=bash
# Every event that crosses the bus in the e2e suites, checked against its contract: the suites
# tap what each system they start publishes into SAGASHOP_TEST_EVENT_TAP_DIR
# (tests/e2e/support/event_tap.h), and scripts/api/check_tapped_events.py holds each event to
# api/asyncapi.json and api/events/ afterwards. Needs common.sh and venv.sh.

EVENT_TAP_DIR="$STACK_DIR/event-tap"
EVENT_TAP_VENV="$SAGASHOP_ROOT/.cache/api-venv"

# event_tap_prepare: an empty folder for this run's tapped events, named to the suites.
event_tap_prepare() {
  rm -rf "$EVENT_TAP_DIR"
  mkdir -p "$EVENT_TAP_DIR" || die "cannot make $EVENT_TAP_DIR"
  export SAGASHOP_TEST_EVENT_TAP_DIR="$EVENT_TAP_DIR"
}

# event_tap_check: validates what was tapped; prints the validator's summary line last, and fails
# on any invalid event, or when nothing was tapped at all.
event_tap_check() {
  venv_ensure "$EVENT_TAP_VENV" "$SAGASHOP_SCRIPTS/api/requirements.txt"
  PYTHONDONTWRITEBYTECODE=1 "$EVENT_TAP_VENV/bin/python" \
    "$SAGASHOP_SCRIPTS/api/check_tapped_events.py" --root "$SAGASHOP_ROOT" "$EVENT_TAP_DIR"
}

# event_tap_result: event_tap_check, its outcome added to RESULT_LINES and the totals of
# scripts/test.sh as one test.
event_tap_result() {
  local output rc=0 summary
  output="$(mktemp)"
  event_tap_check >"$output" 2>&1 || rc=$?
  cat "$output"
  # "events: 1234 validated (11 types), 4 injected left out", or what failed.
  summary="$(sed -n 's/^events: //p' "$output" | tail -n1)"
  rm -f "$output"
  if ((rc == 0)); then
    RESULT_LINES+=("events on the bus: ${summary/ validated/ validated against api/events}")
    PASSED=$((PASSED + 1))
    return 0
  fi
  RESULT_LINES+=("events on the bus: ${summary:-the check failed} (see above; $EVENT_TAP_DIR)")
  FAILED=$((FAILED + 1))
  return 1
}
