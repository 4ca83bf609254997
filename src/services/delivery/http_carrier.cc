#include "services/delivery/http_carrier.h"

#include <boost/json/serialize.hpp>

#include "platform/http/outside_call.h"

namespace sagashop::delivery {
namespace {

constexpr std::string_view kShipment = "POST /v1/shipments";

std::string StringOr(const boost::json::object& object, std::string_view name,
                     std::string fallback) {
  const boost::json::value* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string().c_str())
                                                : std::move(fallback);
}

}  // namespace

CallOutcome<ShipmentResult> ShipmentOutcomeOf(const http::AsyncResult& result) {
  auto answer = http::OkJsonOrUnavailable(result, kShipment);
  if (auto* unavailable = std::get_if<Unavailable>(&answer)) return *unavailable;
  const auto& shipment = std::get<boost::json::object>(answer);
  const std::string status = StringOr(shipment, "status", "");
  ShipmentResult outcome{.carrier = StringOr(shipment, "carrier", "")};
  if (status == "ACCEPTED") {
    outcome.accepted = true;
    outcome.tracking_number = StringOr(shipment, "trackingNumber", "");
    if (outcome.tracking_number.empty()) {
      return http::UnexpectedAnswer(
          kShipment, "accepted without a tracking number: " + boost::json::serialize(shipment));
    }
    return outcome;
  }
  if (status == "REFUSED") {
    outcome.refusal_reason = StringOr(shipment, "refusalReason", "delivery refused");
    return outcome;
  }
  return http::UnexpectedAnswer(kShipment, "not a shipment: " + boost::json::serialize(shipment));
}

HttpCarrier::HttpCarrier(http::AsyncClientConfig client) : client_(std::move(client)) {}

void HttpCarrier::StartShipment(const ShipmentRequest& request, CallDone<ShipmentResult> done) {
  const boost::json::object body{{"orderId", request.order_id}, {"address", request.address}};
  client_.Send({.method = "POST",
                .target = "/v1/shipments",
                .body = boost::json::serialize(body),
                .headers = {{"Idempotency-Key", request.idempotency_key}}},
               [done = std::move(done)](const http::AsyncResult& result) {
                 done(ShipmentOutcomeOf(result));
               });
}

}  // namespace sagashop::delivery
