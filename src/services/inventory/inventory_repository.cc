#include "services/inventory/inventory_repository.h"

#include "platform/core/timestamp.h"

namespace sagashop::inventory {
namespace {

constexpr db::Query kFindStock{
    "inventory_find",
    "SELECT product_id, product_name, available_quantity, reserved_quantity, version, created_at, "
    "updated_at FROM inventory WHERE product_id = $1"};
constexpr db::Query kInsertProduct{
    "inventory_insert",
    "INSERT INTO inventory (product_id, product_name, available_quantity, reserved_quantity, "
    "version, created_at, updated_at) VALUES ($1, $2, $3, 0, 0, $4, $4)"};
constexpr db::Query kUpdateStock{
    "inventory_update_if_version",
    "UPDATE inventory SET product_name = $2, available_quantity = $3, reserved_quantity = $4, "
    "version = version + 1, updated_at = $6 WHERE product_id = $1 AND version = $5"};

#define SAGASHOP_RESERVATION_COLUMNS                                                 \
  "id, order_id, product_id, quantity, status, expired_at, created_at, updated_at, " \
  "correlation_id, "                                                                 \
  "trace_parent"

constexpr db::Query kListReservations{"reservation_list_by_order",
                                      "SELECT " SAGASHOP_RESERVATION_COLUMNS
                                      " FROM stock_reservations WHERE order_id = $1 ORDER BY id"};
constexpr db::Query kFindOrderOwner{"order_owner",
                                    "SELECT user_id FROM order_lines WHERE order_id = $1"};
constexpr db::Query kInsertReservation{
    "reservation_insert",
    "INSERT INTO stock_reservations (order_id, product_id, quantity, status, idempotency_key, "
    "expired_at, created_at, updated_at, correlation_id, trace_parent) "
    "VALUES ($1, $2, $3, 'RESERVED', $4, $5, $6, $6, $7, $8) RETURNING id"};
constexpr db::Query kFinishReservation{"reservation_finish",
                                       "UPDATE stock_reservations SET status = $2, updated_at = $3 "
                                       "WHERE id = $1 AND status = 'RESERVED'"};
constexpr db::Query kRetakeReservation{
    "reservation_retake",
    "UPDATE stock_reservations SET status = 'COMMITTED', updated_at = $2 "
    "WHERE id = $1 AND status = 'RELEASED'"};
constexpr db::Query kListExpired{"reservation_list_expired",
                                 "SELECT " SAGASHOP_RESERVATION_COLUMNS
                                 " FROM stock_reservations WHERE status = 'RESERVED' "
                                 "AND expired_at <= $1 ORDER BY expired_at, id LIMIT $2"};

ReservationRecord ReadReservation(const db::ResultSet& rows, std::size_t row) {
  std::optional<std::string> expired_at = rows.OptionalText(row, 5);
  if (expired_at) expired_at = NormalizeTimestamp(*expired_at);
  return {.id = rows.Int64(row, 0),
          .order_id = rows.Int64(row, 1),
          .product_id = rows.Int64(row, 2),
          .quantity = rows.Int64(row, 3),
          .status = rows.Text(row, 4),
          .expired_at = std::move(expired_at),
          .created_at = NormalizeTimestamp(rows.Text(row, 6)),
          .updated_at = NormalizeTimestamp(rows.Text(row, 7)),
          .correlation_id = rows.OptionalText(row, 8).value_or(""),
          .trace_parent = rows.OptionalText(row, 9).value_or("")};
}

std::vector<ReservationRecord> ReadReservations(const db::ResultSet& rows) {
  std::vector<ReservationRecord> reservations;
  for (std::size_t row = 0; row < rows.RowCount(); ++row) {
    reservations.push_back(ReadReservation(rows, row));
  }
  return reservations;
}

}  // namespace

std::optional<ProductStock> InventoryRepository::FindStock(std::int64_t product_id) {
  const db::ResultSet rows = tx_.Execute(kFindStock, {product_id});
  if (rows.Empty()) return std::nullopt;
  return ProductStock{.product_id = rows.Int64(0, 0),
                      .product_name = rows.Text(0, 1),
                      .level = {rows.Int64(0, 2), rows.Int64(0, 3)},
                      .version = rows.Int64(0, 4),
                      .created_at = NormalizeTimestamp(rows.Text(0, 5)),
                      .updated_at = NormalizeTimestamp(rows.Text(0, 6))};
}

void InventoryRepository::InsertProduct(std::int64_t product_id, const std::string& name,
                                        std::int64_t available, const std::string& now) {
  tx_.Execute(kInsertProduct, {product_id, name, available, now});
}

bool InventoryRepository::UpdateStockIfVersion(std::int64_t product_id, const std::string& name,
                                               StockLevel level, std::int64_t expected_version,
                                               const std::string& now) {
  return tx_.Execute(kUpdateStock,
                     {product_id, name, level.available, level.reserved, expected_version, now})
             .AffectedRows() == 1;
}

std::optional<ReservationRecord> InventoryRepository::FindReservationByOrder(
    std::int64_t order_id) {
  std::vector<ReservationRecord> reservations = ListReservationsByOrder(order_id);
  if (reservations.empty()) return std::nullopt;
  return std::move(reservations.front());
}

std::vector<ReservationRecord> InventoryRepository::ListReservationsByOrder(std::int64_t order_id) {
  return ReadReservations(tx_.Execute(kListReservations, {order_id}));
}

std::optional<std::int64_t> InventoryRepository::FindOrderOwner(std::int64_t order_id) {
  const db::ResultSet rows = tx_.Execute(kFindOrderOwner, {order_id});
  if (rows.RowCount() == 0) return std::nullopt;
  return rows.OptionalInt64(0, 0);
}

std::int64_t InventoryRepository::InsertReservation(const ReservationRecord& reservation,
                                                    const std::string& now) {
  // One reservation per order, ever: the key makes a second one a constraint violation.
  const std::string key = ReservationKeyFor(reservation.order_id);
  return tx_
      .Execute(kInsertReservation,
               {reservation.order_id, reservation.product_id, reservation.quantity, key,
                db::NullableText(reservation.expired_at), now, reservation.correlation_id,
                reservation.trace_parent})
      .Int64(0, 0);
}

bool InventoryRepository::RetakeReservation(std::int64_t reservation_id, const std::string& now) {
  return tx_.Execute(kRetakeReservation, {reservation_id, now}).AffectedRows() == 1;
}

std::vector<ReservationRecord> InventoryRepository::ListExpiredReservations(
    const std::string& cutoff, int limit) {
  return ReadReservations(tx_.Execute(kListExpired, {cutoff, std::int64_t{limit}}));
}

bool InventoryRepository::FinishReservation(std::int64_t reservation_id, std::string_view to,
                                            const std::string& now) {
  return tx_.Execute(kFinishReservation, {reservation_id, std::string(to), now}).AffectedRows() ==
         1;
}

}  // namespace sagashop::inventory
