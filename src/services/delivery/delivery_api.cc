#include "services/delivery/delivery_api.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "platform/db/run_in_transaction.h"
#include "platform/http/json_response.h"
#include "platform/http/problem.h"
#include "services/common/access.h"
#include "services/common/http_params.h"
#include "services/common/json_values.h"
#include "services/delivery/delivery_repository.h"

namespace sagashop::delivery {
namespace {

boost::json::object DeliveryToJson(const DeliveryRecord& delivery,
                                   const crypto::FieldCipher& cipher) {
  return {{"id", delivery.id},
          {"orderId", delivery.order_id},
          {"address", cipher.Open(delivery.address)},
          {"status", delivery.status},
          {"trackingNumber", services::JsonOrNull(delivery.tracking_number)},
          {"carrier", services::JsonOrNull(delivery.carrier)},
          {"reason", services::JsonOrNull(delivery.reason)},
          {"createdAt", delivery.created_at},
          {"updatedAt", delivery.updated_at}};
}

}  // namespace

void DeliveryApi::RegisterRoutes(http::Router& router) {
  router.Add("GET", "/deliveries", [this](const http::Request& r) { return ListByOrder(r); });
  router.Add("GET", "/deliveries/{id}", [this](const http::Request& r) { return GetDelivery(r); });
}

http::Response DeliveryApi::ListByOrder(const http::Request& request) {
  const std::int64_t order_id = services::RequiredPositiveQueryParam(request, "orderId");
  const services::Access access(request);
  const auto delivery = db::RunReadTransaction(database_, [&](db::Transaction& tx) {
    DeliveryRepository deliveries(tx);
    // Another user's order lists nothing, as an order without a delivery does.
    if (!access.SeesEverything() && !access.MaySee(deliveries.FindOrderOwner(order_id))) {
      return std::optional<DeliveryRecord>{};
    }
    return deliveries.FindByOrder(order_id);
  });
  boost::json::array items;
  if (delivery) items.push_back(DeliveryToJson(*delivery, cipher_));
  return http::JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

http::Response DeliveryApi::GetDelivery(const http::Request& request) {
  const std::int64_t delivery_id = services::PositiveIdParam("id", request.path_params.at(0));
  const services::Access access(request);
  const auto delivery = db::RunReadTransaction(database_, [&](db::Transaction& tx) {
    DeliveryRepository deliveries(tx);
    std::optional<DeliveryRecord> found = deliveries.FindDelivery(delivery_id);
    if (found && !access.SeesEverything() &&
        !access.MaySee(deliveries.FindOrderOwner(found->order_id))) {
      found.reset();  // another user's: as if it did not exist
    }
    return found;
  });
  if (!delivery) {
    throw http::ProblemError(
        http::NotFound("delivery " + std::to_string(delivery_id) + " not found"));
  }
  return http::JsonResponse(200, DeliveryToJson(*delivery, cipher_));
}

}  // namespace sagashop::delivery
