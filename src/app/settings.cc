#include "app/settings.h"

#include <unistd.h>

#include <cctype>
#include <cmath>
#include <stdexcept>

#include "platform/bus/crashing/crash_plan.h"
#include "platform/db/postgres/pg_uri.h"
#include "platform/http/origin.h"

namespace sagashop::app {
namespace {

constexpr const char* kServiceNames[] = {"order", "payment", "inventory", "delivery"};

void Require(bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument(message);
}

// Appends a libpq URI parameter, so every connection reads and writes time stamps in UTC.
std::string WithUtc(std::string uri) {
  const bool is_uri = uri.starts_with("postgresql://") || uri.starts_with("postgres://");
  if (!is_uri) return uri + " options='-c TimeZone=UTC'";
  uri += uri.find('?') == std::string::npos ? '?' : '&';
  return uri + "options=-c%20TimeZone%3DUTC";
}

}  // namespace

std::optional<Target> ParseTarget(std::string_view text) {
  if (text == "all") return Target::kAll;
  if (text == "order") return Target::kOrder;
  if (text == "payment") return Target::kPayment;
  if (text == "inventory") return Target::kInventory;
  if (text == "delivery") return Target::kDelivery;
  return std::nullopt;
}

void Settings::ValidateServing() const {
  Validate();
  Require(Embedded() || insecure || !auth_keys.empty(),
          "--auth-keys and --auth-issuer must be set outside embedded mode: which identity "
          "provider's tokens to accept (docs/security.md). --insecure runs without tokens");
  Require(Embedded() || insecure || HttpUsesTls(),
          "--http-tls-cert and --http-tls-key must be set outside embedded mode: the API is "
          "served over HTTPS (docs/security.md). --insecure runs with plain HTTP");
  Require(Embedded() || insecure || ServersUseTls(),
          "every server must be reached over TLS that checks it outside embedded mode: "
          "PostgreSQL with sslmode=verify-full, --kafka-tls, --redis-tls, with --server-tls-ca, "
          "-cert and -key (docs/security.md). --insecure runs without");
}

std::vector<std::string> Settings::Services() const {
  switch (target) {
    case Target::kAll:
      return {"order", "payment", "inventory", "delivery"};
    case Target::kOrder:
      return {"order"};
    case Target::kPayment:
      return {"payment"};
    case Target::kInventory:
      return {"inventory"};
    case Target::kDelivery:
      return {"delivery"};
  }
  return {};
}

int Settings::DefaultPort(const std::string& service) const {
  for (int i = 0; i < 4; ++i) {
    if (service == kServiceNames[i]) return http_base_port + i;
  }
  throw std::invalid_argument("unknown service " + service);
}

int Settings::PortOf(const std::string& service) const {
  return http_port.value_or(DefaultPort(service));
}

std::string Settings::DatabaseUri(const std::string& service) const {
  if (!db_uri.empty()) return WithUtc(db_uri);
  std::string name = pg_database;
  for (auto at = name.find("{service}"); at != std::string::npos; at = name.find("{service}")) {
    name.replace(at, 9, service);
  }
  return WithUtc(db::PgUriWithDatabase(pg_uri, name));
}

core::TlsClientFiles Settings::ServerTls() const {
  return {.ca_file = server_tls_ca, .cert_file = server_tls_cert, .key_file = server_tls_key};
}

bool Settings::ServersUseTls() const {
  if (storage == "postgres" && !db::PgVerifiesServer(DatabaseUri(Services().front()))) {
    return false;
  }
  if (bus == "kafka" && !kafka_tls) return false;
  return cache != "redis" || redis_tls;
}

std::string Settings::DatabaseFile(const std::string& service) const {
  return data_dir + "/" + service + ".db";
}

std::string Settings::DataKeyFile() const {
  if (!data_keys.empty()) return data_keys;
  if (storage == "sqlite") return data_dir + "/data-keys";
  return "";
}

std::chrono::milliseconds Settings::IdempotencyKeyRetention() const {
  return std::chrono::milliseconds(std::llround(idempotency_key_retention_hours * 3'600'000.0));
}

void Settings::Validate() const {
  Require(storage == "postgres" || storage == "sqlite",
          "--storage must be sqlite or postgres, got '" + storage + "'");
  Require(bus == "kafka" || bus == "inproc", "--bus must be inproc or kafka, got '" + bus + "'");
  Require(bus != "inproc" || target == Target::kAll,
          "--bus=inproc connects services inside one process: use it with --target=all");
  Require(storage != "sqlite" || !data_dir.empty(), "--data-dir must not be empty");
  Require(http_base_port >= 1 && http_base_port <= 65532,
          "--http-base-port must be from 1 to 65532");
  Require(cache == "redis" || cache == "memory",
          "--cache must be redis or memory, got '" + cache + "'");
  if (storage == "postgres") {
    Require(!pg_uri.empty() || !db_uri.empty(),
            "--pg-uri (SAGASHOP_PG_URI) is required with --storage=postgres");
    Require(db_uri.empty() || target != Target::kAll,
            "--db-uri names one database: use it with a single --target, or use --pg-uri");
    Require(
        pg_uri.empty() || pg_uri.starts_with("postgresql://") || pg_uri.starts_with("postgres://"),
        "--pg-uri must be a postgresql:// URI without a database name");
    Require(!db_uri.empty() || target != Target::kAll ||
                pg_database.find("{service}") != std::string::npos,
            "--pg-database must contain {service} when one process runs several services");
    Require(pg_pool_max_open >= 1, "--pg-pool-max-open must be at least 1");
    Require(pg_pool_max_idle >= 0 && pg_pool_max_idle <= pg_pool_max_open,
            "--pg-pool-max-idle must be between 0 and --pg-pool-max-open");
  }
  if (bus == "kafka") {
    Require(!kafka_brokers.empty(), "--kafka-brokers (SAGASHOP_KAFKA_BROKERS) is required");
    Require(kafka_partitions >= 1, "--kafka-partitions must be at least 1");
    Require(kafka_linger_ms >= 0, "--kafka-linger-ms must not be negative");
    Require(kafka_statistics_interval_ms >= 0,
            "--kafka-statistics-interval-ms must not be negative");
    for (char c : bus_namespace) {
      Require(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_',
              "--bus-namespace may hold only letters, digits, '-' and '_'");
    }
  }
  // One identity serves both; the first switch that needs it is named.
  const bool kafka_needs_identity = bus == "kafka" && kafka_tls;
  const bool needs_identity = kafka_needs_identity || (cache == "redis" && redis_tls);
  for (const auto& [flag, file] : {std::pair{"--server-tls-ca", &server_tls_ca},
                                   std::pair{"--server-tls-cert", &server_tls_cert},
                                   std::pair{"--server-tls-key", &server_tls_key}}) {
    Require(!needs_identity || !file->empty(),
            std::string(flag) + " is required with " +
                (kafka_needs_identity ? "--kafka-tls" : "--redis-tls"));
    Require(file->empty() || ::access(file->c_str(), R_OK) == 0,
            std::string(flag) + ": cannot read '" + *file + "'");
  }
  if (cache == "redis") {
    const auto colon = redis.rfind(':');
    Require(colon != std::string::npos && colon > 0 && colon + 1 < redis.size(),
            "--redis must be host:port, got '" + redis + "'");
  }
  Require(!http_port || (*http_port >= 0 && *http_port <= 65535),
          "--http-port must be from 0 to 65535");
  Require(!http_port || target != Target::kAll,
          "--http-port sets one service's port: use it with a single --target");
  Require(http_workers >= 1 && http_workers <= 256, "--http-workers must be from 1 to 256");
  Require(http_max_queued_requests >= 1 && http_max_queued_requests <= 100'000,
          "--http-max-queued-requests must be from 1 to 100000");
  Require(http_max_connections >= 1 && http_max_connections <= 1'000'000,
          "--http-max-connections must be from 1 to 1000000");
  Require(http_max_connections_per_client >= 1 &&
              http_max_connections_per_client <= http_max_connections,
          "--http-max-connections-per-client must be from 1 to --http-max-connections");
  Require(http_tls_cert.empty() == http_tls_key.empty(),
          "--http-tls-cert and --http-tls-key must be given together");
  Require(
      !http_plaintext || (http_tls_cert.empty() && http_tls_ca.empty()),
      "--http-plaintext turns HTTPS off: do not combine it with --http-tls-cert or --http-tls-ca");
  Require(auth_keys.empty() || !auth_issuer.empty(),
          "--auth-issuer must be set with --auth-keys: tokens are checked against it");
  Require(!auth_audience.empty(), "--auth-audience must not be empty");
  Require(http_rate_limit_per_client >= 0 && http_rate_limit_per_client <= 10'000'000,
          "--http-rate-limit-per-client must be from 0 (off) to 10000000");
  Require(http_rate_limit_reads_per_subject >= 0 && http_rate_limit_reads_per_subject <= 10'000'000,
          "--http-rate-limit-reads-per-subject must be from 0 (off) to 10000000");
  Require(
      http_rate_limit_writes_per_subject >= 0 && http_rate_limit_writes_per_subject <= 10'000'000,
      "--http-rate-limit-writes-per-subject must be from 0 (off) to 10000000");
  Require(consumer_max_batch >= 1 && consumer_max_batch <= 10000,
          "--consumer-max-batch must be from 1 to 10000");
  Require(consumer_max_wait_ms >= 0, "--consumer-max-wait-ms must not be negative");
  Require(consumer_max_attempts >= 1 && consumer_max_attempts <= 100,
          "--consumer-max-attempts must be from 1 to 100");
  Require(consumer_retry_backoff_ms >= 1, "--consumer-retry-backoff-ms must be at least 1");
  Require(consumer_retry_backoff_max_ms >= consumer_retry_backoff_ms,
          "--consumer-retry-backoff-max-ms must be at least --consumer-retry-backoff-ms");
  Require(outbox_batch_size >= 1 && outbox_batch_size <= 10000,
          "--outbox-batch-size must be from 1 to 10000");
  Require(outbox_poll_ms >= 1, "--outbox-poll-ms must be at least 1");
  Require(payment_limit >= 1, "--payment-limit must be positive");
  Require(payment_latency_ms >= 0, "--payment-latency-ms must not be negative");
  Require(payment_failure_rate >= 0 && payment_failure_rate <= 1,
          "--payment-failure-rate must be in [0, 1]");
  Require(carrier_latency_ms >= 0, "--carrier-latency-ms must not be negative");
  Require(carrier_failure_rate >= 0 && carrier_failure_rate <= 1,
          "--carrier-failure-rate must be in [0, 1]");
  Require(payment_latency_p99_ms >= 0, "--payment-latency-p99-ms must not be negative");
  Require(carrier_latency_p99_ms >= 0, "--carrier-latency-p99-ms must not be negative");
  for (const auto& [flag, url] : {std::pair{"--payment-provider-url", &payment_provider_url},
                                  std::pair{"--carrier-url", &carrier_url}}) {
    if (url->empty()) continue;
    try {
      http::ParseHttpOrigin(*url);
    } catch (const std::invalid_argument& error) {
      Require(false, std::string(flag) + ": " + error.what());
    }
  }
  Require(outside_calls_max_in_flight >= 1 && outside_calls_max_in_flight <= 10'000,
          "--outside-calls-max-in-flight must be from 1 to 10000");
  Require(outside_call_timeout_ms >= 1, "--outside-call-timeout-ms must be at least 1");
  Require(outside_call_retry_backoff_ms >= 1, "--outside-call-retry-backoff-ms must be at least 1");
  Require(outside_call_retry_backoff_max_ms >= outside_call_retry_backoff_ms,
          "--outside-call-retry-backoff-max-ms must be at least --outside-call-retry-backoff-ms");
  Require(outside_call_breaker_failures >= 1, "--outside-call-breaker-failures must be at least 1");
  Require(outside_call_breaker_open_ms >= 1, "--outside-call-breaker-open-ms must be at least 1");
  Require(reservation_ttl_seconds >= 1, "--reservation-ttl-seconds must be at least 1");
  Require(reservation_sweep_grace_seconds >= 0,
          "--reservation-sweep-grace-seconds must not be negative");
  Require(saga_stuck_after_seconds >= 1, "--saga-stuck-after-seconds must be at least 1");
  Require(max_sagas_in_flight >= 0,
          "--max-sagas-in-flight must not be negative (0 turns admission control off)");
  if (!crash_at.empty()) {
    try {
      bus::CrashPlan::Parse(crash_at);
    } catch (const std::invalid_argument& error) {
      Require(false, std::string("--crash-at: ") + error.what());
    }
  }
  // A tenth of a second at least (tests use seconds), ten years at most.
  Require(std::isfinite(idempotency_key_retention_hours) &&
              idempotency_key_retention_hours * 3'600'000.0 >= 100 &&
              idempotency_key_retention_hours <= 24 * 365 * 10,
          "--idempotency-key-retention-hours must be more than 0 (at least 100 ms) and at most "
          "87600");
  Require(log_level == "trace" || log_level == "debug" || log_level == "info" ||
              log_level == "warn" || log_level == "error",
          "--log-level must be one of trace, debug, info, warn, error");
  Require(log_format == "json" || log_format == "text", "--log-format must be json or text");
}

}  // namespace sagashop::app
