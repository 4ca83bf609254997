#!/usr/bin/env bash
# The settings of deploy/kubernetes make a working system:
#
#   manifest_settings_test.sh SOURCE_DIR SAGASHOP_BINARY
#
# Starts the four services as their Deployments do (the ConfigMap, each container's env and args),
# with only what is the cluster's swapped for the local stack's: the servers' addresses, the
# Secrets' contents (files of the same names under a folder of its own instead of /etc/sagashop),
# the identity provider's issuer, the outside world's URLs, loopback instead of 0.0.0.0, free
# ports, and one partition per topic. Every other setting is the manifests' own. Then `sagashop
# bench` sends orders along every path of the saga and must see each end as it should. A
# placeholder (REPLACE-ME) left in a setting this test does not swap fails it, naming the
# variable. Reads the stack's addresses from the SAGASHOP_TEST_* variables (.stack/env), like every
# e2e test; stops what it started and drops its databases when it ends.
set -euo pipefail

SOURCE_DIR=$1
BINARY=$2
LOG_TAG=kubernetes-e2e
# shellcheck source=../../../scripts/lib/common.sh
source "$SOURCE_DIR/scripts/lib/common.sh"
# shellcheck source=../../../scripts/lib/venv.sh
source "$SOURCE_DIR/scripts/lib/venv.sh"

SERVICES=(order payment inventory delivery)
for variable in SAGASHOP_TEST_PG_URI SAGASHOP_TEST_KAFKA_BROKERS SAGASHOP_TEST_REDIS_HOST \
  SAGASHOP_TEST_REDIS_PORT SAGASHOP_TEST_SERVER_TLS_CA SAGASHOP_TEST_SERVER_TLS_CERT \
  SAGASHOP_TEST_SERVER_TLS_KEY; do
  [[ -n "${!variable:-}" ]] || die "$variable is not set: source .stack/env (scripts/stack.sh)"
done

WORK="$(mktemp -d)"
ID="k8s$(date +%s)$$"
declare -A PID=() PORT=()
DATABASES=()

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "$SAGASHOP_TEST_PG_URI" "$@"; }
# The stack's URI of DATABASE: the admin URI's database swapped, its TLS parameters kept.
database_uri() { sed -E "s|^(postgresql://[^/?]*)/[^?]*|\1/$1|" <<<"$SAGASHOP_TEST_PG_URI"; }

on_exit() {
  local rc=$? name database
  trap - EXIT INT TERM
  for name in "${!PID[@]}"; do stop_pid "${PID[$name]}" 20 "$name" || rc=1; done
  for database in "${DATABASES[@]}"; do
    psql_admin -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" || rc=1
  done
  if ((rc != 0)); then
    for name in "${!PID[@]}"; do print_log_tail "$WORK/$name.log" 30; done
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The Secrets' files, made or taken from the stack, where the pods mount them.
make_mounted_files() {
  local etc=$WORK/etc
  mkdir -p "$etc/https" "$etc/servers" "$etc/auth" "$etc/data-keys" "$WORK/local-ca"
  "$BINARY" local-ca --dir="$WORK/local-ca" >/dev/null
  cp "$WORK/local-ca/server.pem" "$etc/https/tls.crt"
  cp "$WORK/local-ca/server-key.pem" "$etc/https/tls.key"
  cp "$WORK/local-ca/ca.pem" "$etc/https/ca.crt"
  cp "$SAGASHOP_TEST_SERVER_TLS_CA" "$etc/servers/ca.crt"
  cp "$SAGASHOP_TEST_SERVER_TLS_CERT" "$etc/servers/client.crt"
  cp "$SAGASHOP_TEST_SERVER_TLS_KEY" "$etc/servers/client.key"
  chmod 0600 "$etc/https/tls.key" "$etc/servers/client.key"
  TOKEN="$("$BINARY" token --storage=sqlite --data-dir="$WORK/auth" --subject=kubernetes-e2e \
    --scope=ops --scope=inventory:write --ttl-minutes=60)"
  cp "$WORK/auth/keys/token-public-keys.pem" "$etc/auth/token-public-keys.pem"
  "$BINARY" data-keys new --data-keys="$etc/data-keys/data-keys" >/dev/null
}

# A port the kernel picks as free now, as the e2e harness does (FreePort).
free_port() {
  "$VENV/bin/python" -c \
    'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# environment_of SERVICE: its manifest environment, one NAME=VALUE a line, swapped as above.
environment_of() {
  local service=$1 line name value
  while IFS= read -r line; do
    name=${line%%=*} value=${line#*=}
    case "$name" in
      SAGASHOP_HTTP_HOST) value=127.0.0.1 ;;
      SAGASHOP_KAFKA_BROKERS) value=$SAGASHOP_TEST_KAFKA_BROKERS ;;
      SAGASHOP_REDIS) value=$SAGASHOP_TEST_REDIS_HOST:$SAGASHOP_TEST_REDIS_PORT ;;
      SAGASHOP_AUTH_ISSUER) value=sagashop-local ;;  # what `sagashop token` signs as
      SAGASHOP_DB_URI) value="$(database_uri "${ID}_${service}_db")" ;;
      SAGASHOP_PAYMENT_PROVIDER_URL | SAGASHOP_CARRIER_URL) value=$WORLD_URL ;;
      # This test cannot delete its topics from the shared broker (no Kafka admin client in
      # bash), so it leaves a few single-partition ones rather than a dozen partitions each.
      SAGASHOP_KAFKA_PARTITIONS) value=1 ;;
      *) value=${value//\/etc\/sagashop\//$WORK/etc/} ;;
    esac
    [[ "$value" != *REPLACE-ME* ]] || die "$name of $service is a placeholder this test keeps"
    printf '%s=%s\n' "$name" "$value"
  done < <(jq -r --arg s "$service" '.[$s].env | to_entries[] | "\(.key)=\(.value)"' \
    "$WORK/env.json")
  # Its own topics and consumer groups on the shared broker.
  printf 'SAGASHOP_BUS_NAMESPACE=%s\n' "$ID"
  # The run's event tap, as for every other system the e2e suites start
  # (tests/e2e/support/event_tap.h): a file of this process's own.
  if [[ -n "${SAGASHOP_TEST_EVENT_TAP_DIR:-}" ]]; then
    mkdir -p "$SAGASHOP_TEST_EVENT_TAP_DIR"
    printf 'SAGASHOP_EVENT_TAP=%s/%s-%s.jsonl\n' "$SAGASHOP_TEST_EVENT_TAP_DIR" "$service" "$ID"
  fi
}

