#include "verify/snapshot_reader.h"

#include "platform/core/timestamp.h"
#include "platform/db/run_in_transaction.h"

namespace sagashop::verify {
namespace {

constexpr db::Query kOrders{"verify_orders",
                            "SELECT id, status, amount, reason, updated_at FROM orders"};
constexpr db::Query kPayments{"verify_payments", "SELECT order_id, status, amount FROM payments"};
constexpr db::Query kReservations{
    "verify_reservations", "SELECT order_id, product_id, quantity, status FROM stock_reservations"};
constexpr db::Query kStock{
    "verify_stock", "SELECT product_id, available_quantity, reserved_quantity FROM inventory"};
constexpr db::Query kStockAdded{
    "verify_stock_added",
    "SELECT product_id, SUM(delta) FROM stock_adjustments GROUP BY product_id"};
constexpr db::Query kDeliveries{"verify_deliveries", "SELECT order_id, status FROM deliveries"};

db::ResultSet Read(db::Database& database, const db::Query& query) {
  return db::RunReadTransaction(database, [&](db::Transaction& tx) { return tx.Execute(query); });
}

}  // namespace

Snapshot ReadSnapshot(db::Database& order, db::Database& payment, db::Database& inventory,
                      db::Database& delivery) {
  Snapshot snapshot;
  const db::ResultSet orders = Read(order, kOrders);
  snapshot.orders.reserve(orders.RowCount());
  for (std::size_t r = 0; r < orders.RowCount(); ++r) {
    snapshot.orders.push_back({orders.Int64(r, 0), orders.Text(r, 1), orders.Int64(r, 2),
                               orders.OptionalText(r, 3), NormalizeTimestamp(orders.Text(r, 4))});
  }
  const db::ResultSet payments = Read(payment, kPayments);
  for (std::size_t r = 0; r < payments.RowCount(); ++r) {
    snapshot.payments.push_back({payments.Int64(r, 0), payments.Text(r, 1), payments.Int64(r, 2)});
  }
  const db::ResultSet reservations = Read(inventory, kReservations);
  for (std::size_t r = 0; r < reservations.RowCount(); ++r) {
    snapshot.reservations.push_back({reservations.Int64(r, 0), reservations.Int64(r, 1),
                                     reservations.Int64(r, 2), reservations.Text(r, 3)});
  }
  const db::ResultSet stock = Read(inventory, kStock);
  for (std::size_t r = 0; r < stock.RowCount(); ++r) {
    snapshot.stock.push_back({stock.Int64(r, 0), stock.Int64(r, 1), stock.Int64(r, 2)});
  }
  const db::ResultSet added = Read(inventory, kStockAdded);
  for (std::size_t r = 0; r < added.RowCount(); ++r) {
    snapshot.stock_added[added.Int64(r, 0)] = added.Int64(r, 1);
  }
  const db::ResultSet deliveries = Read(delivery, kDeliveries);
  for (std::size_t r = 0; r < deliveries.RowCount(); ++r) {
    snapshot.deliveries.push_back({deliveries.Int64(r, 0), deliveries.Text(r, 1)});
  }
  return snapshot;
}

}  // namespace sagashop::verify
