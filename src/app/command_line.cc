#include "app/command_line.h"

#include <cctype>
#include <functional>
#include <stdexcept>

namespace sagashop::app {
namespace {

// Registers the settings' flags, each read also from the environment variable its name gives
// (EnvNameOf): no flag has a name of its own in the environment.
class SettingFlags {
 public:
  explicit SettingFlags(CLI::App& app) : app_(app) {}

  template <typename T>
  CLI::Option* Option(const std::string& flag, T& value, const std::string& help) {
    return WithEnvName(app_.add_option(flag, value, help));
  }
  // A switch: present (or "true" in the environment) turns it on.
  template <typename T>
  CLI::Option* Flag(const std::string& flag, T& value, const std::string& help) {
    return WithEnvName(app_.add_flag(flag, value, help));
  }
  template <typename T>
  CLI::Option* Function(const std::string& flag, std::function<void(const T&)> set,
                        const std::string& help) {
    return WithEnvName(app_.add_option_function<T>(flag, std::move(set), help));
  }
  // One of `choices` by its name; any other is refused naming the flag and the names allowed.
  template <typename Enum, std::size_t N>
  CLI::Option* Choice(const std::string& flag, Enum& value,
                      const std::array<app::Choice<Enum>, N>& choices, const std::string& help) {
    return Function<std::string>(
        flag,
        [flag, &value, choices](const std::string& text) {
          try {
            value = ParseChoice<Enum>(choices, text);
          } catch (const std::invalid_argument& error) {
            throw CLI::ValidationError(flag, error.what());
          }
        },
        help);
  }

 private:
  static CLI::Option* WithEnvName(CLI::Option* option) {
    return option->envname(EnvNameOf(option->get_name()));
  }

