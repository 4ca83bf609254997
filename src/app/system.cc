#include "app/system.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/authentication.h"
#include "app/console_config.h"
#include "app/data_keys.h"
#include "app/http_tls.h"
#include "app/service_database.h"
#include "platform/bus/crashing/crashing_event_bus.h"
#include "platform/bus/inproc/inproc_event_bus.h"
#include "platform/bus/kafka/kafka_event_bus.h"
#include "platform/bus/namespaced_event_bus.h"
#include "platform/bus/tap/json_lines_tap_file.h"
#include "platform/cache/memory/in_memory_idempotency_cache.h"
#include "platform/cache/redis/redis_idempotency_cache.h"
#include "platform/http/origin.h"
#include "platform/metrics/db_pool_metrics.h"
#include "platform/tls/tls_context.h"
#include "services/common/access.h"
#include "services/delivery/delivery_module.h"
#include "services/delivery/domain/simulated_carrier.h"
#include "services/delivery/http_carrier.h"
#include "services/inventory/inventory_module.h"
#include "services/order/order_module.h"
#include "services/payment/domain/simulated_gateway.h"
#include "services/payment/http_payment_gateway.h"
#include "services/payment/payment_module.h"

namespace sagashop::app {
namespace {

// The per-subject limits, with a warning for a class turned off: production wants both.
http::SubjectRateLimits SubjectRateLimitsOf(const Settings& settings) {
  if (!settings.insecure && settings.http.rate_limit_reads_per_subject == 0) {
    spdlog::warn("--http-rate-limit-reads-per-subject=0: one token may send reads without limit");
  }
  if (!settings.insecure && settings.http.rate_limit_writes_per_subject == 0) {
    spdlog::warn("--http-rate-limit-writes-per-subject=0: one token may send writes without limit");
  }
  return {.reads_per_second = static_cast<double>(settings.http.rate_limit_reads_per_subject),
          .writes_per_second = static_cast<double>(settings.http.rate_limit_writes_per_subject),
          .exempt_scope = std::string(services::kOperatorScope)};
}

std::unique_ptr<bus::EventBus> MakeKafkaBus(const Settings& settings) {
  bus::KafkaConfig config;
  config.brokers = settings.bus.kafka_brokers;
  config.client_id = "sagashop";
  if (settings.bus.kafka_tls) config.tls = settings.server_tls.Files();
  config.partitions = settings.bus.kafka_partitions;
  config.replication_factor = settings.bus.kafka_replication_factor;
  config.linger = std::chrono::milliseconds(settings.bus.kafka_linger_ms);
  config.statistics_interval = std::chrono::milliseconds(settings.bus.kafka_statistics_interval_ms);
  config.producer_overrides = settings.bus.kafka_producer_props;
  config.consumer_overrides = settings.bus.kafka_consumer_props;
  return std::make_unique<bus::NamespacedEventBus>(std::make_unique<bus::KafkaEventBus>(config),
                                                   settings.bus.topic_namespace);
}

outcall::OutsideCallDispatcherConfig OutsideCallsConfig(const Settings& settings) {
  using std::chrono::milliseconds;
  outcall::OutsideCallDispatcherConfig config;
  config.max_in_flight = settings.outside_world.calls_max_in_flight;
  config.call_timeout = milliseconds(settings.outside_world.call_timeout_ms);
  config.retry_backoff_initial = milliseconds(settings.outside_world.call_retry_backoff_ms);
  config.retry_backoff_max = milliseconds(settings.outside_world.call_retry_backoff_max_ms);
  config.breaker_failure_threshold = settings.outside_world.call_breaker_failures;
  config.breaker_open_for = milliseconds(settings.outside_world.call_breaker_open_ms);
  config.poll = milliseconds(settings.outbox.poll_ms);
  return config;
}

// The client of a provider's HTTP API: a connection for every call the dispatcher may have in
// flight. The dispatcher keeps the deadline; the client's own comes a second later, only to free
// the connection of a call the dispatcher has given up waiting for.
http::AsyncClientConfig ProviderClient(const std::string& url, const Settings& settings) {
  const http::Origin origin = http::ParseHttpOrigin(url);
  http::AsyncClientConfig config;
  config.host = origin.host;
  config.port = origin.port;
  config.max_connections = settings.outside_world.calls_max_in_flight;
  config.max_queued = settings.outside_world.calls_max_in_flight;
  config.request_timeout =
      std::chrono::milliseconds(settings.outside_world.call_timeout_ms + 1'000);
  // An https:// provider is checked against --http-tls-ca, or the CAs the system trusts.
  if (origin.tls) config.tls = tls::MakeClientContext(settings.http.tls_ca);
  return config;
}

std::unique_ptr<payment::PaymentGateway> MakeGateway(const Settings& settings) {
  if (!settings.outside_world.payment_provider_url.empty()) {
    return std::make_unique<payment::HttpPaymentGateway>(
        ProviderClient(settings.outside_world.payment_provider_url, settings));
  }
  return std::make_unique<payment::SimulatedGateway>(payment::SimulatedGatewayConfig{
      .limit = settings.outside_world.payment_limit,
      .latency = std::chrono::milliseconds(settings.outside_world.payment_latency_ms),
      .latency_p99 = std::chrono::milliseconds(settings.outside_world.payment_latency_p99_ms),
      .failure_rate = settings.outside_world.payment_failure_rate});
}

std::unique_ptr<delivery::Carrier> MakeCarrier(const Settings& settings) {
  if (!settings.outside_world.carrier_url.empty()) {
    return std::make_unique<delivery::HttpCarrier>(
        ProviderClient(settings.outside_world.carrier_url, settings));
  }
  return std::make_unique<delivery::SimulatedCarrier>(delivery::SimulatedCarrierConfig{
      .latency = std::chrono::milliseconds(settings.outside_world.carrier_latency_ms),
      .latency_p99 = std::chrono::milliseconds(settings.outside_world.carrier_latency_p99_ms),
      .failure_rate = settings.outside_world.carrier_failure_rate});
}

std::unique_ptr<cache::IdempotencyCache> MakeCache(const Settings& settings) {
  if (settings.cache.adapter == Cache::kMemory)
    return std::make_unique<cache::InMemoryIdempotencyCache>();
  cache::RedisConfig config;
  config.host = settings.cache.RedisHost();
  config.port = settings.cache.RedisPort();
  if (settings.cache.redis_tls) config.tls = settings.server_tls.Files();
  return std::make_unique<cache::RedisIdempotencyCache>(config);
}

}  // namespace

System::System(const Settings& settings) : settings_(settings) {
  const std::vector<std::string> services = settings_.Services();
  if (std::ranges::any_of(services,
                          [](const std::string& s) { return s == "order" || s == "delivery"; })) {
    cipher_ = OpenDataKeys(settings_);
  }
  for (const std::string& service : settings_.Services()) {
    metrics::MetricsRegistry& metrics =
        *metrics_.emplace_back(std::make_unique<metrics::MetricsRegistry>(service));
    db::CountedDatabase& database = *databases_.emplace_back(std::make_unique<db::CountedDatabase>(
        OpenServiceDatabase(settings_, service, metrics::PoolWaitObserver(metrics))));
    metrics::AddWorkCounters(metrics, database);
    modules_.push_back(MakeModule(service, database, metrics));
    caches_.push_back(MakeCache(settings_));
  }
  bus_ = MakeBus();
  if (!settings_.crash_at.empty()) {
    bus_ = std::make_unique<bus::CrashingEventBus>(std::move(bus_),
                                                   bus::CrashPlan::Parse(settings_.crash_at));
  }
  if (!settings_.event_tap.empty()) {
    event_tap_ = std::make_unique<bus::JsonLinesTapFile>(settings_.event_tap);
  }
}

std::unique_ptr<bus::EventBus> System::MakeBus() const {
  if (settings_.bus.adapter == Bus::kKafka) return MakeKafkaBus(settings_);
  // In one process nothing holds events for a reader that is not subscribed yet (or any more), so
  // the bus is told who will read what, and does not acknowledge an event before its readers
  // have it.
  bus::InProcBusConfig config;
  for (const auto& module : modules_) {
    config.expected_groups[ConsumerGroupOf(module->Name())] = module->SubscribedTopics();
  }
  return std::make_unique<bus::InProcEventBus>(config);
}

System::~System() {
  Stop();
}

std::unique_ptr<services::ServiceModule> System::MakeModule(const std::string& service,
                                                            db::Database& database,
                                                            metrics::MetricsRegistry& metrics) {
  if (service == "order") {
    return std::make_unique<order::OrderModule>(
        database,
        order::OrderConfig{.stuck_after = std::chrono::seconds(settings_.saga.stuck_after_seconds),
                           .idempotency_key_retention = settings_.saga.IdempotencyKeyRetention(),
                           .max_sagas_in_flight = settings_.saga.max_sagas_in_flight},
        metrics, *cipher_);
  }
  if (service == "payment") {
    gateway_ = MakeGateway(settings_);
    return std::make_unique<payment::PaymentModule>(database, *gateway_, metrics,
                                                    OutsideCallsConfig(settings_));
  }
  if (service == "inventory") {
    const std::chrono::seconds ttl(settings_.saga.reservation_ttl_seconds);
    // Sweep often enough that a reservation is released soon after its grace, cheaply enough
    // (an index range scan) that frequent rounds cost nothing.
    const auto interval = std::clamp<std::chrono::milliseconds>(
        std::chrono::duration_cast<std::chrono::milliseconds>(ttl) / 10,
        std::chrono::milliseconds(100), std::chrono::seconds(30));
    return std::make_unique<inventory::InventoryModule>(
        database,
        inventory::InventoryConfig{.reservation_ttl = ttl,
                                   .sweeper = {.grace = std::chrono::seconds(
                                                   settings_.saga.reservation_sweep_grace_seconds),
                                               .interval = interval}},
        metrics);
  }
  if (service == "delivery") {
    carrier_ = MakeCarrier(settings_);
    return std::make_unique<delivery::DeliveryModule>(database, *carrier_, metrics,
                                                      OutsideCallsConfig(settings_), *cipher_);
  }
  throw std::invalid_argument("unknown service " + service);
}

void System::Start() {
  if (!settings_.ServersUseTls()) {
    spdlog::warn(
        "--insecure: PostgreSQL, Kafka or Redis is reached without TLS that checks the server; "
        "whoever is on the path reads and changes what passes (docs/security.md)");
  }
  if (event_tap_) {
    spdlog::warn(
        "--event-tap: every event published is also appended to {} (a test seam; never in a "
        "deployment)",
        settings_.event_tap);
  }
  const http::Authenticator authenticate = MakeAuthenticator(settings_);
  const std::optional<tls::TlsFiles> tls_files = ServerTlsFiles(settings_);
  const http::SubjectRateLimits subject_rate_limits = SubjectRateLimitsOf(settings_);
  for (const auto& module : modules_) {
    const std::string service(module->Name());
    const std::size_t index = hosts_.size();
    ServiceHostConfig config;
    config.http.address = settings_.http.host;
    config.http.port = static_cast<std::uint16_t>(settings_.http.PortOf(service));
    config.http.worker_threads = settings_.http.workers;
    config.http.max_queued_requests = static_cast<std::size_t>(settings_.http.max_queued_requests);
    config.http.max_connections = static_cast<std::size_t>(settings_.http.max_connections);
    config.http.max_connections_per_client =
        static_cast<std::size_t>(settings_.http.max_connections_per_client);
    config.http.rate_limit_per_client = settings_.http.rate_limit_per_client;
    if (tls_files) {
      config.http.tls_certificate_chain = tls_files->certificate.string();
      config.http.tls_private_key = tls_files->private_key.string();
    }
    config.authenticate = authenticate;
    config.subject_rate_limits = subject_rate_limits;
    config.relay.service = service;
    config.relay.batch_size = static_cast<std::size_t>(settings_.outbox.batch_size);
    config.relay.idle_poll = std::chrono::milliseconds(settings_.outbox.poll_ms);
    config.subscription.max_batch = static_cast<std::size_t>(settings_.consumer.max_batch);
    config.subscription.max_batch_wait = std::chrono::milliseconds(settings_.consumer.max_wait_ms);
    config.inbox.max_attempts = settings_.consumer.max_attempts;
    config.inbox.retry_backoff_initial =
        std::chrono::milliseconds(settings_.consumer.retry_backoff_ms);
    config.inbox.retry_backoff_max =
        std::chrono::milliseconds(settings_.consumer.retry_backoff_max_ms);
    config.replayer.poll = std::chrono::milliseconds(settings_.outbox.poll_ms);
    config.event_tap = event_tap_.get();
    hosts_.push_back(std::make_unique<ServiceHost>(*module, *databases_[index], *bus_,
                                                   *caches_[index], *metrics_[index], config));
  }
  // Every service consumes before any publishes (see ServiceHost::StartConsuming).
  for (auto& host : hosts_) host->StartConsuming();
  for (auto& host : hosts_) host->StartServing();
  if (settings_.target == Target::kAll && settings_.http.console_port != 0) {
    console_ = std::make_unique<console::ConsoleServer>(ConsoleConfigOf(settings_));
    console_->Start();
    spdlog::info("console listening on {}", ConsoleAddress(settings_));
  }
}

void System::Stop() {
  if (stopped_) return;
  stopped_ = true;
  if (console_) console_->Stop();
  // Requests and relays stop first, so that no event is published to a consumer that is gone.
  for (auto it = hosts_.rbegin(); it != hosts_.rend(); ++it) (*it)->StopServing();
  for (auto it = hosts_.rbegin(); it != hosts_.rend(); ++it) (*it)->StopConsuming();
}

}  // namespace sagashop::app
