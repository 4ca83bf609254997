#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace sagashop::delivery {

// The outside world's delivery carrier (a port).
struct ShipmentRequest {
  std::int64_t order_id = 0;
  std::string address;
};

struct ShipmentResult {
  bool accepted = false;
  std::string tracking_number;  // when accepted
  std::string carrier;
  std::string refusal_reason;  // when refused
};

// The carrier could not be reached; retrying may succeed. A refusal is a ShipmentResult.
class CarrierUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Carrier {
 public:
  virtual ~Carrier() = default;
  // Idempotent per order id: asking again returns the same tracking number.
  virtual ShipmentResult StartShipment(const ShipmentRequest& request) = 0;
};

}  // namespace sagashop::delivery
