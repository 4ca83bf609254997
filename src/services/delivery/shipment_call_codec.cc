#include "services/delivery/shipment_call_codec.h"

#include <boost/json/serialize.hpp>

#include "platform/core/json_fields.h"

namespace sagashop::delivery {

std::string EncodeShipmentRequest(const ShipmentRequest& request) {
  return boost::json::serialize(
      boost::json::object{{"orderId", request.order_id}, {"address", request.address}});
}

ShipmentRequest DecodeShipmentRequest(std::string_view json, const std::string& idempotency_key) {
  const boost::json::object object = ParseJsonObject(json, "shipment request");
  const JsonFields fields(object);
  return {.idempotency_key = idempotency_key,
          .order_id = fields.Int64("orderId"),
          .address = fields.String("address")};
}

std::string EncodeShipmentResult(const ShipmentResult& result) {
  return boost::json::serialize(boost::json::object{{"accepted", result.accepted},
                                                    {"trackingNumber", result.tracking_number},
                                                    {"carrier", result.carrier},
                                                    {"refusalReason", result.refusal_reason}});
}

ShipmentResult DecodeShipmentResult(std::string_view json) {
  const boost::json::object object = ParseJsonObject(json, "shipment result");
  const auto* accepted = object.if_contains("accepted");
  if (accepted == nullptr || !accepted->is_bool())
    throw FieldError("accepted", "must be a boolean");
  const JsonFields fields(object);
  return {.accepted = accepted->as_bool(),
          .tracking_number = fields.String("trackingNumber"),
          .carrier = fields.String("carrier"),
          .refusal_reason = fields.String("refusalReason")};
}

}  // namespace sagashop::delivery
