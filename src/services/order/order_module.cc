#include "services/order/order_module.h"

#include "contracts/event_types.h"
#include "services/order/order_event_handler.h"
#include "services/order/order_migrations.h"

namespace sagashop::order {

OrderModule::OrderModule(db::Database& database, OrderConfig config,
                         metrics::MetricsRegistry& metrics)
    : metrics_(metrics),
      api_(database, config, metrics_),
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
  // Every event of the saga, its own order.created.v1 included: seeing that on the bus is what
  // moves an order from PENDING to PAYMENT_PROCESSING, and all of them go into the saga's history.
  using namespace contracts;
  return {std::string(kOrderCreated),  std::string(kPaymentCompleted),
          std::string(kPaymentFailed), std::string(kPaymentRefunded),
          std::string(kStockReserved), std::string(kStockReservationFailed),
          std::string(kStockReleased), std::string(kDeliveryStarted),
          std::string(kDeliveryFailed)};
}

void OrderModule::HandleEvent(db::Transaction& tx, const bus::IncomingMessage& message) {
  HandleOrderEvent(tx, message, metrics_);
}

}  // namespace sagashop::order
