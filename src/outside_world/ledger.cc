#include "outside_world/ledger.h"

#include "outside_world/ledger_migrations.h"
#include "outside_world/verdicts.h"
#include "platform/core/ids.h"
#include "platform/core/timestamp.h"
#include "platform/db/run_in_transaction.h"

namespace sagashop::outside_world {
namespace {

using db::Query;
using db::Transaction;

constexpr Query kChargeByKey{"ow_charge_by_key",
                             "SELECT id, idempotency_key, order_id, amount, payment_type, status, "
                             "decline_reason FROM charges WHERE idempotency_key = $1"};
constexpr Query kChargeById{"ow_charge_by_id",
                            "SELECT id, idempotency_key, order_id, amount, payment_type, status, "
                            "decline_reason FROM charges WHERE id = $1"};
constexpr Query kInsertCharge{
    "ow_insert_charge",
    "INSERT INTO charges (id, idempotency_key, order_id, amount, payment_type, status, "
    "decline_reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr Query kRefundByKey{"ow_refund_by_key",
                             "SELECT id, idempotency_key, charge_id, order_id, amount FROM refunds "
                             "WHERE idempotency_key = $1"};
constexpr Query kRefundByCharge{"ow_refund_by_charge",
                                "SELECT id, idempotency_key, charge_id, order_id, amount FROM "
                                "refunds WHERE charge_id = $1"};
constexpr Query kInsertRefund{"ow_insert_refund",
                              "INSERT INTO refunds (id, idempotency_key, charge_id, order_id, "
                              "amount, created_at) VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr Query kShipmentByKey{"ow_shipment_by_key",
                               "SELECT id, idempotency_key, order_id, address, status, "
                               "tracking_number, carrier, refusal_reason FROM shipments WHERE "
                               "idempotency_key = $1"};
constexpr Query kInsertShipment{
    "ow_insert_shipment",
    "INSERT INTO shipments (id, idempotency_key, order_id, address, status, tracking_number, "
    "carrier, refusal_reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
constexpr Query kOrderCounts{
    "ow_order_counts",
    "SELECT (SELECT COUNT(*) FROM charges WHERE order_id = $1), "
    "(SELECT COUNT(*) FROM charges WHERE order_id = $1 AND status = 'APPROVED'), "
    "(SELECT COUNT(*) FROM refunds WHERE order_id = $1), "
    "(SELECT COUNT(*) FROM shipments WHERE order_id = $1)"};
constexpr Query kTotals{"ow_totals",
                        "SELECT (SELECT COUNT(*) FROM charges), "
                        "(SELECT COUNT(*) FROM charges WHERE status = 'APPROVED'), "
                        "(SELECT COUNT(*) FROM refunds), (SELECT COUNT(*) FROM shipments), "
                        "(SELECT COUNT(*) FROM shipments WHERE status = 'ACCEPTED')"};
constexpr Query kChargedTwice{"ow_charged_twice",
                              "SELECT order_id FROM charges WHERE status = 'APPROVED' GROUP BY "
                              "order_id HAVING COUNT(*) > 1 ORDER BY order_id"};
constexpr Query kRefundedTwice{"ow_refunded_twice",
                               "SELECT order_id FROM refunds GROUP BY order_id HAVING COUNT(*) > 1 "
                               "ORDER BY order_id"};
constexpr Query kShippedTwice{"ow_shipped_twice",
                              "SELECT order_id FROM shipments WHERE status = 'ACCEPTED' GROUP BY "
                              "order_id HAVING COUNT(*) > 1 ORDER BY order_id"};

// "ch_" and 24 hex digits of a random UUID: unguessable and unique in practice; the primary key
// makes a collision an error rather than a silent overwrite.
std::string NewId(std::string_view prefix) {
  std::string hex;
  for (const char c : NewUuid()) {
    if (c != '-') hex.push_back(c);
  }
  return std::string(prefix) + hex.substr(0, 24);
}

std::string NewTrackingNumber() {
  std::string number = "SIM";
  for (const char c : NewUuid()) {
    if (c != '-' && number.size() < 15) number.push_back(static_cast<char>(std::toupper(c)));
  }
  return number;
}

std::optional<ChargeRecord> ChargeWhere(Transaction& tx, const Query& query,
                                        const std::string& value) {
  const db::ResultSet rows = tx.Execute(query, {value});
  if (rows.Empty()) return std::nullopt;
  return ChargeRecord{.id = rows.Text(0, 0),
                      .idempotency_key = rows.Text(0, 1),
                      .order_id = rows.Int64(0, 2),
                      .amount = rows.Int64(0, 3),
                      .payment_type = rows.Text(0, 4),
                      .approved = rows.Text(0, 5) == "APPROVED",
                      .decline_reason = rows.OptionalText(0, 6)};
}

std::optional<RefundRecord> RefundWhere(Transaction& tx, const Query& query,
                                        const std::string& value) {
  const db::ResultSet rows = tx.Execute(query, {value});
  if (rows.Empty()) return std::nullopt;
  return RefundRecord{.id = rows.Text(0, 0),
                      .idempotency_key = rows.Text(0, 1),
                      .charge_id = rows.Text(0, 2),
                      .order_id = rows.Int64(0, 3),
                      .amount = rows.Int64(0, 4)};
}

std::optional<ShipmentRecord> ShipmentByKey(Transaction& tx, const std::string& key) {
  const db::ResultSet rows = tx.Execute(kShipmentByKey, {key});
  if (rows.Empty()) return std::nullopt;
  return ShipmentRecord{.id = rows.Text(0, 0),
                        .idempotency_key = rows.Text(0, 1),
                        .order_id = rows.Int64(0, 2),
                        .address = rows.Text(0, 3),
                        .accepted = rows.Text(0, 4) == "ACCEPTED",
                        .tracking_number = rows.OptionalText(0, 5),
                        .carrier = rows.Text(0, 6),
                        .refusal_reason = rows.OptionalText(0, 7)};
}

std::vector<std::int64_t> OrderIds(Transaction& tx, const Query& query) {
  const db::ResultSet rows = tx.Execute(query);
  std::vector<std::int64_t> ids;
  for (std::size_t row = 0; row < rows.RowCount(); ++row) ids.push_back(rows.Int64(row, 0));
  return ids;
}

[[noreturn]] void KeyReused(const std::string& key, const std::string& what) {
  throw LedgerRefusal(LedgerRefusal::Reason::kKeyReused,
                      "Idempotency-Key '" + key + "' was used for a different " + what);
}

}  // namespace

Ledger::Ledger(db::Database& database) : database_(database) {
  database_.ApplyMigrations(LedgerMigrations());
}

Answered<ChargeRecord> Ledger::Charge(const ChargeCall& call,
                                      const std::optional<std::string>& decline_reason) {
  return db::RunInTransaction(database_, [&](Transaction& tx) -> Answered<ChargeRecord> {
    if (auto existing = ChargeWhere(tx, kChargeByKey, call.idempotency_key)) {
      if (existing->order_id != call.order_id || existing->amount != call.amount ||
          existing->payment_type != call.payment_type) {
        KeyReused(call.idempotency_key, "charge");
      }
      return {*std::move(existing), true};
    }
    ChargeRecord charge{.id = NewId("ch_"),
                        .idempotency_key = call.idempotency_key,
                        .order_id = call.order_id,
                        .amount = call.amount,
                        .payment_type = call.payment_type,
                        .approved = !decline_reason.has_value(),
                        .decline_reason = decline_reason};
    tx.Execute(kInsertCharge,
               {charge.id, charge.idempotency_key, charge.order_id, charge.amount,
                charge.payment_type, std::string(charge.approved ? "APPROVED" : "DECLINED"),
                db::NullableText(charge.decline_reason), NowRfc3339()});
    return {std::move(charge), false};
  });
}

Answered<RefundRecord> Ledger::Refund(const RefundCall& call) {
  return db::RunInTransaction(database_, [&](Transaction& tx) -> Answered<RefundRecord> {
    if (auto existing = RefundWhere(tx, kRefundByKey, call.idempotency_key)) {
      if (existing->charge_id != call.charge_id || existing->amount != call.amount) {
        KeyReused(call.idempotency_key, "refund");
      }
      return {*std::move(existing), true};
    }
    const auto charge = ChargeWhere(tx, kChargeById, call.charge_id);
    if (!charge) {
      throw LedgerRefusal(LedgerRefusal::Reason::kUnknownCharge, "no charge " + call.charge_id);
    }
    if (!charge->approved) {
      throw LedgerRefusal(LedgerRefusal::Reason::kNotRefundable,
                          "charge " + call.charge_id + " was declined; there is nothing to refund");
    }
    if (call.amount > charge->amount) {
      throw LedgerRefusal(LedgerRefusal::Reason::kNotRefundable,
                          "refund amount " + std::to_string(call.amount) +
                              " exceeds the charge's " + std::to_string(charge->amount));
    }
    // At most one refund per charge: a second one under a new key is the first one.
    if (auto earlier = RefundWhere(tx, kRefundByCharge, call.charge_id)) {
      return {*std::move(earlier), false};
    }
    RefundRecord refund{.id = NewId("rf_"),
                        .idempotency_key = call.idempotency_key,
                        .charge_id = call.charge_id,
                        .order_id = charge->order_id,
                        .amount = call.amount};
    tx.Execute(kInsertRefund, {refund.id, refund.idempotency_key, refund.charge_id, refund.order_id,
                               refund.amount, NowRfc3339()});
    return {std::move(refund), false};
  });
}

Answered<ShipmentRecord> Ledger::Ship(const ShipmentCall& call,
                                      const std::optional<std::string>& refusal_reason) {
  return db::RunInTransaction(database_, [&](Transaction& tx) -> Answered<ShipmentRecord> {
    if (auto existing = ShipmentByKey(tx, call.idempotency_key)) {
      if (existing->order_id != call.order_id || existing->address != call.address) {
        KeyReused(call.idempotency_key, "shipment");
      }
      return {*std::move(existing), true};
    }
    ShipmentRecord shipment{.id = NewId("sh_"),
                            .idempotency_key = call.idempotency_key,
                            .order_id = call.order_id,
                            .address = call.address,
                            .accepted = !refusal_reason.has_value(),
                            .tracking_number = std::nullopt,
                            .carrier = std::string(kCarrierName),
                            .refusal_reason = refusal_reason};
    if (shipment.accepted) shipment.tracking_number = NewTrackingNumber();
    tx.Execute(kInsertShipment,
               {shipment.id, shipment.idempotency_key, shipment.order_id, shipment.address,
                std::string(shipment.accepted ? "ACCEPTED" : "REFUSED"),
                db::NullableText(shipment.tracking_number), shipment.carrier,
                db::NullableText(shipment.refusal_reason), NowRfc3339()});
    return {std::move(shipment), false};
  });
}

std::optional<ChargeRecord> Ledger::FindCharge(const std::string& idempotency_key) {
  return db::RunInTransaction(
      database_, [&](Transaction& tx) { return ChargeWhere(tx, kChargeByKey, idempotency_key); });
}

std::optional<ShipmentRecord> Ledger::FindShipment(const std::string& idempotency_key) {
  return db::RunInTransaction(database_,
                              [&](Transaction& tx) { return ShipmentByKey(tx, idempotency_key); });
}

OrderCounts Ledger::CountsOf(std::int64_t order_id) {
  return db::RunInTransaction(database_, [&](Transaction& tx) {
    const db::ResultSet row = tx.Execute(kOrderCounts, {order_id});
    return OrderCounts{.order_id = order_id,
                       .charges = row.Int64(0, 0),
                       .approved_charges = row.Int64(0, 1),
                       .refunds = row.Int64(0, 2),
                       .shipments = row.Int64(0, 3)};
  });
}

LedgerTotals Ledger::Totals() {
  return db::RunInTransaction(database_, [&](Transaction& tx) {
    const db::ResultSet row = tx.Execute(kTotals);
    return LedgerTotals{.charges = row.Int64(0, 0),
                        .approved_charges = row.Int64(0, 1),
                        .refunds = row.Int64(0, 2),
                        .shipments = row.Int64(0, 3),
                        .accepted_shipments = row.Int64(0, 4),
                        .orders_charged_more_than_once = OrderIds(tx, kChargedTwice),
                        .orders_refunded_more_than_once = OrderIds(tx, kRefundedTwice),
                        .orders_shipped_more_than_once = OrderIds(tx, kShippedTwice)};
  });
}

}  // namespace sagashop::outside_world
