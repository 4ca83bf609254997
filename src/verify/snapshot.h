#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sagashop::verify {

// What the four databases hold, read side by side: just the columns the invariants speak of.
struct OrderRow {
  std::int64_t id = 0;
  std::string status;
  std::int64_t amount = 0;
  std::optional<std::string> reason;
  std::string updated_at;
};

struct PaymentRow {
  std::int64_t order_id = 0;
  std::string status;  // PENDING, COMPLETED, FAILED, REFUNDED
  std::int64_t amount = 0;
};

struct ReservationRow {
  std::int64_t order_id = 0;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
  std::string status;  // RESERVED, COMMITTED, RELEASED
};

struct StockRow {
  std::int64_t product_id = 0;
  std::int64_t available = 0;
  std::int64_t reserved = 0;
};

struct DeliveryRow {
  std::int64_t order_id = 0;
  std::string status;  // STARTED, FAILED
};

struct Snapshot {
  std::vector<OrderRow> orders;
  std::vector<PaymentRow> payments;
  std::vector<ReservationRow> reservations;
  std::vector<StockRow> stock;
  std::map<std::int64_t, std::int64_t> stock_added;  // product -> sum of its stock adjustments
  std::vector<DeliveryRow> deliveries;
};

}  // namespace sagashop::verify
