#include "services/delivery/delivery_repository.h"

#include "platform/core/timestamp.h"
#include "platform/db/row_batch.h"
#include "services/delivery/shipment_call_codec.h"

namespace sagashop::delivery {
namespace {

#define SAGASHOP_DELIVERY_COLUMNS \
  "id, order_id, address, status, tracking_number, carrier, reason, created_at, updated_at"

constexpr db::Query kFindDelivery{
    "delivery_find", "SELECT " SAGASHOP_DELIVERY_COLUMNS " FROM deliveries WHERE id = $1"};
constexpr db::Query kFindByOrder{"delivery_find_by_order", "SELECT " SAGASHOP_DELIVERY_COLUMNS
                                                           " FROM deliveries WHERE order_id = $1"};
constexpr db::Query kInsertDelivery{
    "delivery_insert",
    "INSERT INTO deliveries (order_id, address, status, tracking_number, carrier, reason, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id"};
// The statements for a batch take its rows as one JSON array ($1, see db::RowBatch).
// Rows: order id, address, status, tracking number, carrier, reason.
constexpr db::Query kInsertDeliveriesPostgres{
    "deliveries_insert",
    "INSERT INTO deliveries (order_id, address, status, tracking_number, carrier, reason, "
    "created_at, updated_at) SELECT (r->>0)::bigint, r->>1, r->>2, r->>3, r->>4, r->>5, "
    "$2::timestamptz, $2::timestamptz FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY "
    "AS e(r, n) ORDER BY n RETURNING id, order_id"};
constexpr db::Query kInsertDeliveriesSqlite{
    "deliveries_insert",
    "INSERT INTO deliveries (order_id, address, status, tracking_number, carrier, reason, "
    "created_at, updated_at) SELECT value->>0, value->>1, value->>2, value->>3, value->>4, "
    "value->>5, $2, $2 FROM json_each($1) ORDER BY key RETURNING id, order_id"};
constexpr db::Query kFindDeliveredPostgres{
    "deliveries_find_orders",
    "SELECT order_id FROM deliveries "
    "WHERE order_id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint)"};
constexpr db::Query kFindDeliveredSqlite{
    "deliveries_find_orders",
    "SELECT order_id FROM deliveries WHERE order_id IN (SELECT value FROM json_each($1))"};
// Rows: order id, address, reservation id, its deadline, released (0 or 1), user id; an empty
// field was
// not told, and keeps what the row has (DeliveryRequest's Recorded). In order id order, so that
// two batches lock their common rows in the same order.
constexpr db::Query kRecordRequestsPostgres{
    "delivery_requests_record",
    "INSERT INTO delivery_requests AS q (order_id, address, reservation_id, "
    "reservation_expired_at, reservation_released, user_id, created_at) "
    "SELECT (r->>0)::bigint, r->>1, (r->>2)::bigint, (r->>3)::timestamptz, (r->>4)::int, "
    "(r->>5)::bigint, $2::timestamptz FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY "
    "AS e(r, n) ORDER BY n "
    "ON CONFLICT (order_id) DO UPDATE SET address = COALESCE(excluded.address, q.address), "
    "user_id = COALESCE(excluded.user_id, q.user_id), "
    "reservation_id = COALESCE(excluded.reservation_id, q.reservation_id), "
    "reservation_expired_at = CASE WHEN excluded.reservation_id IS NULL "
    "THEN q.reservation_expired_at ELSE excluded.reservation_expired_at END, "
    "reservation_released = CASE WHEN excluded.reservation_released = 1 THEN 1 "
    "ELSE q.reservation_released END"};
// `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join.
constexpr db::Query kRecordRequestsSqlite{
    "delivery_requests_record",
    "INSERT INTO delivery_requests AS q (order_id, address, reservation_id, "
    "reservation_expired_at, reservation_released, user_id, created_at) "
    "SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, $2 "
    "FROM json_each($1) WHERE true ORDER BY key "
    "ON CONFLICT (order_id) DO UPDATE SET address = COALESCE(excluded.address, q.address), "
    "user_id = COALESCE(excluded.user_id, q.user_id), "
    "reservation_id = COALESCE(excluded.reservation_id, q.reservation_id), "
    "reservation_expired_at = CASE WHEN excluded.reservation_id IS NULL "
    "THEN q.reservation_expired_at ELSE excluded.reservation_expired_at END, "
    "reservation_released = CASE WHEN excluded.reservation_released = 1 THEN 1 "
    "ELSE q.reservation_released END"};
// Rows: order id, the idempotency key of its shipment call.
#define SAGASHOP_TO_DECIDE(shipment_key)                                               \
  "SELECT q.order_id, q.address, q.reservation_id, q.reservation_expired_at, "         \
  "q.reservation_released, CASE WHEN EXISTS (SELECT 1 FROM deliveries d "              \
  "WHERE d.order_id = q.order_id) THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM " \
  "outside_calls c WHERE c.idempotency_key = " shipment_key                            \
  ") THEN 1 ELSE 0 END FROM "                                                          \
  "delivery_requests q JOIN "
constexpr db::Query kFindToDecidePostgres{
    "delivery_requests_to_decide",
    SAGASHOP_TO_DECIDE("r->>1") "jsonb_array_elements($1::jsonb) AS r "
                                "ON q.order_id = (r->>0)::bigint ORDER BY q.order_id"};
constexpr db::Query kFindToDecideSqlite{
    "delivery_requests_to_decide",
    SAGASHOP_TO_DECIDE("r.value->>1") "json_each($1) AS r "
                                      "ON q.order_id = r.value->>0 ORDER BY q.order_id"};

constexpr db::Query kFindOrderOwner{"delivery_order_owner",
                                    "SELECT user_id FROM delivery_requests WHERE order_id = $1"};
constexpr db::Query kFindRequest{"delivery_request_find",
                                 "SELECT address, reservation_id, reservation_expired_at, "
                                 "reservation_released FROM delivery_requests WHERE order_id = $1"};

DeliveryRecord ReadDelivery(const db::ResultSet& rows, std::size_t row) {
  return {.id = rows.Int64(row, 0),
          .order_id = rows.Int64(row, 1),
          .address = rows.Text(row, 2),
          .status = rows.Text(row, 3),
          .tracking_number = rows.OptionalText(row, 4),
          .carrier = rows.OptionalText(row, 5),
          .reason = rows.OptionalText(row, 6),
          .created_at = NormalizeTimestamp(rows.Text(row, 7)),
          .updated_at = NormalizeTimestamp(rows.Text(row, 8))};
}

// A request's address, reservation id, deadline and release, from column `first` on.
DeliveryRequest ReadRequest(const db::ResultSet& rows, std::size_t row, std::size_t first) {
  std::optional<std::string> expired_at = rows.OptionalText(row, first + 2);
  if (expired_at) expired_at = NormalizeTimestamp(*expired_at);
  return {.address = rows.OptionalText(row, first),
          .reservation_id = rows.OptionalInt64(row, first + 1),
          .reservation_expired_at = std::move(expired_at),
          .reservation_released = rows.Int64(row, first + 3) != 0};
}

}  // namespace

std::optional<DeliveryRecord> DeliveryRepository::FindDelivery(std::int64_t delivery_id) {
  const db::ResultSet rows = tx_.Execute(kFindDelivery, {delivery_id});
  if (rows.Empty()) return std::nullopt;
  return ReadDelivery(rows, 0);
}

std::optional<DeliveryRecord> DeliveryRepository::FindByOrder(std::int64_t order_id) {
  const db::ResultSet rows = tx_.Execute(kFindByOrder, {order_id});
  if (rows.Empty()) return std::nullopt;
  return ReadDelivery(rows, 0);
}

std::int64_t DeliveryRepository::InsertDelivery(const DeliveryRecord& delivery,
                                                const std::string& now) {
  return tx_
      .Execute(kInsertDelivery,
               {delivery.order_id, delivery.address, delivery.status,
                db::NullableText(delivery.tracking_number), db::NullableText(delivery.carrier),
                db::NullableText(delivery.reason), now})
      .Int64(0, 0);
}

std::map<std::int64_t, std::int64_t> DeliveryRepository::InsertDeliveries(
    std::span<const DeliveryRecord> deliveries, const std::string& now) {
  if (deliveries.empty()) return {};
  if (deliveries.size() == 1) {  // a plain prepared statement is cheaper for one row
    return {{deliveries.front().order_id, InsertDelivery(deliveries.front(), now)}};
  }
  db::RowBatch rows;
  for (const DeliveryRecord& delivery : deliveries) {
    rows.Add({delivery.order_id, delivery.address, delivery.status,
              db::NullableText(delivery.tracking_number), db::NullableText(delivery.carrier),
              db::NullableText(delivery.reason)});
  }
  const db::ResultSet inserted =
      tx_.Execute(tx_.GetDialect() == db::Dialect::kPostgres ? kInsertDeliveriesPostgres
                                                             : kInsertDeliveriesSqlite,
                  {rows.AsParam(), now});
  std::map<std::int64_t, std::int64_t> ids;
  for (std::size_t row = 0; row < inserted.RowCount(); ++row) {
    ids.emplace(inserted.Int64(row, 1), inserted.Int64(row, 0));
  }
  return ids;
}

std::set<std::int64_t> DeliveryRepository::FindDeliveredOrders(
    std::span<const std::int64_t> order_ids) {
  if (order_ids.empty()) return {};
  db::ValueList ids;
  for (const std::int64_t id : order_ids) ids.Add(id);
  const db::ResultSet rows = tx_.Execute(
      tx_.GetDialect() == db::Dialect::kPostgres ? kFindDeliveredPostgres : kFindDeliveredSqlite,
      {ids.AsParam()});
  std::set<std::int64_t> delivered;
  for (std::size_t row = 0; row < rows.RowCount(); ++row) delivered.insert(rows.Int64(row, 0));
  return delivered;
}

void DeliveryRepository::RecordRequests(const std::map<std::int64_t, DeliveryRequest>& told,
                                        const std::string& now) {
  if (told.empty()) return;
  db::RowBatch rows;
  for (const auto& [order_id, request] : told) {
    rows.Add({order_id, db::NullableText(request.address),
              request.reservation_id ? db::Param{*request.reservation_id} : db::Param{db::kNull},
              db::NullableText(request.reservation_expired_at),
              std::int64_t{request.reservation_released ? 1 : 0},
              request.user_id ? db::Param{*request.user_id} : db::Param{db::kNull}});
  }
  tx_.Queue(
      tx_.GetDialect() == db::Dialect::kPostgres ? kRecordRequestsPostgres : kRecordRequestsSqlite,
      {rows.AsParam(), now});
}

std::optional<std::int64_t> DeliveryRepository::FindOrderOwner(std::int64_t order_id) {
  const db::ResultSet rows = tx_.Execute(kFindOrderOwner, {order_id});
  if (rows.Empty()) return std::nullopt;
  return rows.OptionalInt64(0, 0);
}

std::optional<DeliveryRequest> DeliveryRepository::FindRequest(std::int64_t order_id) {
  const db::ResultSet rows = tx_.Execute(kFindRequest, {order_id});
  if (rows.Empty()) return std::nullopt;
  return ReadRequest(rows, 0, 0);
}

std::vector<OrderToDecide> DeliveryRepository::FindToDecide(
    std::span<const std::int64_t> order_ids) {
  if (order_ids.empty()) return {};
  db::RowBatch rows;
  for (const std::int64_t order_id : order_ids) rows.Add({order_id, ShipmentKeyFor(order_id)});
  const db::ResultSet found = tx_.Execute(
      tx_.GetDialect() == db::Dialect::kPostgres ? kFindToDecidePostgres : kFindToDecideSqlite,
      {rows.AsParam()});
  std::vector<OrderToDecide> orders;
  orders.reserve(found.RowCount());
  for (std::size_t row = 0; row < found.RowCount(); ++row) {
    orders.push_back({.order_id = found.Int64(row, 0),
                      .request = ReadRequest(found, row, 1),
                      .ended = found.Int64(row, 5) != 0,
                      .decided = found.Int64(row, 6) != 0});
  }
  return orders;
}

}  // namespace sagashop::delivery
