#include "services/delivery/delivery_module.h"

#include "contracts/event_types.h"
#include "platform/outcall/outside_call_metrics.h"
#include "services/delivery/delivery_migrations.h"

namespace sagashop::delivery {

DeliveryModule::DeliveryModule(db::Database& database, Carrier& carrier,
                               metrics::MetricsRegistry& metrics,
                               outcall::OutsideCallDispatcherConfig calls,
                               const crypto::FieldCipher& cipher)
    : api_(database, cipher),
      calls_(carrier, cipher),
      dispatcher_(database, calls_, std::move(calls).For("delivery", "carrier")),
      handler_(dispatcher_) {
  outcall::AddOutsideCallMetrics(metrics, dispatcher_, database);
}

std::span<const db::Migration> DeliveryModule::Migrations() const {
  return DeliveryMigrations();
}

std::vector<std::string> DeliveryModule::SubscribedTopics() const {
  // order.created.v1 says where to deliver, stock.reserved.v1 says when, stock.released.v1 says
  // never.
  using namespace contracts;
  return {std::string(kOrderCreated), std::string(kStockReserved), std::string(kStockReleased)};
}

}  // namespace sagashop::delivery
