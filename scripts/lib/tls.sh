# shellcheck shell=bash
# The stack's own certificate authority and certificates, made with the openssl command once and
# kept under .stack/tls/: nothing is installed system-wide, and no system trust store learns of it.
#
#   ca.crt / ca.key         the local CA (10 years); it signs the others
#   server.crt / server.key PostgreSQL, Kafka and Redis on 127.0.0.1 (IP:127.0.0.1, DNS:localhost)
#   kafka-N.crt / .key      broker N of the three-broker Kafka cluster, the same names (CN=kafka-N)
#   client.crt / client.key the services' identity; CN is the PostgreSQL role, so pg_hba.conf's
#                           `cert` method maps the certificate to that role
#
# Keys are 0600. Files that exist are kept (so a running server and its clients keep agreeing);
# delete .stack/tls to make new ones (docs/security.md, "Rotating the certificates").

TLS_DIR="$STACK_DIR/tls"
TLS_CA_CERT="$TLS_DIR/ca.crt"
TLS_SERVER_CERT="$TLS_DIR/server.crt"
TLS_SERVER_KEY="$TLS_DIR/server.key"
TLS_CLIENT_CERT="$TLS_DIR/client.crt"
TLS_CLIENT_KEY="$TLS_DIR/client.key"
TLS_DAYS="${SAGASHOP_STACK_TLS_DAYS:-825}"
# clientAuth too: a Kafka broker presents its certificate when it connects to itself or its peers.
TLS_SERVER_EXTENSIONS="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=IP:127.0.0.1,DNS:localhost"

# tls_key FILE: a new P-256 key in PKCS#8 (the form Kafka's PEM key store reads), owner-only.
tls_key() {
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null)
}

# tls_sign NAME SUBJECT EXTENSIONS: NAME.key and NAME.crt, signed by the CA.
tls_sign() {
  local name=$1 subject=$2 extensions=$3 ext_file
  tls_key "$TLS_DIR/$name.key"
  ext_file="$(mktemp "$TLS_DIR/$name.ext.XXXXXX")"
  printf '%s\n' "$extensions" >"$ext_file"
  openssl req -new -key "$TLS_DIR/$name.key" -subj "$subject" -out "$TLS_DIR/$name.csr" 2>/dev/null &&
    openssl x509 -req -in "$TLS_DIR/$name.csr" -CA "$TLS_CA_CERT" -CAkey "$TLS_DIR/ca.key" \
      -CAcreateserial -days "$TLS_DAYS" -sha256 -extfile "$ext_file" -out "$TLS_DIR/$name.crt" \
      2>/dev/null
  local rc=$?
  rm -f "$ext_file" "$TLS_DIR/$name.csr"
  return "$rc"
}

# Makes what is missing; serialised, since the three servers start at once and all need it.
tls_ensure() {
  command -v openssl >/dev/null || die "openssl is not installed (run scripts/install-deps.sh)"
  mkdir -p "$TLS_DIR"
  chmod 0700 "$TLS_DIR"
  local fd
  exec {fd}>"$TLS_DIR/.lock"
  flock "$fd"
  if [[ ! -s "$TLS_CA_CERT" ]]; then
    # A new CA invalidates everything it signed before.
    rm -f "$TLS_SERVER_CERT" "$TLS_SERVER_KEY" "$TLS_CLIENT_CERT" "$TLS_CLIENT_KEY"
    tls_key "$TLS_DIR/ca.key"
    openssl req -new -x509 -key "$TLS_DIR/ca.key" -subj "/O=sagashop/CN=sagashop local stack CA" \
      -days 3650 -sha256 -addext basicConstraints=critical,CA:TRUE \
      -addext keyUsage=critical,keyCertSign,cRLSign -out "$TLS_CA_CERT" 2>/dev/null ||
      die "openssl could not make the stack's CA in $TLS_DIR"
    log "made a local CA in $TLS_DIR"
  fi
  if [[ ! -s "$TLS_SERVER_CERT" || ! -s "$TLS_SERVER_KEY" ]]; then
    tls_sign server "/O=sagashop/CN=localhost" "$TLS_SERVER_EXTENSIONS" ||
      die "openssl could not make the server certificate"
    log "made the servers' certificate (127.0.0.1, localhost)"
  fi
  if [[ ! -s "$TLS_CLIENT_CERT" || ! -s "$TLS_CLIENT_KEY" ]]; then
    tls_sign client "/O=sagashop/CN=$PG_ROLE" \
      "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth" || die "openssl could not make the client certificate"
    log "made the services' client certificate (CN=$PG_ROLE)"
  fi
  exec {fd}>&-
}

# tls_ensure_server NAME: NAME.crt and NAME.key for one more server on 127.0.0.1 (each broker of
# the Kafka cluster has its own identity, CN=NAME), made again when the current CA did not sign it.
tls_ensure_server() {
  local name=$1 fd
  tls_ensure
  exec {fd}>"$TLS_DIR/.lock"
  flock "$fd"
  if [[ ! -s "$TLS_DIR/$name.key" ]] ||
    ! openssl verify -CAfile "$TLS_CA_CERT" "$TLS_DIR/$name.crt" >/dev/null 2>&1; then
    tls_sign "$name" "/O=sagashop/CN=$name" "$TLS_SERVER_EXTENSIONS" ||
      die "openssl could not make the certificate of $name"
    log "made the certificate of $name (127.0.0.1, localhost)"
  fi
  exec {fd}>&-
}

# libpq's connection parameters for the stack's client certificate, as URI query parameters.
tls_pg_uri_params() {
  printf 'sslmode=verify-full&sslrootcert=%s&sslcert=%s&sslkey=%s' \
    "$TLS_CA_CERT" "$TLS_CLIENT_CERT" "$TLS_CLIENT_KEY"
}

# The same for tools that read libpq's environment (psql, pgbench).
tls_export_pg_env() {
  export PGSSLMODE=verify-full PGSSLROOTCERT="$TLS_CA_CERT" PGSSLCERT="$TLS_CLIENT_CERT" \
    PGSSLKEY="$TLS_CLIENT_KEY"
}

# The sagashop flags that make a service reach Kafka and Redis over TLS with the stack's client
# certificate, one a line (PostgreSQL's TLS travels in its URI).
tls_service_args() {
  printf '%s\n' --kafka-tls --redis-tls --server-tls-ca="$TLS_CA_CERT" \
    --server-tls-cert="$TLS_CLIENT_CERT" --server-tls-key="$TLS_CLIENT_KEY"
}
