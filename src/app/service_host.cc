#include "app/service_host.h"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <chrono>

#include "api/openapi_document.h"
#include "app/dead_letter_routes.h"
#include "app/dependency_checks.h"
#include "contracts/event_types.h"
#include "platform/bus/tap/tapping_publisher.h"
#include "platform/bus/timed_publisher.h"
#include "platform/db/db_error.h"
#include "platform/http/json_response.h"
#include "platform/log/log_scope.h"
#include "platform/metrics/db_pool_metrics.h"
#include "platform/metrics/metric_buckets.h"
#include "platform/outbox/outbox_backlog.h"
#include "services/common/event_log_fields.h"

namespace sagashop::app {
ServiceHost::ServiceHost(services::ServiceModule& module, db::Database& database,
                         bus::EventBus& bus, cache::IdempotencyCache& cache,
                         metrics::MetricsRegistry& metrics, ServiceHostConfig config)
    : module_(module),
      database_(database),
      bus_(bus),
      cache_(cache),
      metrics_(metrics),
      config_(std::move(config)),
      name_(module.Name()) {
  if (metrics_.Service() != name_) {
    throw std::invalid_argument("the metrics of " + metrics_.Service() + " given to the " + name_ +
                                " service");
  }
  AddSampledMetrics();
}

ServiceHost::~ServiceHost() {
  Stop();
}

void ServiceHost::StartConsuming() {
  // What this starts (consumer threads, the migrations' lines) names this service in its logs.
  const log::LogScope scope({.service = name_});
  database_.ApplyMigrations(module_.Migrations());

  // Every topic this service may publish to or read from, and the dead-letter topics of those it
  // reads, exist before anything is produced or consumed.
  std::vector<std::string> topics(contracts::kAllEventTypes.begin(),
                                  contracts::kAllEventTypes.end());
  for (const std::string& topic : module_.SubscribedTopics()) {
    topics.push_back(contracts::DeadLetterTopic(topic));
  }
  bus_.EnsureTopics(topics);

  dead_letter_publisher_ = bus_.CreatePublisher();
  inbox::InboxConsumerConfig inbox = config_.inbox;
  inbox.consumer = name_;
  inbox.describe_for_log = services::DescribeEventForLog;
  consumer_ = std::make_unique<inbox::InboxConsumer>(
      database_, cache_, *dead_letter_publisher_, std::move(inbox),
      inbox::BatchHandler(
          [this](db::Transaction& tx, std::span<const bus::IncomingMessage* const> messages) {
            module_.HandleEvents(tx, messages);
          }));
  bus::SubscriptionOptions subscription = config_.subscription;
  subscription.group = ConsumerGroupOf(name_);
  subscription.topics = module_.SubscribedTopics();
  subscription_ = bus_.Subscribe(subscription, [this](std::span<const bus::IncomingMessage> batch) {
    consumer_->HandleBatch(batch);
  });
}

void ServiceHost::StartServing() {
  const log::LogScope scope({.service = name_});
  replay_publisher_ = bus_.CreatePublisher();
  config_.replayer.service = name_;
  replayer_ =
      std::make_unique<inbox::DeadLetterReplayer>(database_, *replay_publisher_, config_.replayer);
  replayer_->Start();

  prometheus::Histogram& publish_duration = metrics_.Histogram(
      "sagashop_outbox_publish_duration_seconds",
      "One outbox relay batch, from handing it to the bus to its acknowledgement.",
      metrics::PublishDurationBuckets());
  relay_publisher_ = std::make_unique<bus::TimedPublisher>(
      bus_.CreatePublisher(), [&publish_duration](std::chrono::steady_clock::duration took) {
        publish_duration.Observe(std::chrono::duration<double>(took).count());
      });
  if (config_.event_tap != nullptr) {
    // Outside the timing: what the tap costs is no part of the bus's answer.
    relay_publisher_ = std::make_unique<bus::TappingPublisher>(std::move(relay_publisher_),
                                                               *config_.event_tap, name_);
  }
  config_.relay.service = name_;
  config_.relay.on_published = [this](std::span<const outbox::PublishedEvent> events) {
    return module_.StatementOnPublished(events);
  };
  relay_ = std::make_unique<outbox::OutboxRelay>(database_, *relay_publisher_, config_.relay);
  relay_->Start();
  module_.StartBackgroundWork();

  http::Router router = MakeRouter();
  http_metrics_ = std::make_unique<metrics::HttpRequestMetrics>(metrics_, router.Patterns());
  server_ = std::make_unique<http::Server>(
      config_.http, std::move(router),
      [metrics = http_metrics_.get()](const http::RequestRecord& record) {
        metrics->Observe(record);
      });
  server_->Start();
  spdlog::info("{} service listening on {}://{}:{}", name_,
               config_.http.UsesTls() ? "https" : "http", config_.http.address, server_->Port());
}

void ServiceHost::StopServing() {
  const log::LogScope scope({.service = name_});
  if (replayer_) replayer_->Stop();
  if (server_) server_->Stop();
  module_.StopBackgroundWork();
  if (relay_) relay_->Stop();
}

void ServiceHost::StopConsuming() {
  const log::LogScope scope({.service = name_});
  subscription_.reset();  // finishes the batch in progress and leaves the group
}

http::Router ServiceHost::MakeRouter() {
  http::Router router;
  module_.RegisterRoutes(router);
  AddDeadLetterRoutes(router, database_, name_);
  if (config_.authenticate) {
    router.RequireAuthentication(
        http::WithSubjectRateLimits(config_.authenticate, config_.subject_rate_limits));
  }
  // Probes and scrapes are never shed: an overloaded service must still be seen as one.
  router.Add(
      "GET", "/health", [this](const http::Request&) { return Health(); },
      http::UnderLoad::kQueued);
  router.Add(
      "GET", "/ready", [this](const http::Request&) { return Ready(); }, http::UnderLoad::kQueued);
  router.Add(
      "GET", "/metrics", [this](const http::Request&) { return Metrics(); },
      http::UnderLoad::kQueued);
  // The contract is public, like any published API description; made once, it is only copied.
  router.Add("GET", "/openapi.json",
             [document = http::JsonResponse(200, api::OpenApiFor(name_))](const http::Request&) {
               return document;
             });
  return router;
}

std::vector<http::Endpoint> ServiceHost::Endpoints() {
  return MakeRouter().Endpoints();
}

http::Response ServiceHost::Health() const {
  // Liveness: answering at all says the process works. The dependencies are reported for
  // whoever looks, but never fail it: restarting the process would not bring a database back.
  DependencyReport report = CheckDependencies(database_, bus_, cache_);
  return http::JsonResponse(
      200, boost::json::object{
               {"status", "UP"}, {"service", name_}, {"checks", std::move(report.checks)}});
}

http::Response ServiceHost::Ready() const {
  DependencyReport report = CheckDependencies(database_, bus_, cache_);
  return http::JsonResponse(report.Ready() ? 200 : 503,
                            boost::json::object{{"status", report.ReadinessStatus()},
                                                {"service", name_},
                                                {"checks", std::move(report.checks)}});
}

http::Response ServiceHost::Metrics() const {
  http::Response response;
  response.status = 200;
  response.content_type = metrics::MetricsRegistry::kContentType;
  response.body = metrics_.Serialize();
  return response;
}

void ServiceHost::AddSampledMetrics() {
  // The parts read here exist from StartConsuming/StartServing on, before the server that
  // serves /metrics starts, and go only after it stopped; a part not there yet reads as zero.
  auto inbox_counter = [this](const char* name, const char* help,
                              std::atomic<std::uint64_t> inbox::InboxCounters::*field) {
    metrics_.AddSampledCounter(name, help, [this, field] {
      return consumer_ ? static_cast<double>((consumer_->Counters().*field).load()) : 0.0;
    });
  };
  inbox_counter("sagashop_inbox_events_processed_total", "Events applied through the inbox.",
                &inbox::InboxCounters::processed);
  inbox_counter("sagashop_inbox_duplicates_skipped_total",
                "Redelivered events skipped (by the cache or the inbox table).",
                &inbox::InboxCounters::duplicates_skipped);
  inbox_counter("sagashop_inbox_retries_total",
                "Failed attempts at an event that were tried again after a backoff.",
                &inbox::InboxCounters::retried);
  inbox_counter("sagashop_dead_lettered_events_total", "Events parked on a dead-letter topic.",
                &inbox::InboxCounters::dead_lettered);
  metrics_.AddSampledCounter(
      "sagashop_dead_letters_replayed_total", "Dead letters published again on request.",
      [this] { return replayer_ ? static_cast<double>(replayer_->ReplayedTotal()) : 0.0; });
  metrics_.AddSampledCounter(
      "sagashop_outbox_published_total", "Outbox events acknowledged by the bus.",
      [this] { return relay_ ? static_cast<double>(relay_->PublishedTotal()) : 0.0; });
  metrics_.AddSampledGauge(
      "sagashop_outbox_backlog_events", "Outbox events not yet published (PENDING rows).",
      [this] { return static_cast<double>(outbox::ReadOutboxBacklog(database_).pending); });
  metrics_.AddSampledGauge(
      "sagashop_outbox_oldest_pending_age_seconds",
      "How long the oldest unpublished outbox event has waited; 0 when none waits.",
      [this] { return outbox::ReadOutboxBacklog(database_).oldest_age.count(); });
  metrics::AddPoolGauges(metrics_, database_);
  metrics_.AddSampledCounter(
      "sagashop_redis_errors_total",
      "Calls to the idempotency cache that failed (each answered as a cache miss).",
      [this] { return static_cast<double>(cache_.ErrorCount()); });
  metrics_.AddSampled(
      "sagashop_kafka_consumer_lag",
      "Messages between this consumer's committed offset and the end of each "
      "partition it owns, from librdkafka's statistics.",
      prometheus::MetricType::Gauge, [this] {
        std::vector<metrics::Sample> samples;
        if (!subscription_) return samples;
        for (const bus::PartitionLag& lag : subscription_->ConsumerLag()) {
          samples.push_back({{{"topic", lag.topic}, {"partition", std::to_string(lag.partition)}},
                             static_cast<double>(lag.lag)});
        }
        return samples;
      });
  metrics_.AddSampledGauge("sagashop_http_requests_in_flight",
                           "HTTP requests read and not yet answered (this scrape included).",
                           [this] { return server_ ? server_->InFlight() : 0.0; });
}

}  // namespace sagashop::app
