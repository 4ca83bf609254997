#include "app/command_line.h"

namespace sagashop::app {
namespace {

// "key=value" pairs from a repeatable flag.
void AddPropertyOption(CLI::App& app, const std::string& name, const std::string& help,
                       std::map<std::string, std::string>& into) {
  app.add_option_function<std::vector<std::string>>(
         name,
         [&into, name](const std::vector<std::string>& pairs) {
           for (const std::string& pair : pairs) {
             const auto equals = pair.find('=');
             if (equals == std::string::npos || equals == 0) {
               throw CLI::ValidationError(name, "expects key=value, got '" + pair + "'");
             }
             into[pair.substr(0, equals)] = pair.substr(equals + 1);
           }
         },
         help)
      ->take_all();
}

}  // namespace

void AddSettingsOptions(CLI::App& app, Settings& s) {
  app.add_option_function<std::string>(
         "--target",
         [&s](const std::string& text) {
           const auto target = ParseTarget(text);
           if (!target) {
             throw CLI::ValidationError("--target",
                                        "must be all, order, payment, inventory or delivery");
           }
           s.target = *target;
         },
         "Services to run in this process: all | order | payment | inventory | delivery")
      ->envname("SAGASHOP_TARGET");
  app.add_option("--storage", s.storage, "Storage adapter: sqlite | postgres")
      ->envname("SAGASHOP_STORAGE");
  app.add_option("--bus", s.bus, "Event bus adapter: inproc | kafka")->envname("SAGASHOP_BUS");
  app.add_option("--cache", s.cache, "Idempotency cache adapter: memory | redis")
      ->envname("SAGASHOP_CACHE");
  app.add_option("--data-dir", s.data_dir, "Folder of the SQLite databases (one file per service)")
      ->envname("SAGASHOP_DATA_DIR");
  app.add_option("--sqlite-durable", s.sqlite_durable,
                 "SQLite synchronous=FULL (true) or NORMAL (false)")
      ->envname("SAGASHOP_SQLITE_DURABLE");

  app.add_option("--pg-uri", s.pg_uri,
                 "PostgreSQL server URI without a database; each service uses <service>_db")
      ->envname("SAGASHOP_PG_URI");
  app.add_option("--pg-database", s.pg_database,
                 "Database name on the --pg-uri server; {service} becomes the service's name")
      ->envname("SAGASHOP_PG_DATABASE");
  app.add_option("--db-uri", s.db_uri, "Full URI of this service's database (single target)")
      ->envname("SAGASHOP_DB_URI");
  app.add_option("--pg-pool-max-open", s.pg_pool_max_open, "Connections per database, at most")
      ->envname("SAGASHOP_PG_POOL_MAX_OPEN");
  app.add_option("--pg-pool-max-idle", s.pg_pool_max_idle, "Idle connections kept per database")
      ->envname("SAGASHOP_PG_POOL_MAX_IDLE");

  app.add_option("--kafka-brokers", s.kafka_brokers, "Kafka bootstrap servers, host:port[,...]")
      ->envname("SAGASHOP_KAFKA_BROKERS");
  app.add_option("--bus-namespace", s.bus_namespace,
                 "Prefix of every topic and consumer group, to share a broker")
      ->envname("SAGASHOP_BUS_NAMESPACE");
  app.add_option("--kafka-partitions", s.kafka_partitions, "Partitions of topics created")
      ->envname("SAGASHOP_KAFKA_PARTITIONS");
  app.add_option("--kafka-linger-ms", s.kafka_linger_ms, "Producer linger.ms")
      ->envname("SAGASHOP_KAFKA_LINGER_MS");
  app.add_option("--kafka-statistics-interval-ms", s.kafka_statistics_interval_ms,
                 "How often consumers report statistics (consumer lag metric); 0 turns them off")
      ->envname("SAGASHOP_KAFKA_STATISTICS_INTERVAL_MS");
  AddPropertyOption(app, "--kafka-producer-prop",
                    "librdkafka producer property key=value (repeatable)", s.kafka_producer_props);
  AddPropertyOption(app, "--kafka-consumer-prop",
                    "librdkafka consumer property key=value (repeatable)", s.kafka_consumer_props);

  app.add_option("--redis", s.redis, "Redis host:port")->envname("SAGASHOP_REDIS");
  app.add_flag("--kafka-tls", s.kafka_tls, "Reach Kafka over TLS with the --server-tls-* identity")
      ->envname("SAGASHOP_KAFKA_TLS");
  app.add_flag("--redis-tls", s.redis_tls, "Reach Redis over TLS with the --server-tls-* identity")
      ->envname("SAGASHOP_REDIS_TLS");
  app.add_option("--server-tls-ca", s.server_tls_ca,
                 "PEM file of the CA that signed the Kafka and Redis servers' certificates")
      ->envname("SAGASHOP_SERVER_TLS_CA");
  app.add_option("--server-tls-cert", s.server_tls_cert,
                 "PEM file of the client certificate presented to Kafka and Redis")
      ->envname("SAGASHOP_SERVER_TLS_CERT");
  app.add_option("--server-tls-key", s.server_tls_key,
                 "PEM file of that certificate's private key (keep it 0600)")
      ->envname("SAGASHOP_SERVER_TLS_KEY");

  app.add_option("--http-host", s.http_host, "Address the HTTP servers bind")
      ->envname("SAGASHOP_HTTP_HOST");
  app.add_option_function<int>(
         "--http-port", [&s](int port) { s.http_port = port; },
         "HTTP port of a single-target process (default 8001..8004 by service)")
      ->envname("SAGASHOP_HTTP_PORT");
  app.add_option("--http-base-port", s.http_base_port,
                 "First HTTP port: order, payment, inventory, delivery on it and the next three")
      ->envname("SAGASHOP_HTTP_BASE_PORT");
  app.add_option("--http-workers", s.http_workers, "Handler threads per service")
      ->envname("SAGASHOP_HTTP_WORKERS");
  app.add_option("--http-max-queued-requests", s.http_max_queued_requests,
                 "Requests waiting for a handler thread, at most; more are answered 503 with "
                 "Retry-After at once")
      ->envname("SAGASHOP_HTTP_MAX_QUEUED_REQUESTS");
  app.add_option("--http-max-connections", s.http_max_connections,
                 "Open connections per service, at most; more are closed as they are accepted")
      ->envname("SAGASHOP_HTTP_MAX_CONNECTIONS");
  app.add_option("--http-max-connections-per-client", s.http_max_connections_per_client,
                 "Open connections per service from one client address, at most")
      ->envname("SAGASHOP_HTTP_MAX_CONNECTIONS_PER_CLIENT");
  app.add_option("--http-rate-limit-per-client", s.http_rate_limit_per_client,
                 "Requests per second one client address may send each service (bursts of twice "
                 "that); more are answered 429 with Retry-After. 0 turns it off")
      ->envname("SAGASHOP_HTTP_RATE_LIMIT_PER_CLIENT");
  app.add_option("--http-rate-limit-reads-per-subject", s.http_rate_limit_reads_per_subject,
                 "GET requests per second one token subject may send each service (bursts of "
                 "twice that; tokens with the ops scope are exempt). 0 turns it off")
      ->envname("SAGASHOP_HTTP_RATE_LIMIT_READS_PER_SUBJECT");
  app.add_option("--http-rate-limit-writes-per-subject", s.http_rate_limit_writes_per_subject,
                 "Other requests (POST, PUT, ...) per second one token subject may send each "
                 "service (bursts of twice that; tokens with the ops scope are exempt). 0 turns "
                 "it off")
      ->envname("SAGASHOP_HTTP_RATE_LIMIT_WRITES_PER_SUBJECT");
  app.add_option("--data-keys", s.data_keys,
                 "File of the AES-256 keys that seal personal data at rest (one active). Embedded "
                 "mode: <data-dir>/data-keys, made at the first start; required with PostgreSQL")
      ->envname("SAGASHOP_DATA_KEYS");
  app.add_option("--http-tls-cert", s.http_tls_cert,
                 "PEM certificate chain the HTTP servers present (HTTPS); default in embedded "
                 "mode: a local one made in <data-dir>/tls on first start")
      ->envname("SAGASHOP_HTTP_TLS_CERT");
  app.add_option("--http-tls-key", s.http_tls_key, "PEM private key of --http-tls-cert")
      ->envname("SAGASHOP_HTTP_TLS_KEY");
  app.add_option(
         "--http-tls-ca", s.http_tls_ca,
         "PEM file of the CAs this process's HTTPS clients trust (the commands, calls to an "
         "https:// provider); default in embedded mode: <data-dir>/tls/ca.pem")
      ->envname("SAGASHOP_HTTP_TLS_CA");
  app.add_flag("--http-plaintext", s.http_plaintext,
               "Serve and call plain HTTP, no TLS (a warning is logged)")
      ->envname("SAGASHOP_HTTP_PLAINTEXT");
  app.add_option("--auth-keys", s.auth_keys,
                 "File of the public keys bearer tokens must be signed with: PEM, or a JWK Set "
                 "(JSON) as an identity provider publishes it. Without it, embedded mode makes "
                 "a key of its own in the data folder (sagashop token prints tokens)")
      ->envname("SAGASHOP_AUTH_KEYS");
  app.add_option("--auth-issuer", s.auth_issuer, "The iss every bearer token must carry")
      ->envname("SAGASHOP_AUTH_ISSUER");
  app.add_option("--auth-audience", s.auth_audience, "A value every bearer token's aud must hold")
      ->envname("SAGASHOP_AUTH_AUDIENCE");
  app.add_flag("--insecure", s.insecure,
               "Run without what production needs (bearer tokens), with a warning; for a trial "
               "on a trusted network only")
      ->envname("SAGASHOP_INSECURE");
  app.add_option("--token", s.token,
                 "Bearer token that demo and bench send; default: one made with the embedded "
                 "mode's local key")
      ->envname("SAGASHOP_TOKEN");

  app.add_option("--consumer-max-batch", s.consumer_max_batch, "Events applied per transaction")
      ->envname("SAGASHOP_CONSUMER_MAX_BATCH");
  app.add_option("--consumer-max-wait-ms", s.consumer_max_wait_ms,
                 "How long to wait to fill a batch")
      ->envname("SAGASHOP_CONSUMER_MAX_WAIT_MS");
  app.add_option("--consumer-max-attempts", s.consumer_max_attempts,
                 "Attempts at an event that keeps failing before it is parked")
      ->envname("SAGASHOP_CONSUMER_MAX_ATTEMPTS");
  app.add_option("--consumer-retry-backoff-ms", s.consumer_retry_backoff_ms,
                 "First wait before trying a failed event again (doubles, with jitter)")
      ->envname("SAGASHOP_CONSUMER_RETRY_BACKOFF_MS");
  app.add_option("--consumer-retry-backoff-max-ms", s.consumer_retry_backoff_max_ms,
                 "Longest wait between attempts at a failed event")
      ->envname("SAGASHOP_CONSUMER_RETRY_BACKOFF_MAX_MS");
  app.add_option("--outbox-batch-size", s.outbox_batch_size, "Outbox rows published per round")
      ->envname("SAGASHOP_OUTBOX_BATCH_SIZE");
  app.add_option("--outbox-poll-ms", s.outbox_poll_ms,
                 "Timer fallback of the outbox relay and the dead-letter replayer, milliseconds")
      ->envname("SAGASHOP_OUTBOX_POLL_MS");

  app.add_option("--payment-limit", s.payment_limit, "Simulated gateway declines amounts above")
      ->envname("SAGASHOP_PAYMENT_LIMIT");
  app.add_option("--payment-latency-ms", s.payment_latency_ms,
                 "Simulated gateway latency, the median")
      ->envname("SAGASHOP_PAYMENT_LATENCY_MS");
  app.add_option("--payment-latency-p99-ms", s.payment_latency_p99_ms,
                 "Simulated gateway latency, the 99th percentile (a long tail above the median)")
      ->envname("SAGASHOP_PAYMENT_LATENCY_P99_MS");
  app.add_option("--payment-failure-rate", s.payment_failure_rate,
                 "Simulated gateway transient failure rate [0,1]; 1 is an outage")
      ->envname("SAGASHOP_PAYMENT_FAILURE_RATE");
  app.add_option("--carrier-latency-ms", s.carrier_latency_ms,
                 "Simulated carrier latency, the median")
      ->envname("SAGASHOP_CARRIER_LATENCY_MS");
  app.add_option("--carrier-latency-p99-ms", s.carrier_latency_p99_ms,
                 "Simulated carrier latency, the 99th percentile")
      ->envname("SAGASHOP_CARRIER_LATENCY_P99_MS");
  app.add_option("--carrier-failure-rate", s.carrier_failure_rate,
                 "Simulated carrier transient failure rate [0,1]; 1 is an outage")
      ->envname("SAGASHOP_CARRIER_FAILURE_RATE");
  app.add_option(
         "--payment-provider-url", s.payment_provider_url,
         "The payment provider's HTTP API (http:// or https://host:port); default: simulated "
         "in-process")
      ->envname("SAGASHOP_PAYMENT_PROVIDER_URL");
  app.add_option(
         "--carrier-url", s.carrier_url,
         "The carrier's HTTP API (http:// or https://host:port); default: simulated in-process")
      ->envname("SAGASHOP_CARRIER_URL");
  app.add_option("--outside-calls-max-in-flight", s.outside_calls_max_in_flight,
                 "Calls to the payment provider (or carrier) in flight at once, per service")
      ->envname("SAGASHOP_OUTSIDE_CALLS_MAX_IN_FLIGHT");
  app.add_option("--outside-call-timeout-ms", s.outside_call_timeout_ms,
                 "A call to the provider or carrier unanswered by then is retried")
      ->envname("SAGASHOP_OUTSIDE_CALL_TIMEOUT_MS");
  app.add_option("--outside-call-retry-backoff-ms", s.outside_call_retry_backoff_ms,
                 "First wait before retrying an unanswered call (doubles, with jitter)")
      ->envname("SAGASHOP_OUTSIDE_CALL_RETRY_BACKOFF_MS");
  app.add_option("--outside-call-retry-backoff-max-ms", s.outside_call_retry_backoff_max_ms,
                 "Longest wait between attempts at an unanswered call")
      ->envname("SAGASHOP_OUTSIDE_CALL_RETRY_BACKOFF_MAX_MS");
  app.add_option("--outside-call-breaker-failures", s.outside_call_breaker_failures,
                 "Unanswered calls in a row that open the provider's circuit breaker")
      ->envname("SAGASHOP_OUTSIDE_CALL_BREAKER_FAILURES");
  app.add_option("--outside-call-breaker-open-ms", s.outside_call_breaker_open_ms,
                 "How long an open circuit holds calls back before one probe")
      ->envname("SAGASHOP_OUTSIDE_CALL_BREAKER_OPEN_MS");
  app.add_option("--reservation-ttl-seconds", s.reservation_ttl_seconds,
                 "Reservations not committed or released within this are expired")
      ->envname("SAGASHOP_RESERVATION_TTL_SECONDS");
  app.add_option("--reservation-sweep-grace-seconds", s.reservation_sweep_grace_seconds,
                 "Expired reservations are released this long after expired_at")
      ->envname("SAGASHOP_RESERVATION_SWEEP_GRACE_SECONDS");

  app.add_option("--saga-stuck-after-seconds", s.saga_stuck_after_seconds,
                 "A saga idle this long is listed by GET /sagas?stuck=true")
      ->envname("SAGASHOP_SAGA_STUCK_AFTER_SECONDS");
  app.add_option("--max-sagas-in-flight", s.max_sagas_in_flight,
                 "POST /orders answers 503 with Retry-After while this many sagas are under way "
                 "(0: never, not for production)")
      ->envname("SAGASHOP_MAX_SAGAS_IN_FLIGHT");
  app.add_option("--idempotency-key-retention-hours", s.idempotency_key_retention_hours,
                 "How long an Idempotency-Key of POST /orders names its order (fractions allowed)")
      ->envname("SAGASHOP_IDEMPOTENCY_KEY_RETENTION_HOURS");
  // A test seam, so it is left out of --help (an empty group hides an option in CLI11).
  app.add_option("--crash-at", s.crash_at, "Kill this process at a point (tests only)")
      ->envname("SAGASHOP_CRASH_AT")
      ->group("");
  app.add_option("--log-level", s.log_level, "trace | debug | info | warn | error")
      ->envname("SAGASHOP_LOG_LEVEL");
  app.add_option("--log-format", s.log_format,
                 "json (one object per line; the default for services) | text (readable; the "
                 "default for commands)")
      ->envname("SAGASHOP_LOG_FORMAT");
}

}  // namespace sagashop::app
