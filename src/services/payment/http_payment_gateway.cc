#include "services/payment/http_payment_gateway.h"

#include <boost/json/serialize.hpp>

#include "platform/http/outside_call.h"

namespace sagashop::payment {
namespace {

constexpr std::string_view kCharge = "POST /v1/charges";
constexpr std::string_view kRefund = "POST /v1/refunds";

const boost::json::string* StringMember(const boost::json::object& object, std::string_view name) {
  const boost::json::value* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? &value->get_string() : nullptr;
}

}  // namespace

CallOutcome<ChargeResult> ChargeOutcomeOf(const http::AsyncResult& result) {
  auto answer = http::OkJsonOrUnavailable(result, kCharge);
  if (auto* unavailable = std::get_if<Unavailable>(&answer)) return *unavailable;
  const auto& charge = std::get<boost::json::object>(answer);
  const auto* status = StringMember(charge, "status");
  const auto* id = StringMember(charge, "id");
  if (status == nullptr || id == nullptr || id->empty()) {
    return http::UnexpectedAnswer(kCharge, "no status or id in " + boost::json::serialize(charge));
  }
  if (*status == "APPROVED") return ChargeResult{.approved = true, .gateway_tx_id = id->c_str()};
  if (*status == "DECLINED") {
    const auto* reason = StringMember(charge, "declineReason");
    return ChargeResult{.approved = false,
                        .gateway_tx_id = {},
                        .decline_reason = reason != nullptr ? reason->c_str() : "payment declined"};
  }
  return http::UnexpectedAnswer(kCharge, "status " + std::string(status->c_str()));
}

CallOutcome<RefundResult> RefundOutcomeOf(const http::AsyncResult& result) {
  auto answer = http::OkJsonOrUnavailable(result, kRefund);
  if (auto* unavailable = std::get_if<Unavailable>(&answer)) return *unavailable;
  const auto& refund = std::get<boost::json::object>(answer);
  const auto* status = StringMember(refund, "status");
  const auto* id = StringMember(refund, "id");
  if (status == nullptr || *status != "REFUNDED" || id == nullptr || id->empty()) {
    return http::UnexpectedAnswer(kRefund, "not a refund: " + boost::json::serialize(refund));
  }
  return RefundResult{.refund_tx_id = id->c_str()};
}

HttpPaymentGateway::HttpPaymentGateway(http::AsyncClientConfig client)
    : client_(std::move(client)) {}

void HttpPaymentGateway::Charge(const ChargeRequest& request, CallDone<ChargeResult> done) {
  const boost::json::object body{{"orderId", request.order_id},
                                 {"amount", request.amount},
                                 {"paymentType", request.payment_type}};
  client_.Send(
      {.method = "POST",
       .target = "/v1/charges",
       .body = boost::json::serialize(body),
       .headers = {{"Idempotency-Key", request.idempotency_key}}},
      [done = std::move(done)](const http::AsyncResult& result) { done(ChargeOutcomeOf(result)); });
}

void HttpPaymentGateway::Refund(const RefundRequest& request, CallDone<RefundResult> done) {
  const boost::json::object body{{"chargeId", request.gateway_tx_id}, {"amount", request.amount}};
  client_.Send(
      {.method = "POST",
       .target = "/v1/refunds",
       .body = boost::json::serialize(body),
       .headers = {{"Idempotency-Key", request.idempotency_key}}},
      [done = std::move(done)](const http::AsyncResult& result) { done(RefundOutcomeOf(result)); });
}

}  // namespace sagashop::payment