  CLI::App& app_;
};

// "key=value" pairs from a repeatable flag.
void AddPropertyOption(SettingFlags& flags, const std::string& name, const std::string& help,
                       std::map<std::string, std::string>& into) {
  flags
      .Function<std::vector<std::string>>(
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

std::string EnvNameOf(std::string_view flag) {
  if (flag.starts_with("--")) flag.remove_prefix(2);
  std::string name = "SAGASHOP_";
  for (char c : flag) {
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

void AddSettingsOptions(CLI::App& app, Settings& s) {
  SettingFlags flags(app);
  flags.Choice("--target", s.target, kTargetChoices,
               "Services to run in this process: all | order | payment | inventory | delivery");
  flags.Choice("--storage", s.storage.adapter, kStorageChoices,
               "Storage adapter: sqlite | postgres");
  flags.Choice("--bus", s.bus.adapter, kBusChoices, "Event bus adapter: inproc | kafka");
  flags.Choice("--cache", s.cache.adapter, kCacheChoices,
               "Idempotency cache adapter: memory | redis");
  flags.Option("--data-dir", s.storage.data_dir,
               "Folder of the SQLite databases (one file per service)");
  flags.Option("--sqlite-durable", s.storage.sqlite_durable,
               "SQLite synchronous=FULL (true) or NORMAL (false)");

  flags.Option("--pg-uri", s.storage.pg_uri,
               "PostgreSQL server URI without a database; each service uses <service>_db");
  flags.Option("--pg-database", s.storage.pg_database,
               "Database name on the --pg-uri server; {service} becomes the service's name");
  flags.Option("--db-uri", s.storage.db_uri, "Full URI of this service's database (single target)");
  flags.Option("--pg-pool-max-open", s.storage.pg_pool_max_open,
               "Connections per database, at most");
  flags.Option("--pg-pool-max-idle", s.storage.pg_pool_max_idle,
               "Idle connections kept per database");

  flags.Option("--kafka-brokers", s.bus.kafka_brokers, "Kafka bootstrap servers, host:port[,...]");
  flags.Option("--bus-namespace", s.bus.topic_namespace,
               "Prefix of every topic and consumer group, to share a broker");
  flags.Option("--kafka-partitions", s.bus.kafka_partitions, "Partitions of topics created");
  flags.Option("--kafka-replication-factor", s.bus.kafka_replication_factor,
               "Replicas of each topic created (at most the number of brokers)");
  flags.Option("--kafka-linger-ms", s.bus.kafka_linger_ms, "Producer linger.ms");
  flags.Option("--kafka-statistics-interval-ms", s.bus.kafka_statistics_interval_ms,
               "How often consumers report statistics (consumer lag metric); 0 turns them off");
  AddPropertyOption(flags, "--kafka-producer-prop",
                    "librdkafka producer property key=value (repeatable)",
                    s.bus.kafka_producer_props);
  AddPropertyOption(flags, "--kafka-consumer-prop",
                    "librdkafka consumer property key=value (repeatable)",
                    s.bus.kafka_consumer_props);

  flags.Option("--redis", s.cache.redis, "Redis host:port");
  flags.Flag("--kafka-tls", s.bus.kafka_tls,
             "Reach Kafka over TLS with the --server-tls-* identity");
  flags.Flag("--redis-tls", s.cache.redis_tls,
             "Reach Redis over TLS with the --server-tls-* identity");
  flags.Option("--server-tls-ca", s.server_tls.ca,
               "PEM file of the CA that signed the Kafka and Redis servers' certificates");
  flags.Option("--server-tls-cert", s.server_tls.cert,
               "PEM file of the client certificate presented to Kafka and Redis");
  flags.Option("--server-tls-key", s.server_tls.key,
               "PEM file of that certificate's private key (keep it 0600)");

  flags.Option("--http-host", s.http.host, "Address the HTTP servers bind");
  flags.Function<int>(
      "--http-port", [&s](int port) { s.http.port = port; },
      "HTTP port of a single-target process (default 8001..8004 by service)");
  flags.Option("--http-base-port", s.http.base_port,
               "First HTTP port: order, payment, inventory, delivery on it and the next three");
  flags.Option("--console-port", s.http.console_port,
               "Port of the saga console, served in embedded mode and by `sagashop console`; "
               "0: none");
  flags.Option("--http-workers", s.http.workers, "Handler threads per service");
  flags.Option("--http-max-queued-requests", s.http.max_queued_requests,
               "Requests waiting for a handler thread, at most; more are answered 503 with "
               "Retry-After at once");
  flags.Option("--http-max-connections", s.http.max_connections,
               "Open connections per service, at most; more are closed as they are accepted");
  flags.Option("--http-max-connections-per-client", s.http.max_connections_per_client,
               "Open connections per service from one client address, at most");
  flags.Option("--http-rate-limit-per-client", s.http.rate_limit_per_client,
               "Requests per second one client address may send each service (bursts of twice "
               "that); more are answered 429 with Retry-After. 0 turns it off");
  flags.Option("--http-rate-limit-reads-per-subject", s.http.rate_limit_reads_per_subject,
               "GET requests per second one token subject may send each service (bursts of "
               "twice that; tokens with the ops scope are exempt). 0 turns it off");
  flags.Option("--http-rate-limit-writes-per-subject", s.http.rate_limit_writes_per_subject,
               "Other requests (POST, PUT, ...) per second one token subject may send each "
               "service (bursts of twice that; tokens with the ops scope are exempt). 0 turns "
               "it off");
  flags.Option("--data-keys", s.storage.data_keys,
               "File of the AES-256 keys that seal personal data at rest (one active). Embedded "
               "mode: <data-dir>/data-keys, made at the first start; required with PostgreSQL");
  flags.Option("--http-tls-cert", s.http.tls_cert,
               "PEM certificate chain the HTTP servers present (HTTPS); default in embedded "
               "mode: a local one made in <data-dir>/tls on first start");
  flags.Option("--http-tls-key", s.http.tls_key, "PEM private key of --http-tls-cert");
  flags.Option("--http-tls-ca", s.http.tls_ca,
               "PEM file of the CAs this process's HTTPS clients trust (the commands, calls to an "
               "https:// provider); default in embedded mode: <data-dir>/tls/ca.pem");
  flags.Flag("--http-plaintext", s.http.plaintext,
             "Serve and call plain HTTP, no TLS (a warning is logged)");
  flags.Option("--auth-keys", s.auth.keys,
               "File of the public keys bearer tokens must be signed with: PEM, or a JWK Set "
               "(JSON) as an identity provider publishes it. Without it, embedded mode makes "
               "a key of its own in the data folder (sagashop token prints tokens)");
  flags.Option("--auth-issuer", s.auth.issuer, "The iss every bearer token must carry");
  flags.Option("--auth-audience", s.auth.audience, "A value every bearer token's aud must hold");
  flags.Flag("--insecure", s.insecure,
             "Run without what production needs (bearer tokens), with a warning; for a trial "
             "on a trusted network only");
  flags.Option("--token", s.auth.token,
               "Bearer token that demo and bench send; default: one made with the embedded "
               "mode's local key");

  flags.Option("--consumer-max-batch", s.consumer.max_batch, "Events applied per transaction");
  flags.Option("--consumer-max-wait-ms", s.consumer.max_wait_ms,
               "How long to wait to fill a batch");
  flags.Option("--consumer-max-attempts", s.consumer.max_attempts,
               "Attempts at an event that keeps failing before it is parked");
  flags.Option("--consumer-retry-backoff-ms", s.consumer.retry_backoff_ms,
               "First wait before trying a failed event again (doubles, with jitter)");
  flags.Option("--consumer-retry-backoff-max-ms", s.consumer.retry_backoff_max_ms,
               "Longest wait between attempts at a failed event");
  flags.Option("--outbox-batch-size", s.outbox.batch_size, "Outbox rows published per round");
  flags.Option("--outbox-poll-ms", s.outbox.poll_ms,
               "Timer fallback of the outbox relay and the dead-letter replayer, milliseconds");

  flags.Option("--payment-limit", s.outside_world.payment_limit,
               "Simulated gateway declines amounts above");
  flags.Option("--payment-latency-ms", s.outside_world.payment_latency_ms,
               "Simulated gateway latency, the median");
  flags.Option("--payment-latency-p99-ms", s.outside_world.payment_latency_p99_ms,
               "Simulated gateway latency, the 99th percentile (a long tail above the median)");
  flags.Option("--payment-failure-rate", s.outside_world.payment_failure_rate,
               "Simulated gateway transient failure rate [0,1]; 1 is an outage");
  flags.Option("--carrier-latency-ms", s.outside_world.carrier_latency_ms,
               "Simulated carrier latency, the median");
  flags.Option("--carrier-latency-p99-ms", s.outside_world.carrier_latency_p99_ms,
               "Simulated carrier latency, the 99th percentile");
  flags.Option("--carrier-failure-rate", s.outside_world.carrier_failure_rate,
               "Simulated carrier transient failure rate [0,1]; 1 is an outage");
  flags.Option("--payment-provider-url", s.outside_world.payment_provider_url,
               "The payment provider's HTTP API (http:// or https://host:port); default: simulated "
               "in-process");
  flags.Option(
      "--carrier-url", s.outside_world.carrier_url,
      "The carrier's HTTP API (http:// or https://host:port); default: simulated in-process");
  flags.Option("--outside-calls-max-in-flight", s.outside_world.calls_max_in_flight,
               "Calls to the payment provider (or carrier) in flight at once, per service");
  flags.Option("--outside-call-timeout-ms", s.outside_world.call_timeout_ms,
               "A call to the provider or carrier unanswered by then is retried");
  flags.Option("--outside-call-retry-backoff-ms", s.outside_world.call_retry_backoff_ms,
               "First wait before retrying an unanswered call (doubles, with jitter)");
  flags.Option("--outside-call-retry-backoff-max-ms", s.outside_world.call_retry_backoff_max_ms,
               "Longest wait between attempts at an unanswered call");
  flags.Option("--outside-call-breaker-failures", s.outside_world.call_breaker_failures,
               "Unanswered calls in a row that open the provider's circuit breaker");
  flags.Option("--outside-call-breaker-open-ms", s.outside_world.call_breaker_open_ms,
               "How long an open circuit holds calls back before one probe");
  flags.Option("--reservation-ttl-seconds", s.saga.reservation_ttl_seconds,
               "Reservations not committed or released within this are expired");
  flags.Option("--reservation-sweep-grace-seconds", s.saga.reservation_sweep_grace_seconds,
               "Expired reservations are released this long after expired_at");

  flags.Option("--saga-stuck-after-seconds", s.saga.stuck_after_seconds,
               "A saga idle this long is listed by GET /sagas?stuck=true");
  flags.Option("--max-sagas-in-flight", s.saga.max_sagas_in_flight,
               "POST /orders answers 503 with Retry-After while this many sagas are under way "
               "(0: never, not for production)");
  flags.Option("--idempotency-key-retention-hours", s.saga.idempotency_key_retention_hours,
               "How long an Idempotency-Key of POST /orders names its order (fractions allowed)");
  // A test seam, so it is left out of --help (an empty group hides an option in CLI11).
  flags.Option("--crash-at", s.crash_at, "Kill this process at a point (tests only)")->group("");
  flags.Option("--event-tap", s.event_tap, "Append each event published to a file (tests only)")
      ->group("");
  flags.Choice("--log-level", s.log.level, kLogLevelChoices, "trace | debug | info | warn | error");
  flags.Choice("--log-format", s.log.format, kLogFormatChoices,
               "json (one object per line; the default for services) | text (readable; the "
               "default for commands)");
}

}  // namespace sagashop::app
