#include "outside_world/record_json.h"

#include <boost/json/array.hpp>

namespace sagashop::outside_world {
namespace {

boost::json::value TextOrNull(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : boost::json::value(nullptr);
}

boost::json::array Ids(const std::vector<std::int64_t>& ids) {
  return boost::json::array(ids.begin(), ids.end());
}

}  // namespace

boost::json::object ChargeJson(const ChargeRecord& charge) {
  return {{"id", charge.id},
          {"idempotencyKey", charge.idempotency_key},
          {"orderId", charge.order_id},
          {"amount", charge.amount},
          {"paymentType", charge.payment_type},
          {"status", charge.approved ? "APPROVED" : "DECLINED"},
          {"declineReason", TextOrNull(charge.decline_reason)}};
}

boost::json::object RefundJson(const RefundRecord& refund) {
  return {{"id", refund.id},
          {"idempotencyKey", refund.idempotency_key},
          {"chargeId", refund.charge_id},
          {"orderId", refund.order_id},
          {"amount", refund.amount},
          {"status", "REFUNDED"}};
}

boost::json::object ShipmentJson(const ShipmentRecord& shipment) {
  return {{"id", shipment.id},
          {"idempotencyKey", shipment.idempotency_key},
          {"orderId", shipment.order_id},
          {"status", shipment.accepted ? "ACCEPTED" : "REFUSED"},
          {"trackingNumber", TextOrNull(shipment.tracking_number)},
          {"carrier", shipment.carrier},
          {"refusalReason", TextOrNull(shipment.refusal_reason)}};
}

boost::json::object OrderCountsJson(const OrderCounts& counts) {
  return {{"orderId", counts.order_id},
          {"charges", counts.charges},
          {"approvedCharges", counts.approved_charges},
          {"refunds", counts.refunds},
          {"shipments", counts.shipments}};
}

boost::json::object TotalsJson(const LedgerTotals& totals) {
  return {{"charges", totals.charges},
          {"approvedCharges", totals.approved_charges},
          {"refunds", totals.refunds},
          {"shipments", totals.shipments},
          {"acceptedShipments", totals.accepted_shipments},
          {"ordersChargedMoreThanOnce", Ids(totals.orders_charged_more_than_once)},
          {"ordersRefundedMoreThanOnce", Ids(totals.orders_refunded_more_than_once)},
          {"ordersShippedMoreThanOnce", Ids(totals.orders_shipped_more_than_once)}};
}

boost::json::object BehaviourJson(const FaceBehaviour& behaviour,
                                  std::int64_t outage_seconds_left) {
  return {
      {"latencyMedianMs", behaviour.latency_median_ms}, {"latencyP99Ms", behaviour.latency_p99_ms},
      {"failureRate", behaviour.failure_rate},          {"timeoutRate", behaviour.timeout_rate},
      {"timeoutDelayMs", behaviour.timeout_delay_ms},   {"outageSecondsLeft", outage_seconds_left}};
}

}  // namespace sagashop::outside_world
