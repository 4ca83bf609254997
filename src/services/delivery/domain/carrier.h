#pragma once

#include <cstdint>
#include <string>

#include "platform/core/call_outcome.h"

namespace sagashop::delivery {

// The outside world's delivery carrier (a port).
struct ShipmentRequest {
  std::string idempotency_key;
  std::int64_t order_id = 0;
  std::string address;
};

struct ShipmentResult {
  bool accepted = false;
  std::string tracking_number;  // when accepted
  std::string carrier;
  std::string refusal_reason;  // when refused
};

// Asynchronous like PaymentGateway: returns at once, answers through `done` exactly once. A
// repeated idempotency key answers with the original shipment.
class Carrier {
 public:
  virtual ~Carrier() = default;
  virtual void StartShipment(const ShipmentRequest& request, CallDone<ShipmentResult> done) = 0;
};

}  // namespace sagashop::delivery
