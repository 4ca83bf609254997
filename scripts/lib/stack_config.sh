# shellcheck shell=bash
# The local stack's addresses: loopback only, ports overridable from the environment.

STACK_HOST=127.0.0.1
PG_PORT="${SAGASHOP_STACK_PG_PORT:-55432}"
REDIS_PORT="${SAGASHOP_STACK_REDIS_PORT:-56379}"
KAFKA_PORT="${SAGASHOP_STACK_KAFKA_PORT:-59092}"
KAFKA_CONTROLLER_PORT="${SAGASHOP_STACK_KAFKA_CONTROLLER_PORT:-59093}"
# A streaming standby of PostgreSQL (scripts/lib/pg_standby.sh), off unless asked for.
PG_STANDBY="${SAGASHOP_STACK_PG_STANDBY:-0}"
PG_STANDBY_PORT="${SAGASHOP_STACK_PG_STANDBY_PORT:-55433}"
# The bootstrap superuser of our own cluster: the same name whoever runs the stack, so the URIs in
# .stack/env do not depend on the login. It may create databases, which the tests need.
PG_ROLE="${SAGASHOP_STACK_PG_ROLE:-sagashop}"
PG_SERVICE_DATABASES=(order_db payment_db inventory_db delivery_db)
STACK_ENV_FILE="${SAGASHOP_STACK_ENV_FILE:-$STACK_DIR/env}"

validate_port() {
  local name=$1 value=$2
  if ! [[ "$value" =~ ^[0-9]+$ ]] || ((value < 1024 || value > 65535)); then
    die "$name=$value is not a port between 1024 and 65535"
  fi
}
validate_port SAGASHOP_STACK_PG_PORT "$PG_PORT"
validate_port SAGASHOP_STACK_REDIS_PORT "$REDIS_PORT"
validate_port SAGASHOP_STACK_KAFKA_PORT "$KAFKA_PORT"
validate_port SAGASHOP_STACK_KAFKA_CONTROLLER_PORT "$KAFKA_CONTROLLER_PORT"
[[ "$PG_STANDBY" == [01] ]] || die "SAGASHOP_STACK_PG_STANDBY=$PG_STANDBY is neither 0 nor 1"
if [[ "$PG_STANDBY" == 1 ]]; then
  validate_port SAGASHOP_STACK_PG_STANDBY_PORT "$PG_STANDBY_PORT"
  ((PG_STANDBY_PORT != PG_PORT)) || die "the PostgreSQL standby needs a port of its own"
fi
[[ "$PG_ROLE" =~ ^[a-z_][a-z0-9_]*$ ]] || die "SAGASHOP_STACK_PG_ROLE=$PG_ROLE is not a plain role name"

# shellcheck source=tls.sh
source "$SAGASHOP_SCRIPTS/lib/tls.sh"

# The PostgreSQL servers a client may reach: with a standby, both, in a multi-host URI where libpq
# takes the first that accepts writes (target_session_attrs=read-write), so clients follow a
# fail-over by reconnecting.
pg_uri_hosts() {
  printf '%s:%s' "$STACK_HOST" "$PG_PORT"
  if [[ "$PG_STANDBY" == 1 ]]; then printf ',%s:%s' "$STACK_HOST" "$PG_STANDBY_PORT"; fi
}
pg_uri_params() {
  tls_pg_uri_params
  if [[ "$PG_STANDBY" == 1 ]]; then printf '&target_session_attrs=read-write'; fi
}

# pg_uri_of DATABASE: the stack's libpq URI for DATABASE, TLS parameters included.
pg_uri_of() {
  printf 'postgresql://%s@%s/%s?%s\n' "$PG_ROLE" "$(pg_uri_hosts)" "$1" "$(pg_uri_params)"
}

# Writes the sourceable file that tests (SAGASHOP_TEST_*) and services (SAGASHOP_*) read. Every
# server is reached over TLS with the stack's client certificate (scripts/lib/tls.sh).
write_stack_env() {
  mkdir -p "$STACK_DIR"
  local tmp="$STACK_ENV_FILE.tmp.$$" params
  params="$(pg_uri_params)"
  cat >"$tmp" <<ENV
# Addresses of the local stack (scripts/stack.sh). Load with: source .stack/env
export SAGASHOP_TEST_PG_URI='$(pg_uri_of postgres)'
export SAGASHOP_TEST_KAFKA_BROKERS=$(kafka_bootstrap_servers)
export SAGASHOP_TEST_REDIS_HOST=$STACK_HOST
export SAGASHOP_TEST_REDIS_PORT=$REDIS_PORT
# The client identity tests present to Kafka and Redis; when set, they connect over TLS.
export SAGASHOP_TEST_SERVER_TLS_CA='$TLS_CA_CERT'
export SAGASHOP_TEST_SERVER_TLS_CERT='$TLS_CLIENT_CERT'
export SAGASHOP_TEST_SERVER_TLS_KEY='$TLS_CLIENT_KEY'
export SAGASHOP_PG_URI='postgresql://$PG_ROLE@$(pg_uri_hosts)?$params'
export SAGASHOP_KAFKA_BROKERS=$(kafka_bootstrap_servers)
export SAGASHOP_KAFKA_TLS=true
export SAGASHOP_KAFKA_REPLICATION_FACTOR=$(kafka_replication_factor)
export SAGASHOP_REDIS=$STACK_HOST:$REDIS_PORT
export SAGASHOP_REDIS_TLS=true
export SAGASHOP_SERVER_TLS_CA='$TLS_CA_CERT'
export SAGASHOP_SERVER_TLS_CERT='$TLS_CLIENT_CERT'
export SAGASHOP_SERVER_TLS_KEY='$TLS_CLIENT_KEY'
$(kafka_cluster_env)
ENV
  mv -f "$tmp" "$STACK_ENV_FILE"
}
