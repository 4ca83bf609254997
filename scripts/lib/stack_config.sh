# shellcheck shell=bash
# The local stack's addresses: loopback only, ports overridable from the environment.

STACK_HOST=127.0.0.1
PG_PORT="${SAGASHOP_STACK_PG_PORT:-55432}"
REDIS_PORT="${SAGASHOP_STACK_REDIS_PORT:-56379}"
KAFKA_PORT="${SAGASHOP_STACK_KAFKA_PORT:-59092}"
KAFKA_CONTROLLER_PORT="${SAGASHOP_STACK_KAFKA_CONTROLLER_PORT:-59093}"
# The bootstrap superuser of our own cluster: the same name whoever runs the stack, so the URIs in
# .stack/env do not depend on the login. It may create databases, which the tests need.
PG_ROLE="${SAGASHOP_STACK_PG_ROLE:-sagashop}"
PG_SERVICE_DATABASES=(order_db payment_db inventory_db delivery_db)
STACK_ENV_FILE="$STACK_DIR/env"

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
[[ "$PG_ROLE" =~ ^[a-z_][a-z0-9_]*$ ]] || die "SAGASHOP_STACK_PG_ROLE=$PG_ROLE is not a plain role name"

# Writes the sourceable file that tests (SAGASHOP_TEST_*) and services (SAGASHOP_*) read.
write_stack_env() {
  mkdir -p "$STACK_DIR"
  local tmp="$STACK_ENV_FILE.tmp.$$"
  cat >"$tmp" <<ENV
# Addresses of the local stack (scripts/stack.sh). Load with: source .stack/env
export SAGASHOP_TEST_PG_URI=postgresql://$PG_ROLE@$STACK_HOST:$PG_PORT/postgres
export SAGASHOP_TEST_KAFKA_BROKERS=$STACK_HOST:$KAFKA_PORT
export SAGASHOP_TEST_REDIS_HOST=$STACK_HOST
export SAGASHOP_TEST_REDIS_PORT=$REDIS_PORT
export SAGASHOP_PG_URI=postgresql://$PG_ROLE@$STACK_HOST:$PG_PORT
export SAGASHOP_KAFKA_BROKERS=$STACK_HOST:$KAFKA_PORT
export SAGASHOP_REDIS=$STACK_HOST:$REDIS_PORT
ENV
  mv -f "$tmp" "$STACK_ENV_FILE"
}
