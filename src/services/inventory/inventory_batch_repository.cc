#include "services/inventory/inventory_batch_repository.h"

#include "platform/core/timestamp.h"
#include "platform/db/row_batch.h"

namespace sagashop::inventory {
namespace {

// One query per dialect: PostgreSQL reads the rows with jsonb_array_elements, SQLite with
// json_each (db::RowBatch).
struct DialectQuery {
  db::Query postgres;
  db::Query sqlite;

  const db::Query& For(db::Dialect dialect) const {
    return dialect == db::Dialect::kPostgres ? postgres : sqlite;
  }
};

// Rows: order id, product id or null, quantity or null, paid (0 or 1), user id or null. SQLite
// needs the WHERE to tell the upsert's ON CONFLICT from a join.
constexpr DialectQuery kUpsertLines{
    {"order_lines_upsert",
     "INSERT INTO order_lines (order_id, product_id, quantity, paid, user_id, created_at) "
     "SELECT (r->>0)::bigint, (r->>1)::bigint, (r->>2)::int, (r->>3)::int, (r->>4)::bigint, "
     "$2::timestamptz FROM jsonb_array_elements($1::jsonb) AS r ON CONFLICT (order_id) DO UPDATE "
     "SET product_id = COALESCE(excluded.product_id, order_lines.product_id), "
     "quantity = COALESCE(excluded.quantity, order_lines.quantity), "
     "user_id = COALESCE(excluded.user_id, order_lines.user_id), "
     "paid = GREATEST(order_lines.paid, excluded.paid) "
     "RETURNING order_id, product_id, quantity, paid, outcome"},
    {"order_lines_upsert",
     "INSERT INTO order_lines (order_id, product_id, quantity, paid, user_id, created_at) "
     "SELECT value->>0, value->>1, value->>2, value->>3, value->>4, $2 FROM json_each($1) "
     "WHERE true ON CONFLICT (order_id) DO UPDATE SET "
     "product_id = coalesce(excluded.product_id, order_lines.product_id), "
     "quantity = coalesce(excluded.quantity, order_lines.quantity), "
     "user_id = coalesce(excluded.user_id, order_lines.user_id), "
     "paid = max(order_lines.paid, excluded.paid) "
     "RETURNING order_id, product_id, quantity, paid, outcome"}};

constexpr DialectQuery kCommitReservations{
    {"reservations_commit",
     "UPDATE stock_reservations SET status = 'COMMITTED', updated_at = $2 "
     "WHERE order_id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) "
     "AND status = 'RESERVED' RETURNING order_id, product_id, quantity"},
    {"reservations_commit",
     "UPDATE stock_reservations SET status = 'COMMITTED', updated_at = $2 "
     "WHERE order_id IN (SELECT value FROM json_each($1)) AND status = 'RESERVED' "
     "RETURNING order_id, product_id, quantity"}};

constexpr DialectQuery kLockStock{
    {"inventory_lock",
     "SELECT product_id, product_name, available_quantity, reserved_quantity, version, "
     "created_at, updated_at FROM inventory "
     "WHERE product_id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) "
     "ORDER BY product_id FOR UPDATE"},
    {"inventory_lock",
     "SELECT product_id, product_name, available_quantity, reserved_quantity, version, "
     "created_at, updated_at FROM inventory "
     "WHERE product_id IN (SELECT value FROM json_each($1)) ORDER BY product_id"}};

// Rows: product id, available, reserved, version as read (the optimistic lock).
constexpr DialectQuery kWriteStock{
    {"inventory_write",
     "UPDATE inventory AS i SET available_quantity = (r->>1)::int, "
     "reserved_quantity = (r->>2)::int, version = i.version + 1, updated_at = $2 "
     "FROM jsonb_array_elements($1::jsonb) AS r "
     "WHERE i.product_id = (r->>0)::bigint AND i.version = (r->>3)::bigint"},
    {"inventory_write",
     "UPDATE inventory SET available_quantity = r.value->>1, reserved_quantity = r.value->>2, "
     "version = version + 1, updated_at = $2 FROM json_each($1) AS r "
     "WHERE inventory.product_id = r.value->>0 AND inventory.version = r.value->>3"}};

// Rows: product id, name, available.
constexpr DialectQuery kInsertProducts{
    {"inventory_insert_many",
     "INSERT INTO inventory (product_id, product_name, available_quantity, reserved_quantity, "
     "version, created_at, updated_at) "
     "SELECT (r->>0)::bigint, r->>1, (r->>2)::int, 0, 0, $2::timestamptz, $2::timestamptz "
     "FROM jsonb_array_elements($1::jsonb) AS r"},
    {"inventory_insert_many",
     "INSERT INTO inventory (product_id, product_name, available_quantity, reserved_quantity, "
     "version, created_at, updated_at) "
     "SELECT value->>0, value->>1, value->>2, 0, 0, $2, $2 FROM json_each($1)"}};

// Rows: product id, name, available, version as read (the optimistic lock).
constexpr DialectQuery kWriteProducts{
    {"inventory_write_named",
     "UPDATE inventory AS i SET product_name = r->>1, available_quantity = (r->>2)::int, "
     "version = i.version + 1, updated_at = $2 FROM jsonb_array_elements($1::jsonb) AS r "
     "WHERE i.product_id = (r->>0)::bigint AND i.version = (r->>3)::bigint"},
    {"inventory_write_named",
     "UPDATE inventory SET product_name = r.value->>1, available_quantity = r.value->>2, "
     "version = version + 1, updated_at = $2 FROM json_each($1) AS r "
     "WHERE inventory.product_id = r.value->>0 AND inventory.version = r.value->>3"}};

// Rows: product id, delta, kind.
constexpr DialectQuery kRecordAdjustments{
    {"stock_adjustments_insert_many",
     "INSERT INTO stock_adjustments (product_id, delta, kind, created_at) "
     "SELECT (r->>0)::bigint, (r->>1)::int, r->>2, $2::timestamptz "
     "FROM jsonb_array_elements($1::jsonb) AS r"},
    {"stock_adjustments_insert_many",
     "INSERT INTO stock_adjustments (product_id, delta, kind, created_at) "
     "SELECT value->>0, value->>1, value->>2, $2 FROM json_each($1)"}};

// Rows: order id, product id, quantity, idempotency key, expired at, correlation id, traceparent.
constexpr DialectQuery kInsertReservations{
    {"reservations_insert",
     "INSERT INTO stock_reservations (order_id, product_id, quantity, status, idempotency_key, "
     "expired_at, created_at, updated_at, correlation_id, trace_parent) "
     "SELECT (r->>0)::bigint, (r->>1)::bigint, (r->>2)::int, 'RESERVED', r->>3, "
     "(r->>4)::timestamptz, $2::timestamptz, $2::timestamptz, r->>5, r->>6 "
     "FROM jsonb_array_elements($1::jsonb) AS r RETURNING order_id, id"},
    {"reservations_insert",
     "INSERT INTO stock_reservations (order_id, product_id, quantity, status, idempotency_key, "
     "expired_at, created_at, updated_at, correlation_id, trace_parent) "
     "SELECT value->>0, value->>1, value->>2, 'RESERVED', value->>3, value->>4, $2, $2, "
     "value->>5, value->>6 FROM json_each($1) WHERE true RETURNING order_id, id"}};

// Rows: order id, outcome.
constexpr DialectQuery kSetOutcomes{
    {"order_lines_outcome",
     "UPDATE order_lines AS l SET outcome = r->>1 FROM jsonb_array_elements($1::jsonb) AS r "
     "WHERE l.order_id = (r->>0)::bigint"},
    {"order_lines_outcome",
     "UPDATE order_lines SET outcome = r.value->>1 FROM json_each($1) AS r "
     "WHERE order_lines.order_id = r.value->>0"}};

db::Param Nullable(const std::optional<std::int64_t>& value) {
  if (!value) return std::monostate{};
  return *value;
}

db::Param IdList(std::span<const std::int64_t> ids) {
  db::ValueList list;
  for (const std::int64_t id : ids) list.Add(id);
  return list.AsParam();
}

}  // namespace

std::vector<LineState> InventoryBatchRepository::UpsertOrderLines(
    std::span<const LineUpdate> updates, const std::string& now) {
  if (updates.empty()) return {};
  db::RowBatch rows;
  for (const LineUpdate& update : updates) {
    rows.Add({update.order_id, Nullable(update.product_id), Nullable(update.quantity),
              std::int64_t{update.paid ? 1 : 0}, Nullable(update.user_id)});
  }
  const db::ResultSet result =
      tx_.Execute(kUpsertLines.For(tx_.GetDialect()), {rows.AsParam(), now});
  std::vector<LineState> lines;
  lines.reserve(result.RowCount());
  for (std::size_t row = 0; row < result.RowCount(); ++row) {
    lines.push_back({.order_id = result.Int64(row, 0),
                     .product_id = result.OptionalInt64(row, 1),
                     .quantity = result.OptionalInt64(row, 2),
                     .paid = result.Int64(row, 3) != 0,
                     .outcome = result.OptionalText(row, 4)});
  }
  return lines;
}

std::vector<CommittedReservation> InventoryBatchRepository::CommitReservationsOf(
    std::span<const std::int64_t> order_ids, const std::string& now) {
  if (order_ids.empty()) return {};
  const db::ResultSet result =
      tx_.Execute(kCommitReservations.For(tx_.GetDialect()), {IdList(order_ids), now});
  std::vector<CommittedReservation> committed;
  committed.reserve(result.RowCount());
  for (std::size_t row = 0; row < result.RowCount(); ++row) {
    committed.push_back(
        {.order_id = result.Int64(row, 0),
         .units = {.product_id = result.Int64(row, 1), .quantity = result.Int64(row, 2)}});
  }
  return committed;
}

std::map<std::int64_t, ProductStock> InventoryBatchRepository::LockStock(
    std::span<const std::int64_t> product_ids) {
  if (product_ids.empty()) return {};
  const db::ResultSet result = tx_.Execute(kLockStock.For(tx_.GetDialect()), {IdList(product_ids)});
  std::map<std::int64_t, ProductStock> stock;
  for (std::size_t row = 0; row < result.RowCount(); ++row) {
    const std::int64_t product_id = result.Int64(row, 0);
    stock[product_id] = {.product_id = product_id,
                         .product_name = result.Text(row, 1),
                         .level = {result.Int64(row, 2), result.Int64(row, 3)},
                         .version = result.Int64(row, 4),
                         .created_at = NormalizeTimestamp(result.Text(row, 5)),
                         .updated_at = NormalizeTimestamp(result.Text(row, 6))};
  }
  return stock;
}

std::int64_t InventoryBatchRepository::WriteStock(std::span<const StockWrite> writes,
                                                  const std::string& now) {
  if (writes.empty()) return 0;
  db::RowBatch rows;
  for (const StockWrite& write : writes) {
    rows.Add(
        {write.product_id, write.level.available, write.level.reserved, write.expected_version});
  }
  return tx_.Execute(kWriteStock.For(tx_.GetDialect()), {rows.AsParam(), now}).AffectedRows();
}

void InventoryBatchRepository::InsertProducts(std::span<const ProductPut> products,
                                              const std::string& now) {
  if (products.empty()) return;
  db::RowBatch rows;
  for (const ProductPut& product : products) {
    rows.Add({product.product_id, product.product_name, product.available});
  }
  tx_.Queue(kInsertProducts.For(tx_.GetDialect()), {rows.AsParam(), now});
}

std::int64_t InventoryBatchRepository::WriteProducts(std::span<const ProductWrite> writes,
                                                     const std::string& now) {
  if (writes.empty()) return 0;
  db::RowBatch rows;
  for (const ProductWrite& write : writes) {
    rows.Add({write.product_id, write.product_name, write.available, write.expected_version});
  }
  return tx_.Execute(kWriteProducts.For(tx_.GetDialect()), {rows.AsParam(), now}).AffectedRows();
}

void InventoryBatchRepository::RecordAdjustments(std::span<const StockAdjustment> adjustments,
                                                 const std::string& now) {
  if (adjustments.empty()) return;
  db::RowBatch rows;
  for (const StockAdjustment& adjustment : adjustments) {
    rows.Add({adjustment.product_id, adjustment.delta, adjustment.kind});
  }
  tx_.Queue(kRecordAdjustments.For(tx_.GetDialect()), {rows.AsParam(), now});
}

std::map<std::int64_t, std::int64_t> InventoryBatchRepository::InsertReservations(
    std::span<const ReservationRecord> reservations, const std::string& now) {
  if (reservations.empty()) return {};
  db::RowBatch rows;
  for (const ReservationRecord& reservation : reservations) {
    rows.Add({reservation.order_id, reservation.product_id, reservation.quantity,
              ReservationKeyFor(reservation.order_id), db::NullableText(reservation.expired_at),
              reservation.correlation_id, reservation.trace_parent});
  }
  const db::ResultSet result =
      tx_.Execute(kInsertReservations.For(tx_.GetDialect()), {rows.AsParam(), now});
  std::map<std::int64_t, std::int64_t> ids;
  for (std::size_t row = 0; row < result.RowCount(); ++row) {
    ids[result.Int64(row, 0)] = result.Int64(row, 1);
  }
  return ids;
}

void InventoryBatchRepository::SetOutcomes(std::span<const LineOutcome> outcomes) {
  if (outcomes.empty()) return;
  db::RowBatch rows;
  for (const LineOutcome& outcome : outcomes) rows.Add({outcome.order_id, outcome.outcome});
  tx_.Queue(kSetOutcomes.For(tx_.GetDialect()), {rows.AsParam()});
}

}  // namespace sagashop::inventory
