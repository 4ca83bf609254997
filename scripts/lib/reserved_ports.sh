# shellcheck shell=bash
# The stack's ports in the kernel's ip_local_reserved_ports, so that no outgoing connection is
# given one of them as its ephemeral port while the stack needs it.
#
# The stack's default ports lie inside Linux's ephemeral range (32768-60999), so the kernel may give
# one to an outgoing connection, which then holds it and a server start fails to bind. Adding them
# to ip_local_reserved_ports stops that. Only root may. The list is machine-wide, so the stack notes
# the ports it added itself in $STACK_DIR/reserved-ports, and `stop` takes exactly those out again;
# ports someone else had reserved stay as they were.

RESERVED_PORTS_FILE=/proc/sys/net/ipv4/ip_local_reserved_ports
RESERVED_BY_STACK="$STACK_DIR/reserved-ports"

# Runs COMMAND... while holding the one machine-wide lock of the list: its read-modify-write must
# not interleave with another stack's (or another component's) on this machine.
with_reserved_ports_lock() {
  local lock fd rc=0
  lock="$(if [[ -d /run/lock ]]; then echo /run/lock; else echo /tmp; fi)/sagashop-reserved-ports.lock"
  exec {fd}>"$lock"
  flock "$fd"
  "$@" || rc=$?
  exec {fd}>&-
  return "$rc"
}

can_reserve_ports() { ((EUID == 0)) && [[ -w "$RESERVED_PORTS_FILE" ]]; }

# port_in_list PORT LIST: true when the comma-separated LIST (entries N or N-M) holds PORT.
port_in_list() {
  local port=$1 entry entries
  IFS=, read -ra entries <<<"$2"
  for entry in "${entries[@]}"; do
    if [[ "$entry" == *-* ]]; then
      ((port >= ${entry%-*} && port <= ${entry#*-})) && return 0
    elif [[ -n "$entry" ]]; then
      ((port == entry)) && return 0
    fi
  done
  return 1
}

# list_without PORT LIST: LIST with PORT taken out, splitting the range that holds it.
list_without() {
  local port=$1 entry entries out=() low high
  IFS=, read -ra entries <<<"$2"
  for entry in "${entries[@]}"; do
    [[ -n "$entry" ]] || continue
    low=${entry%-*} high=${entry#*-}
    if ((port < low || port > high)); then
      out+=("$entry")
      continue
    fi
    ((port - 1 > low)) && out+=("$low-$((port - 1))")
    ((port - 1 == low)) && out+=("$low")
    ((port + 1 < high)) && out+=("$((port + 1))-$high")
    ((port + 1 == high)) && out+=("$high")
  done
  local IFS=,
  printf '%s\n' "${out[*]}"
}

reserve_ports_locked() {
  local current wanted port added=()
  current="$(cat "$RESERVED_PORTS_FILE")"
  wanted="$current"
  for port in "$@"; do
    port_in_list "$port" "$wanted" && continue
    wanted="${wanted:+$wanted,}$port"
    added+=("$port")
  done
  ((${#added[@]})) || return 0
  if ! printf '%s\n' "$wanted" 2>/dev/null >"$RESERVED_PORTS_FILE"; then
    warn "could not reserve ports ${added[*]} in $RESERVED_PORTS_FILE"
    return 0
  fi
  mkdir -p "$STACK_DIR"
  printf '%s\n' "${added[@]}" >>"$RESERVED_BY_STACK"
}

# reserve_ports PORT...: reserves each port not reserved yet, and notes it as this stack's.
reserve_ports() {
  can_reserve_ports || return 0
  with_reserved_ports_lock reserve_ports_locked "$@"
}

release_ports_locked() {
  [[ -s "$RESERVED_BY_STACK" ]] || return 0
  local current wanted port ours=() kept=()
  mapfile -t ours <"$RESERVED_BY_STACK"
  current="$(cat "$RESERVED_PORTS_FILE")"
  wanted="$current"
  for port in "${ours[@]}"; do
    [[ "$port" =~ ^[0-9]+$ ]] || continue
    if [[ " $* " == *" $port "* ]]; then
      wanted="$(list_without "$port" "$wanted")"
    else
      kept+=("$port")
    fi
  done
  if [[ "$wanted" != "$current" ]] &&
    ! printf '%s\n' "$wanted" 2>/dev/null >"$RESERVED_PORTS_FILE"; then
    warn "could not release ports $* in $RESERVED_PORTS_FILE"
    return 0
  fi
  if ((${#kept[@]})); then
    printf '%s\n' "${kept[@]}" >"$RESERVED_BY_STACK"
  else
    rm -f "$RESERVED_BY_STACK"
  fi
}

# release_ports PORT...: takes out of the kernel's list those of PORT... that this stack added.
release_ports() {
  can_reserve_ports || return 0
  with_reserved_ports_lock release_ports_locked "$@"
}
