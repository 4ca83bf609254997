#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/tls_client_files.h"

namespace sagashop::app {

// Which services this process runs (Loki-style targets): one, or all four.
enum class Target { kAll, kOrder, kPayment, kInventory, kDelivery };

// Every setting of a running sagashop, from flags or SAGASHOP_* environment variables. Validate()
// stops the process at start-up with a message naming the bad setting.
struct Settings {
  Target target = Target::kAll;
  // Embedded mode by default: SQLite files, in-process bus, in-memory cache, no servers at all.
  std::string storage = "sqlite";  // sqlite | postgres
  std::string bus = "inproc";      // inproc | kafka
  std::string cache = "memory";    // memory | redis

  // SQLite: one database file per service, "<data_dir>/<service>.db".
  std::string data_dir = "data";
  bool sqlite_durable = true;  // synchronous=FULL: a committed transaction survives power loss

  // PostgreSQL: a server URI without a database; each service uses "<service>_db" on it. A
  // single-service process may instead be given its database's full URI. TLS is asked for in the
  // URI's parameters (sslmode=verify-full, sslrootcert, sslcert, sslkey), which are kept.
  std::string pg_uri;
  std::string pg_database = "{service}_db";  // the database name; "{service}" is replaced
  std::string db_uri;
  int pg_pool_max_open = 25;
  int pg_pool_max_idle = 10;

  std::string kafka_brokers;
  // Prefixes every topic and consumer group ("<ns>.order.created.v1"), so several systems can
  // share one broker; empty by default, when topics are exactly the event types.
  std::string bus_namespace;
  int kafka_partitions = 4;
  int kafka_linger_ms = 0;
  // How often librdkafka reports statistics, the source of the consumer-lag metric; 0 turns
  // them off.
  int kafka_statistics_interval_ms = 5000;
  std::map<std::string, std::string> kafka_producer_props;
  std::map<std::string, std::string> kafka_consumer_props;

  std::string redis = "127.0.0.1:6379";  // host:port

  // Mutual TLS to Kafka and Redis (docs/security.md): one client identity, PEM files of the CA
  // that signed the servers' certificates and of this client's certificate and key. Each server
  // uses it only when its switch is on.
  std::string server_tls_ca;
  std::string server_tls_cert;
  std::string server_tls_key;
  bool kafka_tls = false;
  bool redis_tls = false;

  std::string http_host = "127.0.0.1";
  std::optional<int> http_port;  // single service only; default 8001..8004 by service
  int http_base_port = 8001;     // order, payment, inventory, delivery on base, base+1, ...
  int http_workers = 8;
  // Requests waiting for a handler thread, at most; more are shed with 503 (docs/operations.md).
  int http_max_queued_requests = 256;
  // Open connections per service, in all and from one client address (docs/operations.md).
  int http_max_connections = 4096;
  int http_max_connections_per_client = 1024;
  // Requests per second from one client address per service, bursts twice that; 0: off.
  int http_rate_limit_per_client = 2000;
  // Requests per second one token subject may send each service, reads (GET) and writes apart,
  // bursts twice that; tokens with the ops scope are exempt; 0: off (docs/security.md).
  int http_rate_limit_reads_per_subject = 100;
  int http_rate_limit_writes_per_subject = 10;

  // HTTPS (docs/security.md): the servers' certificate chain and key (PEM files), and the CA file
  // the clients of this process trust (the commands' requests, calls to an https:// provider).
  // Embedded mode without a certificate makes a local CA and certificate in <data_dir>/tls on its
  // first start. --http-plaintext turns HTTPS off.
  std::string http_tls_cert;
  std::string http_tls_key;
  std::string http_tls_ca;
  bool http_plaintext = false;

  // Bearer tokens (docs/security.md): the keys tokens must be signed with (a PEM file of public
  // keys or a JWK Set), the issuer and audience they must name. Without keys, embedded mode signs
  // and checks with a key of its own in the data folder; distributed mode refuses to start.
  std::string auth_keys;
  std::string auth_issuer;
  std::string auth_audience = "sagashop";
  // Turns off what production needs and a local trial does not (today: bearer tokens), with a
  // warning. Never the default.
  bool insecure = false;
  // The bearer token that commands reaching a running system (demo, bench) send; without it they
  // make one with the embedded mode's local key, when the data folder has it.
  std::string token;

  // The data key file that seals personal data at rest (docs/security.md, Encryption at rest).
  // Embedded mode: "<data_dir>/data-keys" unless given, made at the first start. With PostgreSQL
  // it must be given: the processes of one system share it.
  std::string data_keys;

