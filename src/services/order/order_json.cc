#include "services/order/order_json.h"

#include <boost/json/array.hpp>

#include "services/common/json_values.h"

namespace sagashop::order {

boost::json::object OrderToJson(const OrderRecord& order, const crypto::FieldCipher& cipher) {
  boost::json::object json;
  json["id"] = order.id;
  json["userId"] = order.user_id;
  json["productId"] = order.product_id;
  json["quantity"] = order.quantity;
  json["amount"] = order.amount;
  json["address"] = cipher.Open(order.address);
  json["paymentMethod"] = order.payment_method;
  json["status"] = ToString(order.status);
  json["sagaId"] = order.saga_id;
  json["reason"] = services::JsonOrNull(order.reason);
  json["createdAt"] = order.created_at;
  json["updatedAt"] = order.updated_at;
  return json;
}

boost::json::object SagaSummaryToJson(const SagaRecord& saga) {
  boost::json::object json;
  json["sagaId"] = saga.saga_id;
  json["sagaType"] = saga.saga_type;
  json["orderId"] = saga.order_id;
  json["status"] = saga.status;
  json["currentStep"] = services::JsonOrNull(saga.current_step);
  json["createdAt"] = saga.created_at;
  json["updatedAt"] = saga.updated_at;
  // The trace to follow the saga by in the services' logs (docs/logging.md).
  json["traceId"] = services::JsonOrNull(saga.trace_id);
  return json;
}

boost::json::object SagaToJson(const SagaRecord& saga, const std::vector<SagaStepRecord>& steps) {
  boost::json::object json = SagaSummaryToJson(saga);
  boost::json::array history;
  history.reserve(steps.size());
  for (const SagaStepRecord& step : steps) {
    history.push_back(boost::json::object{{"eventId", step.event_id},
                                          {"eventType", step.event_type},
                                          {"service", step.service},
                                          {"outcome", step.outcome},
                                          {"occurredAt", step.occurred_at},
                                          {"recordedAt", step.recorded_at}});
  }
  json["steps"] = std::move(history);
  return json;
}

}  // namespace sagashop::order
