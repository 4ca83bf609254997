#include "services/order/order_api.h"

#include <boost/json/array.hpp>

#include "platform/core/ids.h"
#include "platform/core/timestamp.h"
#include "platform/db/db_error.h"
#include "platform/db/run_in_transaction.h"
#include "platform/http/json_response.h"
#include "platform/http/problem.h"
#include "services/common/event_emitter.h"
#include "services/common/http_params.h"
#include "services/common/json_body.h"
#include "services/order/order_json.h"
#include "services/order/order_repository.h"

namespace sagashop::order {
namespace {

// The answer to a successful POST /orders, and to every retry of it under the same key.
http::Response Created(std::int64_t order_id, const std::string& saga_id, bool replayed) {
  http::Response response = http::JsonResponse(
      201, boost::json::object{{"orderId", order_id}, {"status", "PENDING"}, {"sagaId", saga_id}});
  response.headers.emplace_back("Location", "/orders/" + std::to_string(order_id));
  if (replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

http::Response CreateInTransaction(db::Transaction& tx, const CreateOrderRequest& request,
                                   const std::string& trace_parent) {
  OrderRepository orders(tx);
  if (request.idempotency_key) {
    if (auto existing = orders.FindByIdempotencyKey(request.user_id, *request.idempotency_key)) {
      if (existing->request_fingerprint != request.Fingerprint()) {
        throw http::ProblemError(
            http::UnprocessableContent("Idempotency-Key was already used for a different request"));
      }
      return Created(existing->id, existing->saga_id, /*replayed=*/true);
    }
  }
  const std::string saga_id = NewUuid();
  const std::string now = NowRfc3339();
  const std::int64_t order_id = orders.InsertOrder(request, saga_id, now);
  orders.InsertSaga(saga_id, order_id, now);
  services::EventEmitter emitter(tx, "order");
  const contracts::EventMetadata created =
      emitter.Emit(contracts::OrderCreated{.order_id = order_id,
                                           .user_id = request.user_id,
                                           .product_id = request.product_id,
                                           .quantity = request.quantity,
                                           .amount = request.amount,
                                           .address = request.address,
                                           .payment_method = request.payment_method},
                   {saga_id, trace_parent});
  orders.RecordStep(saga_id, order_id,
                    {.event_id = created.event_id,
                     .event_type = created.event_type,
                     .service = "order",
                     .outcome = "applied: PENDING",
                     .occurred_at = created.occurred_at,
                     .recorded_at = now});
  return Created(order_id, saga_id, /*replayed=*/false);
}

}  // namespace

void OrderApi::RegisterRoutes(http::Router& router) {
  router.Add("POST", "/orders", [this](const http::Request& r) { return CreateOrder(r); });
  router.Add("GET", "/orders", [this](const http::Request& r) { return ListOrders(r); });
  router.Add("GET", "/orders/{id}", [this](const http::Request& r) { return GetOrder(r); });
  router.Add("GET", "/orders/{id}/saga", [this](const http::Request& r) { return GetSaga(r); });
  router.Add("GET", "/sagas", [this](const http::Request& r) { return ListStuckSagas(r); });
}

http::Response OrderApi::CreateOrder(const http::Request& request) {
  std::optional<std::string> header_key;
  if (auto key = request.Header("idempotency-key")) header_key = std::string(*key);
  const CreateOrderRequest order = services::ReadJsonBody(
      request, [&](const JsonFields& body) { return ParseCreateOrderRequest(body, header_key); });
  const std::string trace_parent(request.Header("traceparent").value_or(""));
  try {
    return db::RunInTransaction(database_, [&](db::Transaction& tx) {
      return CreateInTransaction(tx, order, trace_parent);
    });
  } catch (const db::DbError& error) {
    // Concurrent requests with one key: the first commits, the others hit the unique index and,
    // rerun, find the winner's order and answer as it did.
    if (error.GetKind() != db::DbError::Kind::kConstraint || !order.idempotency_key) throw;
    return db::RunInTransaction(database_, [&](db::Transaction& tx) {
      return CreateInTransaction(tx, order, trace_parent);
    });
  }
}

http::Response OrderApi::GetOrder(const http::Request& request) {
  const std::int64_t order_id = services::PositiveIdParam("id", request.path_params.at(0));
  auto order = db::RunInTransaction(
      database_, [&](db::Transaction& tx) { return OrderRepository(tx).FindOrder(order_id); });
  if (!order) {
    throw http::ProblemError(http::NotFound("order " + std::to_string(order_id) + " not found"));
  }
  return http::JsonResponse(200, OrderToJson(*order));
}

http::Response OrderApi::ListOrders(const http::Request& request) {
  OrderListFilter filter;
  filter.user_id = services::OptionalPositiveQueryParam(request, "userId");
  if (auto status = request.QueryParam("status")) {
    filter.status = ParseOrderStatus(*status);
    if (!filter.status) {
      throw http::ProblemError(http::BadRequest("status", "is not an order status"));
    }
  }
  filter.after_id = services::OptionalPositiveQueryParam(request, "after").value_or(0);
  filter.limit = services::LimitQueryParam(request);
  ++filter.limit;  // one more than asked tells whether a next page exists
  std::vector<OrderRecord> orders = db::RunInTransaction(
      database_, [&](db::Transaction& tx) { return OrderRepository(tx).ListOrders(filter); });
  const bool more = orders.size() == static_cast<std::size_t>(filter.limit);
  if (more) orders.pop_back();
  boost::json::array items;
  items.reserve(orders.size());
  for (const OrderRecord& order : orders) items.push_back(OrderToJson(order));
  boost::json::object page{{"items", std::move(items)}};
  if (more) {
    page["next"] = orders.back().id;
  } else {
    page["next"] = nullptr;
  }
  return http::JsonResponse(200, page);
}

http::Response OrderApi::GetSaga(const http::Request& request) {
  const std::int64_t order_id = services::PositiveIdParam("id", request.path_params.at(0));
  auto view = db::RunInTransaction(database_, [&](db::Transaction& tx) {
    OrderRepository orders(tx);
    std::optional<SagaRecord> saga = orders.FindSagaByOrder(order_id);
    std::vector<SagaStepRecord> steps;
    if (saga) steps = orders.ListSteps(saga->saga_id);
    return std::make_pair(std::move(saga), std::move(steps));
  });
  if (!view.first) {
    throw http::ProblemError(http::NotFound("order " + std::to_string(order_id) + " not found"));
  }
  return http::JsonResponse(200, SagaToJson(*view.first, view.second));
}

http::Response OrderApi::ListStuckSagas(const http::Request& request) {
  if (request.QueryParam("stuck") != "true") {
    throw http::ProblemError(
        http::BadRequest("stuck", "only stuck sagas are listed here: add stuck=true"));
  }
  const int limit = services::LimitQueryParam(request);
  const std::string idle_since = FormatRfc3339(std::chrono::system_clock::now() - stuck_after_);
  const std::vector<SagaRecord> sagas = db::RunInTransaction(database_, [&](db::Transaction& tx) {
    return OrderRepository(tx).ListStuckSagas(idle_since, limit);
  });
  boost::json::array items;
  for (const SagaRecord& saga : sagas) items.push_back(SagaSummaryToJson(saga));
  return http::JsonResponse(200, boost::json::object{{"items", std::move(items)},
                                                     {"stuckAfterSeconds", stuck_after_.count()}});
}

}  // namespace sagashop::order
