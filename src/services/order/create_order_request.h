#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "platform/core/json_fields.h"

namespace sagashop::order {

// POST /orders, validated (docs/contracts.md, HTTP API).
struct CreateOrderRequest {
  std::int64_t user_id = 0;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
  std::int64_t amount = 0;
  std::string address;
  std::string payment_method;
  std::optional<std::string> idempotency_key;

  // A digest of every field that defines the order (not the key), to tell a retry of the same
  // request from a different request under the same key.
  std::string Fingerprint() const;
};

inline constexpr std::int64_t kMaxQuantity = 1000;
inline constexpr std::int64_t kMaxAmount = 1'000'000'000'000;
inline constexpr std::size_t kMaxAddressLength = 500;
inline constexpr std::size_t kMaxIdempotencyKeyLength = 64;
inline constexpr std::string_view kDefaultAddress = "default";
inline constexpr std::string_view kDefaultPaymentMethod = "CARD";

// Throws FieldError naming the first bad field. `header_key` is the Idempotency-Key header's value
// as sent (see ParseIdempotencyKeyHeader); it wins over the body's `idempotencyKey`, and the two
// must agree when both are given.
CreateOrderRequest ParseCreateOrderRequest(const JsonFields& body,
                                           std::optional<std::string> header_key);

// The key an Idempotency-Key header carries. The IETF draft makes the field a Structured Field
// String (RFC 8941), `Idempotency-Key: "8e03978e-40d5"`; a bare `Idempotency-Key: 8e03978e-40d5`
// is accepted too and names the same key. Throws FieldError("Idempotency-Key") when malformed.
std::string ParseIdempotencyKeyHeader(std::string_view value);

}  // namespace sagashop::order
