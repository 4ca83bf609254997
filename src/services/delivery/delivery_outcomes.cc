#include "services/delivery/delivery_outcomes.h"

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

void RecordStartedDelivery(db::Transaction& tx, std::int64_t order_id, const std::string& address,
                           const std::string& tracking_number, const std::string& carrier,
                           const services::EventCause& cause) {
  const std::int64_t delivery_id =
      DeliveryRepository(tx).InsertDelivery({.order_id = order_id,
                                             .address = address,
                                             .status = "STARTED",
                                             .tracking_number = tracking_number,
                                             .carrier = carrier},
                                            NowRfc3339());
  services::EventEmitter(tx, "delivery")
      .Emit(contracts::DeliveryStarted{.order_id = order_id,
                                       .delivery_id = delivery_id,
                                       .tracking_number = tracking_number,
                                       .carrier = carrier},
            cause);
}

}  // namespace sagashop::delivery
