#include "services/order/created_order_response.h"

#include <boost/json/object.hpp>

#include "platform/http/json_response.h"

namespace sagashop::order {

http::Response CreatedOrderResponse(std::int64_t order_id, const std::string& saga_id,
                                    bool replayed) {
  // "PENDING" is what the order was when it was created, and so what a retry hears too, whatever
  // the order is by now (GET /orders/{id} tells that).
  http::Response response = http::JsonResponse(
      201, boost::json::object{{"orderId", order_id}, {"status", "PENDING"}, {"sagaId", saga_id}});
  response.headers.emplace_back("Location", "/orders/" + std::to_string(order_id));
  if (replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

}  // namespace sagashop::order
