#pragma once

#include <memory>
#include <string>
#include <vector>

#include "platform/bus/event_bus.h"
#include "platform/bus/tap/message_tap.h"
#include "platform/cache/idempotency_cache.h"
#include "platform/db/database.h"
#include "platform/http/router.h"
#include "platform/http/server.h"
#include "platform/http/subject_rate_limits.h"
#include "platform/inbox/dead_letter_replayer.h"
#include "platform/inbox/inbox_consumer.h"
#include "platform/metrics/http_request_metrics.h"
#include "platform/metrics/metrics_registry.h"
#include "platform/outbox/outbox_relay.h"
#include "services/common/service_module.h"

namespace sagashop::app {

// The consumer group every instance of `service` joins.
inline std::string ConsumerGroupOf(std::string_view service) {
  return "sagashop-" + std::string(service);
}

struct ServiceHostConfig {
  http::ServerConfig http;
  outbox::OutboxRelayConfig relay;
  bus::SubscriptionOptions subscription;     // group and topics are filled in from the module
  inbox::InboxConsumerConfig inbox;          // the consumer is filled in from the module
  inbox::DeadLetterReplayerConfig replayer;  // the service is filled in from the module
  // When set, every route of the module requires it (probes and /metrics stay open).
  http::Authenticator authenticate;
  // What an authenticated subject may send, on top of http.rate_limit_per_client.
  http::SubjectRateLimits subject_rate_limits;
  // A test seam: when set, every event the outbox relay publishes is also handed to it, once the
  // bus acknowledged it. It must outlive the host.
  bus::MessageTap* event_tap = nullptr;
};

// Runs one service module on the ports it is given: migrates its database, publishes its outbox,
// consumes its topics through the inbox (parking what it cannot apply), replays the dead letters an
// operator asks for, and serves its HTTP API with /health, /ready and /metrics. The same host runs
// a service alone or beside the other three in one process.
//
// /metrics serves `metrics`, the service's own registry (which its module may have put business
// metrics in), after the host added what every service has: inbox, outbox, dead letters, the
// connection pool, the cache, consumer lag and HTTP requests. `metrics` must outlive the host.
class ServiceHost {
 public:
  ServiceHost(services::ServiceModule& module, db::Database& database, bus::EventBus& bus,
              cache::IdempotencyCache& cache, metrics::MetricsRegistry& metrics,
              ServiceHostConfig config);
  ~ServiceHost();

  ServiceHost(const ServiceHost&) = delete;
  ServiceHost& operator=(const ServiceHost&) = delete;

  // Starting is two steps so that, in one process, every service is consuming before any relay
  // publishes: the in-process bus has no broker to hold events for a reader that is not there yet.
  // Migrates the database, creates the topics and starts consuming.
  void StartConsuming();
  // Starts the dead-letter replayer, the outbox relay and the HTTP server.
  void StartServing();
  void Start() {
    StartConsuming();
    StartServing();
  }

  // Stops the replayer after its current round, stops taking requests (in-flight ones finish), and
  // stops the relay after its current round.
  void StopServing();
  // Stops consuming after the batch in progress.
  void StopConsuming();
  void Stop() {
    StopServing();
    StopConsuming();
  }

  std::uint16_t Port() const { return server_ ? server_->Port() : 0; }
  const std::string& Name() const { return name_; }

  // Every (method, path) the service answers over HTTP, as api/openapi.json must describe them.
  // Needs no start: it builds the routes as StartServing would and keeps nothing.
  std::vector<http::Endpoint> Endpoints();

 private:
  http::Router MakeRouter();
  http::Response Health() const;
  http::Response Ready() const;
  http::Response Metrics() const;
  // The metrics read at scrape time from the parts of the host (registered once).
  void AddSampledMetrics();

  services::ServiceModule& module_;
  db::Database& database_;
  bus::EventBus& bus_;
  cache::IdempotencyCache& cache_;
  metrics::MetricsRegistry& metrics_;
  ServiceHostConfig config_;
  std::string name_;

  std::unique_ptr<bus::Publisher> relay_publisher_;
  std::unique_ptr<bus::Publisher> dead_letter_publisher_;
  std::unique_ptr<outbox::OutboxRelay> relay_;
  std::unique_ptr<bus::Publisher> replay_publisher_;
  std::unique_ptr<inbox::DeadLetterReplayer> replayer_;
  std::unique_ptr<inbox::InboxConsumer> consumer_;
  std::unique_ptr<bus::Subscription> subscription_;
  std::unique_ptr<metrics::HttpRequestMetrics> http_metrics_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace sagashop::app
