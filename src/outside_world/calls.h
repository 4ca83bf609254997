#pragma once

#include <cstdint>
#include <string>

namespace sagashop::outside_world {

// The three calls that change the ledger, as read from a request. Each carries the client's
// idempotency key: the same key answers with the original outcome.
struct ChargeCall {
  std::string idempotency_key;
  std::int64_t order_id = 0;
  std::int64_t amount = 0;
  std::string payment_type;
};

struct RefundCall {
  std::string idempotency_key;
  std::string charge_id;
  std::int64_t amount = 0;
};

struct ShipmentCall {
  std::string idempotency_key;
  std::int64_t order_id = 0;
  std::string address;
};

}  // namespace sagashop::outside_world