ready() {
  [[ "$(curl -s --cacert "$WORK/etc/https/ca.crt" -o /dev/null -w '%{http_code}' --max-time 2 \
    "https://127.0.0.1:$1/ready")" == 200 ]]
}
# A service that refused its settings has exited: no use waiting for it.
ready_or_gone() { pid_is_gone "$2" || ready "$1"; }

main() {
  VENV="$SOURCE_DIR/.cache/kubernetes-venv"
  venv_ensure "$VENV" "$SOURCE_DIR/scripts/kubernetes/requirements.txt"
  "$VENV/bin/python" "$SOURCE_DIR/tests/e2e/kubernetes/manifest_env.py" \
    "$SOURCE_DIR/deploy/kubernetes" >"$WORK/env.json"
  make_mounted_files

  local service environment args
  PORT[world]="$(free_port)"
  "$BINARY" outside-world --listen-host=127.0.0.1 --listen-port="${PORT[world]}" \
    --ledger-file="$WORK/world.db" --tls-cert="$WORK/etc/https/tls.crt" \
    --tls-key="$WORK/etc/https/tls.key" </dev/null >"$WORK/world.log" 2>&1 &
  PID[world]=$!
  WORLD_URL=https://127.0.0.1:${PORT[world]}
  for service in "${SERVICES[@]}"; do
    psql_admin -c "CREATE DATABASE ${ID}_${service}_db"
    DATABASES+=("${ID}_${service}_db")
    PORT[$service]="$(free_port)"
    mapfile -t environment < <(environment_of "$service")
    ((${#environment[@]} > 10)) || die "the manifests give $service almost no settings"
    mapfile -t args < <(jq -r --arg s "$service" '.[$s].args[]' "$WORK/env.json" |
      sed -E "s/^--http-port=.*/--http-port=${PORT[$service]}/")
    [[ " ${args[*]} " == *" --target=$service "* ]] || die "$service's args lack --target=$service"
    env -i PATH="$PATH" "${environment[@]}" "$BINARY" "${args[@]}" </dev/null \
      >"$WORK/$service.log" 2>&1 &
    PID[$service]=$!
  done
  for service in "${SERVICES[@]}"; do
    if ! wait_for 120 "$service to be ready" ready_or_gone "${PORT[$service]}" "${PID[$service]}" ||
      pid_is_gone "${PID[$service]}"; then
      die "$service did not become ready with the manifests' settings"
    fi
  done
  log "all four services ready with the manifests' settings"

  "$BINARY" bench --host=127.0.0.1 --order-port="${PORT[order]}" \
    --inventory-port="${PORT[inventory]}" --http-tls-ca="$WORK/etc/https/ca.crt" \
    --token="$TOKEN" --mix=ok=70,declined=10,short=10,undeliverable=10 --rate=10 --duration=6 \
    --warmup=1 --no-progress | tee "$WORK/bench.txt" || die "some saga did not end as it should"
  grep -q '^  errors: 0$' "$WORK/bench.txt" || die "bench reported errors"
}

main "$@"
