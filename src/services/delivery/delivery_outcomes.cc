#include "services/delivery/delivery_outcomes.h"

#include "platform/core/timestamp.h"
#include "services/delivery/delivery_repository.h"

namespace sagashop::delivery {

void RecordFailedDelivery(db::Transaction& tx, std::int64_t order_id, const std::string& address,
                          const std::string& reason, const std::optional<std::string>& carrier,
                          const services::EventCause& cause) {
  DeliveryRepository(tx).InsertDelivery({.order_id = order_id,
                                         .address = address,
                                         .status = "FAILED",
                                         .carrier = carrier,
                                         .reason = reason},
                                        NowRfc3339());
  services::EventEmitter(tx, "delivery")
      .Emit(contracts::DeliveryFailed{.order_id = order_id, .reason = reason}, cause);
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
