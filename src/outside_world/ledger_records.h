#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sagashop::outside_world {

// What the ledger holds: every charge, refund and shipment the simulator answered.
struct ChargeRecord {
  std::string id;  // "ch_…"
  std::string idempotency_key;
  std::int64_t order_id = 0;
  std::int64_t amount = 0;
  std::string payment_type;
  bool approved = false;
  std::optional<std::string> decline_reason;
};

struct RefundRecord {
  std::string id;  // "rf_…"
  std::string idempotency_key;
  std::string charge_id;
  std::int64_t order_id = 0;
  std::int64_t amount = 0;
};

struct ShipmentRecord {
  std::string id;  // "sh_…"
  std::string idempotency_key;
  std::int64_t order_id = 0;
  std::string address;
  bool accepted = false;
  std::optional<std::string> tracking_number;
  std::string carrier;
  std::optional<std::string> refusal_reason;
};

// A record the ledger answered with. `replayed`: the idempotency key had been answered before
// and this is that original answer; nothing new was recorded.
template <typename Record>
struct Answered {
  Record record;
  bool replayed = false;
};

// Distinct ledger entries of one order: how tests prove "charged exactly once".
struct OrderCounts {
  std::int64_t order_id = 0;
  std::int64_t charges = 0;
  std::int64_t approved_charges = 0;
  std::int64_t refunds = 0;
  std::int64_t shipments = 0;
};

struct LedgerTotals {
  std::int64_t charges = 0;
  std::int64_t approved_charges = 0;
  std::int64_t refunds = 0;
  std::int64_t shipments = 0;
  std::int64_t accepted_shipments = 0;
  // Orders with more than one approved charge, refund or accepted shipment: a client that lost
  // its key and asked again under a new one.
  std::vector<std::int64_t> orders_charged_more_than_once;
  std::vector<std::int64_t> orders_refunded_more_than_once;
  std::vector<std::int64_t> orders_shipped_more_than_once;
};

}  // namespace sagashop::outside_world
