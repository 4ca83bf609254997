# shellcheck shell=bash
# A script's use of the local stack: start the servers that are down, remember which, and stop
# exactly those at the end. A stack someone already had running (e.g. for `make up`) stays up.
# Needs common.sh.

STACK="$SAGASHOP_SCRIPTS/stack.sh"
STACK_STARTED_BY_US=()

# stack_session_start COMPONENT...: starts COMPONENT... (pg, redis, kafka), recording the ones
# that were down.
stack_session_start() {
  local component
  for component in "$@"; do
    if ! "$STACK" status "$component" >/dev/null; then STACK_STARTED_BY_US+=("$component"); fi
  done
  if ((${#STACK_STARTED_BY_US[@]} < $#)); then
    log "some servers were already running; they stay running afterwards"
  fi
  "$STACK" start "$@"
}

# stack_session_stop: stops what stack_session_start started; safe to call more than once.
stack_session_stop() {
  local components=("${STACK_STARTED_BY_US[@]}")
  STACK_STARTED_BY_US=()
  if ((${#components[@]})); then "$STACK" stop "${components[@]}"; fi
}

# stack_session_stop_on_exit: from now on, however the script ends (normally, on a failure, on
# Ctrl-C), what stack_session_start started is stopped; a failure to stop it fails the script.
stack_session_stop_on_exit() {
  trap stack_session_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

stack_session_exit() {
  local rc=$?
  trap - EXIT INT TERM
  stack_session_stop || rc=1
  exit "$rc"
}
