#pragma once

#include <string>
#include <string_view>

#include "outside_world/calls.h"
#include "platform/http/request.h"

namespace sagashop::outside_world {

// Reading and validating requests. Every failure throws FieldError naming what to fix: a JSON
// member ("amount"), "body" for a body that is no JSON object, or "Idempotency-Key".

inline constexpr std::size_t kMaxIdempotencyKeyLength = 100;

// The Idempotency-Key header: 1 to 100 visible ASCII characters, taken as sent.
std::string ReadIdempotencyKey(const http::Request& request);

ChargeCall ReadChargeCall(std::string idempotency_key, std::string_view body);
RefundCall ReadRefundCall(std::string idempotency_key, std::string_view body);
ShipmentCall ReadShipmentCall(std::string idempotency_key, std::string_view body);

}  // namespace sagashop::outside_world
