#include "app/service_host.h"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <chrono>

#include "app/dependency_checks.h"
#include "contracts/event_types.h"
#include "platform/db/db_error.h"
#include "platform/http/json_response.h"
#include "platform/log/log_scope.h"
#include "services/common/event_log_fields.h"

namespace sagashop::app {
ServiceHost::ServiceHost(services::ServiceModule& module, db::Database& database,
                         bus::EventBus& bus, cache::IdempotencyCache& cache,
                         ServiceHostConfig config)
    : module_(module),
      database_(database),
      bus_(bus),
      cache_(cache),
      config_(std::move(config)),
      name_(module.Name()) {}

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
      [this](db::Transaction& tx, const bus::IncomingMessage& message) {
        module_.HandleEvent(tx, message);
      });
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

  relay_publisher_ = bus_.CreatePublisher();
  config_.relay.service = name_;
  relay_ = std::make_unique<outbox::OutboxRelay>(database_, *relay_publisher_, config_.relay);
  relay_->Start();
  module_.StartBackgroundWork();

  http::Router router;
  module_.RegisterRoutes(router);
  router.Add("GET", "/health", [this](const http::Request&) { return Health(); });
  router.Add("GET", "/ready", [this](const http::Request&) { return Ready(); });
  router.Add("GET", "/metrics", [this](const http::Request&) { return Metrics(); });
  server_ = std::make_unique<http::Server>(config_.http, std::move(router));
  server_->Start();
  spdlog::info("{} service listening on http://{}:{}", name_, config_.http.address,
               server_->Port());
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
  const inbox::InboxCounters& inbox = consumer_->Counters();
  const db::PoolStats pool = database_.GetPoolStats();
  std::string text;
  auto counter = [&](const char* name, const char* help, std::uint64_t value) {
    text += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name +
            "{service=\"" + name_ + "\"} " + std::to_string(value) + "\n";
  };
  auto gauge = [&](const char* name, const char* help, double value) {
    text += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " gauge\n" + name +
            "{service=\"" + name_ + "\"} " + std::to_string(value) + "\n";
  };
  counter("sagashop_inbox_events_processed_total", "Events applied through the inbox.",
          inbox.processed.load());
  counter("sagashop_inbox_duplicates_skipped_total", "Redelivered events skipped.",
          inbox.duplicates_skipped.load());
  counter("sagashop_inbox_retries_total",
          "Failed attempts at an event that were tried again after a backoff.",
          inbox.retried.load());
  counter("sagashop_dead_lettered_events_total", "Events parked on a dead-letter topic.",
          inbox.dead_lettered.load());
  counter("sagashop_dead_letters_replayed_total", "Dead letters published again on request.",
          replayer_ ? replayer_->ReplayedTotal() : 0);
  counter("sagashop_outbox_published_total", "Outbox events acknowledged by the bus.",
          relay_ ? relay_->PublishedTotal() : 0);
  gauge("sagashop_db_pool_connections_in_use", "Database connections in use.", pool.in_use);
  gauge("sagashop_db_pool_connections_idle", "Idle database connections.", pool.idle);
  http::Response response;
  response.status = 200;
  response.content_type = "text/plain; version=0.0.4";
  response.body = std::move(text);
  return response;
}

}  // namespace sagashop::app
