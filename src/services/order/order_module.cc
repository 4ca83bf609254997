#include "services/order/order_module.h"

#include "contracts/event_types.h"
#include "platform/core/timestamp.h"
#include "services/order/order_event_handler.h"
#include "services/order/order_migrations.h"
#include "services/order/order_repository.h"

namespace sagashop::order {

OrderModule::OrderModule(db::Database& database, OrderConfig config,
                         metrics::MetricsRegistry& metrics, const crypto::FieldCipher& cipher)
    : database_(database),
      metrics_(metrics),
      admission_(database, {.max_in_flight = config.max_sagas_in_flight}, metrics),
      api_(database, config, metrics_, admission_, cipher),
      sweeper_(database, config.idempotency_key_retention) {
  metrics.AddSampledGauge(
      "sagashop_stuck_sagas",
      "Sagas that have not moved for longer than --saga-stuck-after-seconds (GET "
      "/sagas?stuck=true).",
      [this] { return static_cast<double>(api_.CountStuckSagas()); });
}

std::span<const db::Migration> OrderModule::Migrations() const {
  return OrderMigrations();
}

std::vector<std::string> OrderModule::SubscribedTopics() const {
  // Every event of the other services: each goes into the saga's history, most move the order.
  // Its own order.created.v1 is not read back: the relay tells the module once it is on the bus
  // (StatementOnPublished), which costs one statement per relay batch instead of a consumer
  // transaction per order.
  using namespace contracts;
  return {std::string(kPaymentCompleted),       std::string(kPaymentFailed),
          std::string(kPaymentRefunded),        std::string(kStockReserved),
          std::string(kStockReservationFailed), std::string(kStockReleased),
          std::string(kDeliveryStarted),        std::string(kDeliveryFailed)};
}

std::optional<db::Statement> OrderModule::StatementOnPublished(
    std::span<const outbox::PublishedEvent> events) {
  std::vector<std::int64_t> created;
  for (const outbox::PublishedEvent& event : events) {
    if (event.event_type == contracts::kOrderCreated) {
      created.push_back(std::stoll(std::string(event.aggregate_id)));
    }
  }
  if (created.empty()) return std::nullopt;
  return MarkPaymentProcessing(database_.GetDialect(), created, NowRfc3339());
}

void OrderModule::HandleEvents(db::Transaction& tx,
                               std::span<const bus::IncomingMessage* const> messages) {
  HandleOrderEvents(tx, messages, metrics_);
}

}  // namespace sagashop::order