  int consumer_max_batch = 500;
  int consumer_max_wait_ms = 0;
  // An event that keeps failing for a reason of its own is tried this often, with exponential
  // backoff and jitter from the first wait up to the max between attempts, then parked.
  int consumer_max_attempts = 3;
  int consumer_retry_backoff_ms = 100;
  int consumer_retry_backoff_max_ms = 2000;
  int outbox_batch_size = 500;
  int outbox_poll_ms = 1000;

  // The simulated outside world: a latency is the median of a log-normal distribution whose 99th
  // percentile is the matching *_p99_ms (constant when that is not above the median).
  std::int64_t payment_limit = 1'000'000;
  int payment_latency_ms = 0;
  int payment_latency_p99_ms = 0;
  double payment_failure_rate = 0.0;
  int carrier_latency_ms = 0;
  int carrier_latency_p99_ms = 0;
  double carrier_failure_rate = 0.0;

  // A provider's HTTP API (docs/outside-world.md), e.g. http://127.0.0.1:8010 for
  // `sagashop outside-world`; empty: the in-process simulator above.
  std::string payment_provider_url;
  std::string carrier_url;

  // Calls to the payment provider and the carrier (docs/outside-calls.md), per service.
  int outside_calls_max_in_flight = 256;
  int outside_call_timeout_ms = 10'000;
  int outside_call_retry_backoff_ms = 200;
  int outside_call_retry_backoff_max_ms = 30'000;
  int outside_call_breaker_failures = 5;  // unanswered attempts in a row that open the circuit
  int outside_call_breaker_open_ms = 1'000;
  int reservation_ttl_seconds = 15 * 60;
  int reservation_sweep_grace_seconds = 60;  // released this long after expiring
  int saga_stuck_after_seconds = 60;         // GET /sagas?stuck=true lists sagas idle this long
  // How long an Idempotency-Key of POST /orders names its order, from its first use. Fractions
  // are allowed (0.5 is half an hour).
  double idempotency_key_retention_hours = 24;
  // POST /orders answers 503 with Retry-After while this many sagas are under way (admission
  // control; docs/operations.md). 0 turns it off, which is logged.
  std::int64_t max_sagas_in_flight = 1'000;

  std::string log_level = "info";
  // json: one JSON object per line (docs/logging.md), for services whose logs are collected;
  // text: one readable line, for people at a terminal. Commands (demo, verify, dlt, bench) write
  // text unless told otherwise.
  std::string log_format = "json";

  // Test seam only: "<point>[:<nth>]" kills the process at that moment (bus::CrashPlan). Empty in
  // any real deployment.
  std::string crash_at;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
  // Validate(), and what a process serving the API needs besides: what secures it, unless
  // --insecure says to run without.
  void ValidateServing() const;

  // One process, all four services, on SQLite files: what `make run` starts. It keeps its own key
  // material (token-signing key, local CA, data keys) beside its data.
  bool Embedded() const { return storage == "sqlite" && target == Target::kAll; }
  // Whether the HTTP servers speak HTTPS: with a certificate given, or in embedded mode (its local
  // certificate), unless --http-plaintext.
  bool HttpUsesTls() const { return !http_plaintext && (!http_tls_cert.empty() || Embedded()); }
  // The local CA's folder, used in embedded mode when no certificate is given.
  std::string LocalTlsDir() const { return data_dir + "/tls"; }

  // The services this process runs, in start order.
  std::vector<std::string> Services() const;
  int DefaultPort(const std::string& service) const;
  int PortOf(const std::string& service) const;
  // The libpq URI of `service`'s database.
  std::string DatabaseUri(const std::string& service) const;
  // The SQLite file of `service`'s database.
  std::string DatabaseFile(const std::string& service) const;
  // --data-keys, or embedded mode's default; "" when there is none (PostgreSQL without the flag).
  std::string DataKeyFile() const;
  std::chrono::milliseconds IdempotencyKeyRetention() const;
  // The client identity for Kafka and Redis, as configured by --server-tls-*.
  core::TlsClientFiles ServerTls() const;
  // True when every server this configuration connects to is reached over TLS that checks the
  // server: PostgreSQL with sslmode verify-full or verify-ca, Kafka and Redis with their TLS
  // switches on. A configuration with no servers (embedded mode) is trivially true.
  bool ServersUseTls() const;
};

std::optional<Target> ParseTarget(std::string_view text);

}  // namespace sagashop::app
