#include "services/delivery/delivery_outcomes.h"

#include <map>
#include <vector>

#include "platform/core/timestamp.h"
#include "services/delivery/delivery_repository.h"

namespace sagashop::delivery {

void RecordFailedDeliveries(db::Transaction& tx, std::span<const FailedDelivery> failed) {
  if (failed.empty()) return;
  std::vector<DeliveryRecord> deliveries;
  std::vector<services::EventEmitter::Emission> events;
  deliveries.reserve(failed.size());
  events.reserve(failed.size());
  for (const FailedDelivery& delivery : failed) {
    deliveries.push_back({.order_id = delivery.order_id,
                          .address = delivery.address,
                          .status = "FAILED",
                          .carrier = delivery.carrier,
                          .reason = delivery.reason});
    events.push_back(
        {contracts::DeliveryFailed{.order_id = delivery.order_id, .reason = delivery.reason},
         delivery.cause});
  }
  DeliveryRepository(tx).InsertDeliveries(deliveries, NowRfc3339());
  services::EventEmitter(tx, "delivery").EmitAll(std::move(events));
}

void RecordStartedDeliveries(db::Transaction& tx, std::span<const StartedDelivery> started) {
  if (started.empty()) return;
  std::vector<DeliveryRecord> deliveries;
  deliveries.reserve(started.size());
  for (const StartedDelivery& delivery : started) {
    deliveries.push_back({.order_id = delivery.order_id,
                          .address = delivery.address,
                          .status = "STARTED",
                          .tracking_number = delivery.tracking_number,
                          .carrier = delivery.carrier});
  }
  const std::map<std::int64_t, std::int64_t> ids =
      DeliveryRepository(tx).InsertDeliveries(deliveries, NowRfc3339());
  std::vector<services::EventEmitter::Emission> events;
  events.reserve(started.size());
  for (const StartedDelivery& delivery : started) {
    events.push_back({contracts::DeliveryStarted{.order_id = delivery.order_id,
                                                 .delivery_id = ids.at(delivery.order_id),
                                                 .tracking_number = delivery.tracking_number,
                                                 .carrier = delivery.carrier},
                      delivery.cause});
  }
  services::EventEmitter(tx, "delivery").EmitAll(std::move(events));
}

}  // namespace sagashop::delivery
