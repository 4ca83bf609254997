#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/core/timestamp.h"

namespace sagashop::delivery {

// What Delivery has learnt about an order's delivery so far, from events of three topics that
// arrive in any order.
struct DeliveryRequest {
  std::optional<std::string> address;                 // order.created.v1
  std::optional<std::int64_t> user_id;                // order.created.v1: whose order it is
  std::optional<std::int64_t> reservation_id;         // stock.reserved.v1
  std::optional<std::string> reservation_expired_at;  // stock.reserved.v1 (RFC 3339), if it says
  bool reservation_released = false;                  // stock.released.v1
};

enum class StartAction {
  kWait,    // not everything is here yet
  kStart,   // ask the carrier
  kRefuse,  // never start: delivery.failed.v1 with the reason
};

struct StartDecision {
  StartAction action;
  std::string reason;  // for kRefuse
};

inline constexpr std::string_view kReservationExpired = "stock reservation expired";

// Decides, before any carrier call, whether an order's delivery may start. Delivery is the one
// place where "ship" and "the reservation is gone" are decided against each other: a reservation
// released (by Inventory's sweeper) or past its expired_at is never shipped against. Inventory
// releases only a grace period after expired_at, so a start decided before the deadline reaches it
// first in all but the slowest cases (docs/reservations.md covers the rest).
StartDecision DecideStart(const DeliveryRequest& request, SystemTime now);

}  // namespace sagashop::delivery
