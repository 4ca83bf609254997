#include "services/inventory/inventory_api.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "platform/db/run_in_transaction.h"
#include "platform/http/json_response.h"
#include "platform/http/problem.h"
#include "services/common/access.h"
#include "services/common/http_params.h"
#include "services/common/json_body.h"
#include "services/common/json_values.h"
#include "services/inventory/inventory_repository.h"
#include "services/inventory/product_put_request.h"

namespace sagashop::inventory {
namespace {

boost::json::object ProductToJson(const ProductStock& stock) {
  return {{"productId", stock.product_id},
          {"productName", stock.product_name},
          {"availableQuantity", stock.level.available},
          {"reservedQuantity", stock.level.reserved},
          {"version", stock.version},
          {"createdAt", stock.created_at},
          {"updatedAt", stock.updated_at}};
}

boost::json::object ReservationToJson(const ReservationRecord& reservation) {
  boost::json::object json{{"id", reservation.id},
                           {"orderId", reservation.order_id},
                           {"productId", reservation.product_id},
                           {"quantity", reservation.quantity},
                           {"status", reservation.status},
                           {"createdAt", reservation.created_at},
                           {"updatedAt", reservation.updated_at}};
  json["expiredAt"] = services::JsonOrNull(reservation.expired_at);
  return json;
}

}  // namespace

void InventoryApi::RegisterRoutes(http::Router& router) {
  router.Add("PUT", "/inventory/{productId}",
             [this](const http::Request& r) { return PutProduct(r); });
  router.Add("GET", "/inventory/{productId}",
             [this](const http::Request& r) { return GetProduct(r); });
  router.Add("GET", "/reservations",
             [this](const http::Request& r) { return ListReservations(r); });
}

http::Response InventoryApi::PutProduct(const http::Request& request) {
  services::Access(request).RequireScope(services::kInventoryWriteScope);
  const std::int64_t product_id = services::PositiveIdParam("productId", request.path_params.at(0));
  const ProductPut put = services::ReadJsonBody(
      request, [&](const JsonFields& body) { return ParseProductPut(product_id, body); });
  const PutDecision done = puts_.Put(put);
  const bool created = done.kind == PutKind::kCreate;
  http::Response response = http::JsonResponse(created ? 201 : 200, ProductToJson(done.after));
  if (created) {
    response.headers.emplace_back("Location", "/inventory/" + std::to_string(product_id));
  }
  return response;
}

http::Response InventoryApi::GetProduct(const http::Request& request) {
  const std::int64_t product_id = services::PositiveIdParam("productId", request.path_params.at(0));
  const auto stock = db::RunReadTransaction(database_, [&](db::Transaction& tx) {
    return InventoryRepository(tx).FindStock(product_id);
  });
  if (!stock) {
    throw http::ProblemError(
        http::NotFound("product " + std::to_string(product_id) + " not found"));
  }
  return http::JsonResponse(200, ProductToJson(*stock));
}

http::Response InventoryApi::ListReservations(const http::Request& request) {
  const std::int64_t order_id = services::RequiredPositiveQueryParam(request, "orderId");
  const services::Access access(request);
  const auto reservations = db::RunReadTransaction(database_, [&](db::Transaction& tx) {
    InventoryRepository inventory(tx);
    // Another user's order lists nothing, as an order without reservations does.
    if (!access.SeesEverything() && !access.MaySee(inventory.FindOrderOwner(order_id))) {
      return std::vector<ReservationRecord>{};
    }
    return inventory.ListReservationsByOrder(order_id);
  });
  boost::json::array items;
  for (const ReservationRecord& reservation : reservations) {
    items.push_back(ReservationToJson(reservation));
  }
  return http::JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

}  // namespace sagashop::inventory
