#include "services/inventory/inventory_api.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "platform/core/timestamp.h"
#include "platform/db/db_error.h"
#include "platform/db/run_in_transaction.h"
#include "platform/http/json_response.h"
#include "platform/http/problem.h"
#include "services/common/http_params.h"
#include "services/common/json_body.h"
#include "services/common/json_values.h"

namespace sagashop::inventory {
namespace {

constexpr std::int64_t kMaxStock = 1'000'000'000;

struct PutProductRequest {
  std::string product_name;
  std::int64_t available = 0;
};

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
  const std::int64_t product_id = services::PositiveIdParam("productId", request.path_params.at(0));
  const PutProductRequest put = services::ReadJsonBody(request, [](const JsonFields& body) {
    return PutProductRequest{body.StringOfLength("productName", 1, 200),
                             body.Int64InRange("availableQuantity", 0, kMaxStock)};
  });
  auto put_in_transaction = [&](db::Transaction& tx) {
    InventoryRepository repository(tx);
    const std::string now = NowRfc3339();
    bool created = false;
    if (!repository.FindStock(product_id)) {
      repository.InsertProduct(product_id, put.product_name, put.available, now);
      repository.RecordAdjustment(product_id, put.available, "CREATE", now);
      created = true;
    } else {
      std::int64_t delta = 0;
      stock_.Update(
          repository, product_id,
          [&](const std::optional<ProductStock>& current) -> std::optional<StockLevel> {
            delta = put.available - current->level.available;
            return StockLevel{put.available, current->level.reserved};
          },
          now, put.product_name);
      if (delta != 0) repository.RecordAdjustment(product_id, delta, "RESTOCK", now);
    }
    return std::make_pair(created, *repository.FindStock(product_id));
  };
  std::pair<bool, ProductStock> result;
  try {
    result = db::RunInTransaction(database_, put_in_transaction);
  } catch (const db::DbError& error) {
    // Two creations of one product raced; the loser now finds it and restocks.
    if (error.GetKind() != db::DbError::Kind::kConstraint) throw;
    result = db::RunInTransaction(database_, put_in_transaction);
  }
  http::Response response =
      http::JsonResponse(result.first ? 201 : 200, ProductToJson(result.second));
  if (result.first) {
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
  const auto reservations = db::RunReadTransaction(database_, [&](db::Transaction& tx) {
    return InventoryRepository(tx).ListReservationsByOrder(order_id);
  });
  boost::json::array items;
  for (const ReservationRecord& reservation : reservations) {
    items.push_back(ReservationToJson(reservation));
  }
  return http::JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

}  // namespace sagashop::inventory
