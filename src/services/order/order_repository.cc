#include "services/order/order_repository.h"

#include <array>
#include <stdexcept>

#include "platform/core/timestamp.h"
#include "platform/db/row_batch.h"

namespace sagashop::order {
namespace {

// A macro so the column list joins the query literals at compile time.
#define SAGASHOP_ORDER_COLUMNS                                                                    \
  "id, user_id, product_id, quantity, amount, address, payment_method, status, reason, saga_id, " \
  "request_hash, created_at, updated_at"

constexpr db::Query kFindOrder{"order_find",
                               "SELECT " SAGASHOP_ORDER_COLUMNS " FROM orders WHERE id = $1"};
constexpr db::Query kInsertOrder{
    "order_insert",
    "INSERT INTO orders (user_id, product_id, amount, quantity, address, payment_method, status, "
    "saga_id, idempotency_key, request_hash, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $7, $8, $9, $10, $10) RETURNING id"};
constexpr db::Query kInsertSaga{
    "saga_insert",
    "INSERT INTO saga_instances (saga_id, saga_type, order_id, status, current_step, created_at, "
    "updated_at, trace_id) VALUES ($1, 'ORDER_SAGA', $2, 'STARTED', 'order.created.v1', $3, $3, "
    "$4)"};

// The statements for a group of new orders, and for a batch of events, take their rows as one
// JSON array ($1, see db::RowBatch).
// Rows: user, product, amount, quantity, address, payment method, saga id, key, request hash.
constexpr db::Query kInsertOrdersPostgres{
    "orders_insert",
    "INSERT INTO orders (user_id, product_id, amount, quantity, address, payment_method, status, "
    "saga_id, idempotency_key, request_hash, created_at, updated_at) "
    "SELECT (r->>0)::bigint, (r->>1)::bigint, (r->>2)::bigint, (r->>3)::int, r->>4, r->>5, "
    "'PENDING', r->>6, r->>7, r->>8, $2::timestamptz, $2::timestamptz "
    "FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, n) ORDER BY n "
    "RETURNING saga_id, id"};
constexpr db::Query kInsertOrdersSqlite{
    "orders_insert",
    "INSERT INTO orders (user_id, product_id, amount, quantity, address, payment_method, status, "
    "saga_id, idempotency_key, request_hash, created_at, updated_at) "
    "SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, 'PENDING', "
    "value->>6, value->>7, value->>8, $2, $2 FROM json_each($1) ORDER BY key "
    "RETURNING saga_id, id"};
// Rows: saga id, order id, trace id.
constexpr db::Query kInsertSagasPostgres{
    "sagas_insert",
    "INSERT INTO saga_instances (saga_id, saga_type, order_id, status, current_step, created_at, "
    "updated_at, trace_id) SELECT r->>0, 'ORDER_SAGA', (r->>1)::bigint, 'STARTED', "
    "'order.created.v1', $2::timestamptz, $2::timestamptz, r->>2 "
    "FROM jsonb_array_elements($1::jsonb) AS r"};
constexpr db::Query kInsertSagasSqlite{
    "sagas_insert",
    "INSERT INTO saga_instances (saga_id, saga_type, order_id, status, current_step, created_at, "
    "updated_at, trace_id) SELECT value->>0, 'ORDER_SAGA', value->>1, 'STARTED', "
    "'order.created.v1', $2, $2, value->>2 FROM json_each($1)"};
constexpr db::Query kLockOrdersPostgres{
    "orders_lock",
    "SELECT " SAGASHOP_ORDER_COLUMNS
    " FROM orders "
    "WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) ORDER BY id FOR UPDATE"};
constexpr db::Query kLockOrdersSqlite{
    "orders_lock", "SELECT " SAGASHOP_ORDER_COLUMNS
                   " FROM orders WHERE id IN (SELECT value FROM json_each($1)) ORDER BY id"};
// Rows: id, new status, reason, transitions, status as read (the guard).
constexpr db::Query kMoveOrdersPostgres{
    "orders_move",
    "UPDATE orders AS o SET status = r->>1, reason = r->>2, version = o.version + (r->>3)::int, "
    "updated_at = $2 FROM jsonb_array_elements($1::jsonb) AS r "
    "WHERE o.id = (r->>0)::bigint AND o.status = r->>4"};
constexpr db::Query kMoveOrdersSqlite{
    "orders_move",
    "UPDATE orders SET status = r.value->>1, reason = r.value->>2, "
    "version = version + (r.value->>3), updated_at = $2 FROM json_each($1) AS r "
    "WHERE orders.id = r.value->>0 AND orders.status = r.value->>4"};
// Rows: saga id, status, current step.
constexpr db::Query kUpdateSagasPostgres{
    "sagas_update",
    "UPDATE saga_instances AS s SET status = r->>1, current_step = r->>2, updated_at = $2 "
    "FROM jsonb_array_elements($1::jsonb) AS r WHERE s.saga_id = r->>0"};
constexpr db::Query kUpdateSagasSqlite{
    "sagas_update",
    "UPDATE saga_instances SET status = r.value->>1, current_step = r.value->>2, updated_at = $2 "
    "FROM json_each($1) AS r WHERE saga_instances.saga_id = r.value->>0"};
// Rows: saga id, order id, event id, event type, service, outcome, occurred at, recorded at.
constexpr db::Query kRecordStepsPostgres{
    "saga_steps_insert",
    "INSERT INTO saga_steps (saga_id, order_id, event_id, event_type, service, outcome, "
    "occurred_at, recorded_at) SELECT r->>0, (r->>1)::bigint, r->>2, r->>3, r->>4, r->>5, "
    "(r->>6)::timestamptz, (r->>7)::timestamptz FROM jsonb_array_elements($1::jsonb) WITH "
    "ORDINALITY AS e(r, n) ORDER BY n ON CONFLICT (event_id) DO NOTHING"};
constexpr db::Query kRecordStepsSqlite{
    "saga_steps_insert",
    "INSERT INTO saga_steps (saga_id, order_id, event_id, event_type, service, outcome, "
    "occurred_at, recorded_at) SELECT value->>0, value->>1, value->>2, value->>3, value->>4, "
    "value->>5, value->>6, value->>7 FROM json_each($1) ORDER BY key "
    "ON CONFLICT (event_id) DO NOTHING"};
constexpr db::Query kFindSaga{
    "saga_find_by_order",
    "SELECT saga_id, saga_type, order_id, status, current_step, created_at, updated_at, trace_id "
    "FROM saga_instances WHERE order_id = $1"};
constexpr db::Query kListStuck{
    "saga_list_stuck",
    "SELECT saga_id, saga_type, order_id, status, current_step, created_at, updated_at, trace_id "
    "FROM saga_instances WHERE status IN ('STARTED', 'COMPENSATING') AND updated_at < $1 "
    "ORDER BY updated_at LIMIT $2"};
constexpr db::Query kCountStuck{
    "saga_count_stuck",
    "SELECT count(*) FROM saga_instances WHERE status IN ('STARTED', 'COMPENSATING') "
    "AND updated_at < $1"};
constexpr db::Query kCountInFlight{
    "saga_count_in_flight",
    "SELECT count(*) FROM saga_instances WHERE status IN ('STARTED', 'COMPENSATING')"};
constexpr db::Query kListSteps{
    "saga_steps_list",
    "SELECT event_id, event_type, service, outcome, occurred_at, recorded_at FROM saga_steps "
    "WHERE saga_id = $1 ORDER BY occurred_at, id"};

OrderRecord ReadOrder(const db::ResultSet& rows, std::size_t row) {
  OrderRecord order;
  order.id = rows.Int64(row, 0);
  order.user_id = rows.Int64(row, 1);
  order.product_id = rows.Int64(row, 2);
  order.quantity = rows.Int64(row, 3);
  order.amount = rows.Int64(row, 4);
  order.address = rows.Text(row, 5);
  order.payment_method = rows.Text(row, 6);
  const auto status = ParseOrderStatus(rows.Text(row, 7));
  if (!status) throw std::logic_error("order " + std::to_string(order.id) + " has a bad status");
  order.status = *status;
  order.reason = rows.OptionalText(row, 8);
  order.saga_id = rows.Text(row, 9);
  order.request_fingerprint = rows.OptionalText(row, 10);
  order.created_at = NormalizeTimestamp(rows.Text(row, 11));
  order.updated_at = NormalizeTimestamp(rows.Text(row, 12));
  return order;
}

SagaRecord ReadSaga(const db::ResultSet& rows, std::size_t row) {
  return {.saga_id = rows.Text(row, 0),
          .saga_type = rows.Text(row, 1),
          .order_id = rows.Int64(row, 2),
          .status = rows.Text(row, 3),
          .current_step = rows.OptionalText(row, 4),
          .created_at = NormalizeTimestamp(rows.Text(row, 5)),
          .updated_at = NormalizeTimestamp(rows.Text(row, 6)),
          .trace_id = rows.OptionalText(row, 7)};
}

}  // namespace

std::optional<OrderRecord> OrderRepository::FindOrder(std::int64_t order_id) {
  const db::ResultSet rows = tx_.Execute(kFindOrder, {order_id});
  if (rows.Empty()) return std::nullopt;
  return ReadOrder(rows, 0);
}

namespace {

// The keyset query of GET /orders for one combination of filters (a bit each: user, status, since,
// until); each combination is prepared once under its own name.
constexpr int kOrderListShapes = 16;

db::Query OrderListQuery(int shape) {
  static const std::array<std::string, kOrderListShapes> sql = [] {
    std::array<std::string, kOrderListShapes> texts;
    for (int s = 0; s < kOrderListShapes; ++s) {
      std::string where = "id > $1";
      int param = 3;  // $2 is the limit
      auto add = [&](int bit, const char* condition) {
        if (s & bit) where += std::string(" AND ") + condition + std::to_string(param++);
      };
      add(1, "user_id = $");
      add(2, "status = $");
      add(4, "created_at >= $");
      add(8, "created_at < $");
      texts[s] =
          "SELECT " SAGASHOP_ORDER_COLUMNS " FROM orders WHERE " + where + " ORDER BY id LIMIT $2";
    }
    return texts;
  }();
  static const std::array<std::string, kOrderListShapes> names = [] {
    std::array<std::string, kOrderListShapes> texts;
    for (int s = 0; s < kOrderListShapes; ++s) texts[s] = "orders_list_" + std::to_string(s);
    return texts;
  }();
  return db::Query{names[shape], sql[shape]};
}

}  // namespace

std::vector<OrderRecord> OrderRepository::ListOrders(const OrderListFilter& filter) {
  const int shape = (filter.user_id ? 1 : 0) | (filter.status ? 2 : 0) |
                    (filter.created_since ? 4 : 0) | (filter.created_until ? 8 : 0);
  std::vector<db::Param> params = {filter.after_id, static_cast<std::int64_t>(filter.limit)};
  if (filter.user_id) params.emplace_back(*filter.user_id);
  if (filter.status) params.emplace_back(std::string(ToString(*filter.status)));
  if (filter.created_since) params.emplace_back(*filter.created_since);
  if (filter.created_until) params.emplace_back(*filter.created_until);
  const db::ResultSet rows = tx_.Execute(OrderListQuery(shape), params);
  std::vector<OrderRecord> orders;
  orders.reserve(rows.RowCount());
  for (std::size_t row = 0; row < rows.RowCount(); ++row) orders.push_back(ReadOrder(rows, row));
  return orders;
}

std::int64_t OrderRepository::InsertOrder(const CreateOrderRequest& request,
                                          const std::string& saga_id, const std::string& now) {
  const db::ResultSet rows = tx_.Execute(
      kInsertOrder,
      {request.user_id, request.product_id, request.amount, request.quantity, request.address,
       request.payment_method, saga_id, db::NullableText(request.idempotency_key),
       request.idempotency_key ? db::Param{request.Fingerprint()} : db::Param{db::kNull}, now});
  return rows.Int64(0, 0);
}

void OrderRepository::InsertSaga(const std::string& saga_id, std::int64_t order_id,
                                 const std::string& now, const std::string& trace_id) {
  tx_.Queue(kInsertSaga, {saga_id, order_id, now,
                          trace_id.empty() ? db::Param{db::kNull} : db::Param{trace_id}});
}

std::map<std::string, std::int64_t> OrderRepository::InsertOrders(std::span<const NewOrder> orders,
                                                                  const std::string& now) {
  if (orders.empty()) return {};
  db::RowBatch rows;
  for (const NewOrder& order : orders) {
    const CreateOrderRequest& request = *order.request;
    rows.Add({request.user_id, request.product_id, request.amount, request.quantity,
              order.sealed_address, request.payment_method, order.saga_id,
              db::NullableText(request.idempotency_key),
              request.idempotency_key ? db::Param{request.Fingerprint()} : db::Param{db::kNull}});
  }
  const db::ResultSet result = tx_.Execute(
      tx_.GetDialect() == db::Dialect::kPostgres ? kInsertOrdersPostgres : kInsertOrdersSqlite,
      {rows.AsParam(), now});
  std::map<std::string, std::int64_t> ids;
  for (std::size_t row = 0; row < result.RowCount(); ++row) {
    ids[result.Text(row, 0)] = result.Int64(row, 1);
  }
  return ids;
}

void OrderRepository::InsertSagas(std::span<const NewOrder> orders,
                                  const std::map<std::string, std::int64_t>& ids,
                                  const std::string& now) {
  if (orders.empty()) return;
  db::RowBatch rows;
  for (const NewOrder& order : orders) {
    rows.Add({order.saga_id, ids.at(order.saga_id),
              order.trace_id.empty() ? db::Param{db::kNull} : db::Param{order.trace_id}});
  }
  tx_.Queue(tx_.GetDialect() == db::Dialect::kPostgres ? kInsertSagasPostgres : kInsertSagasSqlite,
            {rows.AsParam(), now});
}

std::vector<OrderRecord> OrderRepository::LockOrders(std::span<const std::int64_t> order_ids) {
  db::ValueList ids;
  for (const std::int64_t id : order_ids) ids.Add(id);
  const db::ResultSet rows = tx_.Execute(
      tx_.GetDialect() == db::Dialect::kPostgres ? kLockOrdersPostgres : kLockOrdersSqlite,
      {ids.AsParam()});
  std::vector<OrderRecord> orders;
  orders.reserve(rows.RowCount());
  for (std::size_t row = 0; row < rows.RowCount(); ++row) orders.push_back(ReadOrder(rows, row));
  return orders;
}

std::int64_t OrderRepository::MoveOrders(std::span<const OrderMoveRecord> moves,
                                         const std::string& now) {
  if (moves.empty()) return 0;
  db::RowBatch rows;
  for (const OrderMoveRecord& move : moves) {
    rows.Add({move.order_id, std::string(ToString(move.to)), db::NullableText(move.reason),
              std::int64_t{move.moves}, std::string(ToString(move.from))});
  }
  return tx_
      .Execute(tx_.GetDialect() == db::Dialect::kPostgres ? kMoveOrdersPostgres : kMoveOrdersSqlite,
               {rows.AsParam(), now})
      .AffectedRows();
}

void OrderRepository::UpdateSagas(std::span<const SagaUpdateRecord> updates,
                                  const std::string& now) {
  if (updates.empty()) return;
  db::RowBatch rows;
  for (const SagaUpdateRecord& update : updates) {
    rows.Add({update.saga_id, update.status, update.current_step});
  }
  tx_.Queue(tx_.GetDialect() == db::Dialect::kPostgres ? kUpdateSagasPostgres : kUpdateSagasSqlite,
            {rows.AsParam(), now});
}

void OrderRepository::RecordSteps(std::span<const SagaStepRecord> steps) {
  if (steps.empty()) return;
  db::RowBatch rows;
  for (const SagaStepRecord& step : steps) {
    rows.Add({step.saga_id, step.order_id, step.event_id, step.event_type, step.service,
              step.outcome, step.occurred_at, step.recorded_at});
  }
  tx_.Queue(tx_.GetDialect() == db::Dialect::kPostgres ? kRecordStepsPostgres : kRecordStepsSqlite,
            {rows.AsParam()});
}

std::optional<SagaRecord> OrderRepository::FindSagaByOrder(std::int64_t order_id) {
  const db::ResultSet rows = tx_.Execute(kFindSaga, {order_id});
  if (rows.Empty()) return std::nullopt;
  return ReadSaga(rows, 0);
}

std::vector<SagaRecord> OrderRepository::ListStuckSagas(const std::string& idle_since, int limit) {
  const db::ResultSet rows =
      tx_.Execute(kListStuck, {idle_since, static_cast<std::int64_t>(limit)});
  std::vector<SagaRecord> sagas;
  for (std::size_t row = 0; row < rows.RowCount(); ++row) sagas.push_back(ReadSaga(rows, row));
  return sagas;
}

std::int64_t OrderRepository::CountSagasInFlight() {
  return tx_.Execute(kCountInFlight, {}).Int64(0, 0);
}

std::int64_t OrderRepository::CountStuckSagas(const std::string& idle_since) {
  return tx_.Execute(kCountStuck, {idle_since}).Int64(0, 0);
}

std::vector<SagaStepRecord> OrderRepository::ListSteps(const std::string& saga_id) {
  const db::ResultSet rows = tx_.Execute(kListSteps, {saga_id});
  std::vector<SagaStepRecord> steps;
  steps.reserve(rows.RowCount());
  for (std::size_t row = 0; row < rows.RowCount(); ++row) {
    steps.push_back({.saga_id = saga_id,
                     .event_id = rows.Text(row, 0),
                     .event_type = rows.Text(row, 1),
                     .service = rows.Text(row, 2),
                     .outcome = rows.Text(row, 3),
                     .occurred_at = NormalizeTimestamp(rows.Text(row, 4)),
                     .recorded_at = NormalizeTimestamp(rows.Text(row, 5))});
  }
  return steps;
}

db::Statement MarkPaymentProcessing(db::Dialect dialect, std::span<const std::int64_t> order_ids,
                                    const std::string& now) {
  constexpr db::Query kPostgres{
      "order_mark_payment_processing",
      "UPDATE orders SET status = 'PAYMENT_PROCESSING', updated_at = $2 "
      "WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) AND status = 'PENDING'"};
  constexpr db::Query kSqlite{
      "order_mark_payment_processing",
      "UPDATE orders SET status = 'PAYMENT_PROCESSING', updated_at = $2 "
      "WHERE id IN (SELECT value FROM json_each($1)) AND status = 'PENDING'"};
  db::ValueList ids;
  for (const std::int64_t id : order_ids) ids.Add(id);
  return {.query = dialect == db::Dialect::kPostgres ? kPostgres : kSqlite,
          .params = {ids.AsParam(), now}};
}

}  // namespace sagashop::order
