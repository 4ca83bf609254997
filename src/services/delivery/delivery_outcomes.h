#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "platform/db/transaction.h"
#include "services/common/event_emitter.h"

namespace sagashop::delivery {

// How an order's delivery ends, within the caller's transaction: recorded in deliveries and said
// with its event.

// A delivery that will never start: delivery.failed.v1 (compensation, refund and stock back,
// follows).
struct FailedDelivery {
  std::int64_t order_id = 0;
  std::string address;
  std::string reason;
  std::optional<std::string> carrier;  // the carrier that refused it, if one did
  services::EventCause cause;
};
// Every one with two statements, the deliveries and their events.
void RecordFailedDeliveries(db::Transaction& tx, std::span<const FailedDelivery> failed);
inline void RecordFailedDelivery(db::Transaction& tx, const FailedDelivery& failed) {
  RecordFailedDeliveries(tx, {&failed, 1});
}

// A delivery the carrier accepted: delivery.started.v1.
void RecordStartedDelivery(db::Transaction& tx, std::int64_t order_id, const std::string& address,
                           const std::string& tracking_number, const std::string& carrier,
                           const services::EventCause& cause);

}  // namespace sagashop::delivery
