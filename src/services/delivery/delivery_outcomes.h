#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "platform/db/transaction.h"
#include "services/common/event_emitter.h"

namespace sagashop::delivery {

// How an order's delivery ends, within the caller's transaction: recorded in deliveries and said
// with its event.

// A delivery that will never start: delivery.failed.v1 (compensation, refund and stock back,
// follows).
void RecordFailedDelivery(db::Transaction& tx, std::int64_t order_id, const std::string& address,
                          const std::string& reason, const std::optional<std::string>& carrier,
                          const services::EventCause& cause);

// A delivery the carrier accepted: delivery.started.v1.
void RecordStartedDelivery(db::Transaction& tx, std::int64_t order_id, const std::string& address,
                           const std::string& tracking_number, const std::string& carrier,
                           const services::EventCause& cause);

}  // namespace sagashop::delivery
