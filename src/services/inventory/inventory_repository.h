#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/transaction.h"
#include "services/inventory/domain/product_stock.h"
#include "services/inventory/domain/stock_arithmetic.h"

namespace sagashop::inventory {

struct ReservationRecord {
  std::int64_t id = 0;
  std::int64_t order_id = 0;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
  std::string status;  // RESERVED, COMMITTED, RELEASED
  std::optional<std::string> expired_at;
  std::string created_at;
  std::string updated_at;
  std::string correlation_id;  // the saga that made it ("" for rows older than the column)
  std::string trace_parent;
};

// The Inventory service's tables, within one transaction.
class InventoryRepository {
 public:
  explicit InventoryRepository(db::Transaction& tx) : tx_(tx) {}

  std::optional<ProductStock> FindStock(std::int64_t product_id);
  void InsertProduct(std::int64_t product_id, const std::string& name, std::int64_t available,
                     const std::string& now);
  // The optimistic lock: writes only if the row still has `expected_version`.
  bool UpdateStockIfVersion(std::int64_t product_id, const std::string& name, StockLevel level,
                            std::int64_t expected_version, const std::string& now);

  std::optional<ReservationRecord> FindReservationByOrder(std::int64_t order_id);
  std::vector<ReservationRecord> ListReservationsByOrder(std::int64_t order_id);
  // The user whose order `order_id` is, as order.created.v1 said; nullopt when that has not
  // arrived (or arrived before owners were recorded).
  std::optional<std::int64_t> FindOrderOwner(std::int64_t order_id);
  std::int64_t InsertReservation(const ReservationRecord& reservation, const std::string& now);
  // RESERVED -> `to` (COMMITTED or RELEASED), at most once.
  bool FinishReservation(std::int64_t reservation_id, std::string_view to, const std::string& now);
  // RELEASED -> COMMITTED, for a delivery that started after the release (see ReservationSweeper).
  bool RetakeReservation(std::int64_t reservation_id, const std::string& now);
  // RESERVED reservations whose expired_at is at or before `cutoff`, oldest first.
  std::vector<ReservationRecord> ListExpiredReservations(const std::string& cutoff, int limit);

 private:
  db::Transaction& tx_;
};

// The idempotency key of an order's reservation: one reservation per order, ever.
inline std::string ReservationKeyFor(std::int64_t order_id) {
  return "order-" + std::to_string(order_id) + "-reservation";
}

}  // namespace sagashop::inventory
