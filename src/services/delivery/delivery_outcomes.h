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

// A delivery the carrier accepted: delivery.started.v1.
struct StartedDelivery {
  std::int64_t order_id = 0;
  std::string address;
  std::string tracking_number;
  std::string carrier;
  services::EventCause cause;
};
// Every one with two statements, the deliveries and their events.
void RecordStartedDeliveries(db::Transaction& tx, std::span<const StartedDelivery> started);

}  // namespace sagashop::delivery
