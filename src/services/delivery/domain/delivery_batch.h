#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "services/delivery/domain/start_decision.h"

namespace sagashop::delivery {

// What one event tells Delivery about an order's delivery, as a request with only that filled
// in: an address (order.created.v1), a reservation with its deadline (stock.reserved.v1), or its
// release (stock.released.v1).
struct RequestInput {
  std::int64_t order_id = 0;
  DeliveryRequest told;
};

// `request` once `told` is recorded, as the delivery_requests upsert records it: an address or a
// reservation told replaces the one known (a reservation with its deadline, even when it has
// none), and a release stays. Recording two in turn is recording their merge at once.
DeliveryRequest Recorded(DeliveryRequest request, const DeliveryRequest& told);

// What the batch tells about each order (in order id order), each order's inputs recorded in turn
// into an empty request: one row per order for the upsert.
std::map<std::int64_t, DeliveryRequest> MergeTold(std::span<const RequestInput> inputs);

// An order the batch told something about, as the batch left it.
struct OrderToDecide {
  std::int64_t order_id = 0;
  DeliveryRequest request;
  bool ended = false;    // a delivery is recorded (started or failed)
  bool decided = false;  // its shipment was decided already: a start once decided stands
};

struct Refusal {
  std::int64_t order_id = 0;
  std::string reason;
};

struct StartPlan {
  std::vector<std::int64_t> starts;  // ask the carrier for a shipment
  std::vector<Refusal> refusals;     // never start: delivery.failed.v1
};

// DecideStart for each order not ended or decided, with everything the batch knows. The three
// topics' events about an order arrive in any order, so deciding on all that a batch brought is
// what handling them one at a time would have decided had they come in another order: a
// reservation released in the batch is never shipped against. Pure: no I/O.
StartPlan PlanStarts(std::span<const OrderToDecide> orders, SystemTime now);

}  // namespace sagashop::delivery
