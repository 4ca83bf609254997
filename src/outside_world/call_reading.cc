#include "outside_world/call_reading.h"

#include <limits>

#include "platform/core/json_fields.h"

namespace sagashop::outside_world {
namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
// A trillion in the smallest currency unit: far above any limit, far below overflow.
constexpr std::int64_t kMaxAmount = 1'000'000'000'000;

}  // namespace

std::string ReadIdempotencyKey(const http::Request& request) {
  const auto key = request.Header("idempotency-key");
  if (!key || key->empty()) throw FieldError("Idempotency-Key", "header is required");
  if (key->size() > kMaxIdempotencyKeyLength) {
    throw FieldError("Idempotency-Key", "must be at most " +
                                            std::to_string(kMaxIdempotencyKeyLength) +
                                            " characters, got " + std::to_string(key->size()));
  }
  for (const char c : *key) {
    if (c < 0x21 || c > 0x7e) {
      throw FieldError("Idempotency-Key", "must be visible ASCII characters without spaces");
    }
  }
  return std::string(*key);
}

ChargeCall ReadChargeCall(std::string idempotency_key, std::string_view body) {
  const boost::json::object object = ParseJsonObject(body);
  const JsonFields fields(object);
  ChargeCall call;
  call.idempotency_key = std::move(idempotency_key);
  call.order_id = fields.Int64InRange("orderId", 1, kMaxId);
  call.amount = fields.Int64InRange("amount", 1, kMaxAmount);
  call.payment_type = fields.StringOfLength("paymentType", 1, 20);
  return call;
}

RefundCall ReadRefundCall(std::string idempotency_key, std::string_view body) {
  const boost::json::object object = ParseJsonObject(body);
  const JsonFields fields(object);
  RefundCall call;
  call.idempotency_key = std::move(idempotency_key);
  call.charge_id = fields.StringOfLength("chargeId", 1, 100);
  call.amount = fields.Int64InRange("amount", 1, kMaxAmount);
  return call;
}

ShipmentCall ReadShipmentCall(std::string idempotency_key, std::string_view body) {
  const boost::json::object object = ParseJsonObject(body);
  const JsonFields fields(object);
  ShipmentCall call;
  call.idempotency_key = std::move(idempotency_key);
  call.order_id = fields.Int64InRange("orderId", 1, kMaxId);
  call.address = fields.StringOfLength("address", 1, 500);
  return call;
}

}  // namespace sagashop::outside_world
