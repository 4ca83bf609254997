#include "services/payment/payment_repository.h"

#include <stdexcept>

#include "platform/core/timestamp.h"
#include "platform/db/row_batch.h"

namespace sagashop::payment {
namespace {

#define SAGASHOP_PAYMENT_COLUMNS                                                            \
  "id, order_id, amount, payment_type, status, payment_gateway_tx_id, reason, created_at, " \
  "updated_at, user_id"

constexpr db::Query kFindPayment{"payment_find",
                                 "SELECT " SAGASHOP_PAYMENT_COLUMNS " FROM payments WHERE id = $1"};
constexpr db::Query kFindByOrder{"payment_find_by_order",
                                 "SELECT " SAGASHOP_PAYMENT_COLUMNS
                                 " FROM payments WHERE order_id = $1 ORDER BY id"};
// The statements for a batch take its rows as one JSON array ($1, see db::RowBatch).
constexpr db::Query kFindByOrdersPostgres{
    "payments_find_by_orders",
    "SELECT " SAGASHOP_PAYMENT_COLUMNS
    " FROM payments WHERE order_id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) "
    "ORDER BY order_id, id"};
constexpr db::Query kFindByOrdersSqlite{
    "payments_find_by_orders",
    "SELECT " SAGASHOP_PAYMENT_COLUMNS
    " FROM payments WHERE order_id IN (SELECT value FROM json_each($1)) ORDER BY order_id, id"};
// Rows: order id, amount, payment type, status, idempotency key, gateway tx id, reason, user id.
constexpr db::Query kInsertPaymentsPostgres{
    "payments_insert",
    "INSERT INTO payments (order_id, amount, payment_type, status, idempotency_key, "
    "payment_gateway_tx_id, reason, user_id, created_at, updated_at) "
    "SELECT (r->>0)::bigint, (r->>1)::bigint, r->>2, r->>3, r->>4, r->>5, r->>6, "
    "(r->>7)::bigint, $2::timestamptz, $2::timestamptz FROM jsonb_array_elements($1::jsonb) WITH "
    "ORDINALITY "
    "AS e(r, n) ORDER BY n ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, order_id"};
// `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join.
constexpr db::Query kInsertPaymentsSqlite{
    "payments_insert",
    "INSERT INTO payments (order_id, amount, payment_type, status, idempotency_key, "
    "payment_gateway_tx_id, reason, user_id, created_at, updated_at) "
    "SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, "
    "value->>7, $2, $2 "
    "FROM json_each($1) WHERE true ORDER BY key "
    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, order_id"};
constexpr db::Query kSettleCharge{
    "payment_settle_charge",
    "UPDATE payments SET status = $2, payment_gateway_tx_id = $3, reason = $4, updated_at = $5 "
    "WHERE idempotency_key = $1 AND status = 'PENDING' RETURNING " SAGASHOP_PAYMENT_COLUMNS};
// Rows: idempotency key, status, gateway tx id, reason.
constexpr db::Query kSettleChargesPostgres{
    "payments_settle_charges",
    "UPDATE payments AS p SET status = r->>1, payment_gateway_tx_id = r->>2, reason = r->>3, "
    "updated_at = $2::timestamptz FROM jsonb_array_elements($1::jsonb) AS r "
    "WHERE p.idempotency_key = r->>0 AND p.status = 'PENDING' RETURNING p.id, p.order_id, "
    "p.amount, p.payment_type, p.status, p.payment_gateway_tx_id, p.reason, p.created_at, "
    "p.updated_at, p.user_id"};
constexpr db::Query kSettleChargesSqlite{
    "payments_settle_charges",
    "UPDATE payments SET status = r.value->>1, payment_gateway_tx_id = r.value->>2, "
    "reason = r.value->>3, updated_at = $2 FROM json_each($1) AS r "
    "WHERE payments.idempotency_key = r.value->>0 AND payments.status = 'PENDING' "
    "RETURNING " SAGASHOP_PAYMENT_COLUMNS};
constexpr db::Query kMarkRefunded{
    "payment_mark_refunded",
    "UPDATE payments SET status = 'REFUNDED', reason = $2, refund_gateway_tx_id = $3, "
    "updated_at = $4 WHERE id = $1 AND status = 'COMPLETED'"};

PaymentRecord ReadPayment(const db::ResultSet& rows, std::size_t row) {
  const auto status = ParsePaymentStatus(rows.Text(row, 4));
  if (!status) throw std::logic_error("payment has a bad status: " + rows.Text(row, 4));
  return {.id = rows.Int64(row, 0),
          .order_id = rows.Int64(row, 1),
          .amount = rows.Int64(row, 2),
          .payment_type = rows.Text(row, 3),
          .status = *status,
          .gateway_tx_id = rows.OptionalText(row, 5),
          .reason = rows.OptionalText(row, 6),
          .created_at = NormalizeTimestamp(rows.Text(row, 7)),
          .updated_at = NormalizeTimestamp(rows.Text(row, 8)),
          .user_id = rows.OptionalInt64(row, 9)};
}

}  // namespace

std::optional<PaymentRecord> PaymentRepository::FindPayment(std::int64_t payment_id) {
  const db::ResultSet rows = tx_.Execute(kFindPayment, {payment_id});
  if (rows.Empty()) return std::nullopt;
  return ReadPayment(rows, 0);
}

std::vector<PaymentRecord> PaymentRepository::FindByOrder(std::int64_t order_id) {
  const db::ResultSet rows = tx_.Execute(kFindByOrder, {order_id});
  std::vector<PaymentRecord> payments;
  for (std::size_t row = 0; row < rows.RowCount(); ++row)
    payments.push_back(ReadPayment(rows, row));
  return payments;
}

std::vector<PaymentRecord> PaymentRepository::FindByOrders(
    std::span<const std::int64_t> order_ids) {
  if (order_ids.empty()) return {};
  db::ValueList ids;
  for (const std::int64_t id : order_ids) ids.Add(id);
  const db::ResultSet rows = tx_.Execute(
      tx_.GetDialect() == db::Dialect::kPostgres ? kFindByOrdersPostgres : kFindByOrdersSqlite,
      {ids.AsParam()});
  std::vector<PaymentRecord> payments;
  payments.reserve(rows.RowCount());
  for (std::size_t row = 0; row < rows.RowCount(); ++row) {
    payments.push_back(ReadPayment(rows, row));
  }
  return payments;
}

std::map<std::int64_t, std::int64_t> PaymentRepository::InsertPayments(
    std::span<const NewPayment> payments, const std::string& now) {
  if (payments.empty()) return {};
  db::RowBatch rows;
  for (const NewPayment& payment : payments) {
    rows.Add({payment.order_id, payment.amount, payment.payment_type,
              std::string(ToString(payment.status)), payment.idempotency_key,
              db::NullableText(payment.gateway_tx_id), db::NullableText(payment.reason),
              payment.user_id});
  }
  const db::ResultSet inserted = tx_.Execute(
      tx_.GetDialect() == db::Dialect::kPostgres ? kInsertPaymentsPostgres : kInsertPaymentsSqlite,
      {rows.AsParam(), now});
  std::map<std::int64_t, std::int64_t> ids;
  for (std::size_t row = 0; row < inserted.RowCount(); ++row) {
    ids.emplace(inserted.Int64(row, 1), inserted.Int64(row, 0));
  }
  return ids;
}

std::optional<PaymentRecord> PaymentRepository::SettleCharge(const std::string& idempotency_key,
                                                             const ChargeSettlement& settlement,
                                                             const std::string& now) {
  const db::ResultSet rows =
      tx_.Execute(kSettleCharge, {idempotency_key, std::string(ToString(settlement.status)),
                                  db::NullableText(settlement.gateway_tx_id),
                                  db::NullableText(settlement.reason), now});
  if (rows.Empty()) return std::nullopt;
  return ReadPayment(rows, 0);
}

std::vector<PaymentRecord> PaymentRepository::SettleCharges(std::span<const ChargeToSettle> charges,
                                                            const std::string& now) {
  if (charges.empty()) return {};
  if (charges.size() == 1) {  // a plain prepared statement is cheaper for one row
    std::optional<PaymentRecord> settled =
        SettleCharge(charges.front().idempotency_key, charges.front().settlement, now);
    if (!settled) return {};
    return {std::move(*settled)};
  }
  db::RowBatch rows;
  for (const ChargeToSettle& charge : charges) {
    rows.Add({charge.idempotency_key, std::string(ToString(charge.settlement.status)),
              db::NullableText(charge.settlement.gateway_tx_id),
              db::NullableText(charge.settlement.reason)});
  }
  const db::ResultSet settled = tx_.Execute(
      tx_.GetDialect() == db::Dialect::kPostgres ? kSettleChargesPostgres : kSettleChargesSqlite,
      {rows.AsParam(), now});
  std::vector<PaymentRecord> payments;
  payments.reserve(settled.RowCount());
  for (std::size_t row = 0; row < settled.RowCount(); ++row) {
    payments.push_back(ReadPayment(settled, row));
  }
  return payments;
}

bool PaymentRepository::MarkRefunded(std::int64_t payment_id, const std::string& reason,
                                     const std::string& refund_tx_id, const std::string& now) {
  return tx_.Execute(kMarkRefunded, {payment_id, reason, refund_tx_id, now}).AffectedRows() == 1;
}

}  // namespace sagashop::payment
