#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "services/delivery/domain/carrier.h"

namespace sagashop::delivery {

// Delivery's one kind of outside call, and how its request and answer are kept in outside_calls
// (JSON text). Decoding throws FieldError naming what is wrong.
inline constexpr std::string_view kShipmentCall = "SHIPMENT";

// The idempotency key of an order's shipment: one per order, ever.
inline std::string ShipmentKeyFor(std::int64_t order_id) {
  return "order-" + std::to_string(order_id) + "-shipment";
}

std::string EncodeShipmentRequest(const ShipmentRequest& request);
ShipmentRequest DecodeShipmentRequest(std::string_view json, const std::string& idempotency_key);
std::string EncodeShipmentResult(const ShipmentResult& result);
ShipmentResult DecodeShipmentResult(std::string_view json);

}  // namespace sagashop::delivery
