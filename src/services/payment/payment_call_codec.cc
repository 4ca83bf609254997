#include "services/payment/payment_call_codec.h"

#include <boost/json/serialize.hpp>

#include "platform/core/json_fields.h"

namespace sagashop::payment {

std::string EncodeChargeRequest(const ChargeRequest& request) {
  return boost::json::serialize(boost::json::object{{"orderId", request.order_id},
                                                    {"amount", request.amount},
                                                    {"paymentType", request.payment_type}});
}

ChargeRequest DecodeChargeRequest(std::string_view json, const std::string& idempotency_key) {
  const boost::json::object object = ParseJsonObject(json, "charge request");
  const JsonFields fields(object);
  return {.idempotency_key = idempotency_key,
          .order_id = fields.Int64("orderId"),
          .amount = fields.Int64("amount"),
          .payment_type = fields.String("paymentType")};
}

std::string EncodeChargeResult(const ChargeResult& result) {
  return boost::json::serialize(boost::json::object{{"approved", result.approved},
                                                    {"gatewayTxId", result.gateway_tx_id},
                                                    {"declineReason", result.decline_reason}});
}

ChargeResult DecodeChargeResult(std::string_view json) {
  const boost::json::object object = ParseJsonObject(json, "charge result");
  const auto* approved = object.if_contains("approved");
  if (approved == nullptr || !approved->is_bool())
    throw FieldError("approved", "must be a boolean");
  const JsonFields fields(object);
  return {.approved = approved->as_bool(),
          .gateway_tx_id = fields.String("gatewayTxId"),
          .decline_reason = fields.String("declineReason")};
}

std::string EncodeRefundIntent(const RefundIntent& intent) {
  return boost::json::serialize(boost::json::object{{"paymentId", intent.payment_id},
                                                    {"reason", intent.reason},
                                                    {"gatewayTxId", intent.request.gateway_tx_id},
                                                    {"orderId", intent.request.order_id},
                                                    {"amount", intent.request.amount}});
}

RefundIntent DecodeRefundIntent(std::string_view json, const std::string& idempotency_key) {
  const boost::json::object object = ParseJsonObject(json, "refund request");
  const JsonFields fields(object);
  return {.payment_id = fields.Int64("paymentId"),
          .reason = fields.String("reason"),
          .request = {.idempotency_key = idempotency_key,
                      .gateway_tx_id = fields.String("gatewayTxId"),
                      .order_id = fields.Int64("orderId"),
                      .amount = fields.Int64("amount")}};
}

std::string EncodeRefundResult(const RefundResult& result) {
  return boost::json::serialize(boost::json::object{{"refundTxId", result.refund_tx_id}});
}

RefundResult DecodeRefundResult(std::string_view json) {
  const boost::json::object object = ParseJsonObject(json, "refund result");
  return {.refund_tx_id = JsonFields(object).String("refundTxId")};
}

}  // namespace sagashop::payment
