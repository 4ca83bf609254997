#include "services/order/order_api.h"

#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>

#include "platform/core/timestamp.h"
#include "platform/db/db_error.h"
#include "platform/db/run_in_transaction.h"
#include "platform/http/json_response.h"
#include "platform/http/problem.h"
#include "platform/log/log_scope.h"
#include "services/common/access.h"
#include "services/common/http_params.h"
#include "services/common/json_body.h"
#include "services/order/created_order_response.h"
#include "services/order/domain/key_reuse.h"
#include "services/order/idempotency_key_repository.h"
#include "services/order/order_json.h"
#include "services/order/order_repository.h"

namespace sagashop::order {
namespace {

// At most this many orders in one group: about as many as requests are handled at once.
constexpr std::size_t kMaxGroup = 64;

http::Problem KeyReusedProblem(const std::string& key, std::int64_t order_id) {
  return http::MakeProblem(422,
                           "Idempotency-Key '" + key +
                               "' was already used for a different request (it created order " +
                               std::to_string(order_id) + "); a new request needs a new key",
                           "Idempotency-Key");
}

// The answer to a request whose Idempotency-Key made an order already: that order again, or 422
// when the key made it for a different request. Nullopt when the key is new (or has none).
std::optional<http::Response> AnswerToUsedKey(IdempotencyKeyRepository& keys,
                                              const CreateOrderRequest& request,
                                              const std::string& fingerprint,
                                              const std::string& keys_expired_before) {
  if (!request.idempotency_key) return std::nullopt;
  const std::optional<StoredKey> stored =
      keys.Find(request.user_id, *request.idempotency_key, keys_expired_before);
  switch (ClassifyKeyReuse(stored, fingerprint)) {
    case KeyReuse::kRetry:
      log::Annotate({.order_id = std::to_string(stored->order_id), .saga_id = stored->saga_id});
      return CreatedOrderResponse(stored->order_id, stored->saga_id, /*replayed=*/true);
    case KeyReuse::kDifferentRequest:
      throw http::ProblemError(KeyReusedProblem(*request.idempotency_key, stored->order_id));
    case KeyReuse::kFirstUse:
      break;
  }
  return std::nullopt;
}

http::Response CreateInTransaction(db::Transaction& tx, const CreateOrderRequest& request,
                                   const std::string& trace_parent,
                                   const std::string& keys_expired_before, OrderMetrics& metrics,
                                   const crypto::FieldCipher& cipher) {
  IdempotencyKeyRepository keys(tx);
  const std::string fingerprint = request.idempotency_key ? request.Fingerprint() : "";
  if (auto answer = AnswerToUsedKey(keys, request, fingerprint, keys_expired_before)) {
    return std::move(*answer);
  }
  // A group of one: its key was found unused just now, so the group creates the order.
  const OrderSubmission alone{.request = &request, .trace_parent = trace_parent};
  const OrderSubmission* const group = &alone;
  const GroupedOrder made =
      CreateOrdersTogether(tx, {&group, 1}, keys_expired_before, metrics, cipher).front();
  if (!made.order_id) throw KeyClaimedMeanwhile{};  // used since: the rerun answers as a retry
  const std::int64_t order_id = *made.order_id;
  const std::string& saga_id = made.saga_id;
  log::Annotate({.order_id = std::to_string(order_id), .saga_id = saga_id});
  return CreatedOrderResponse(order_id, saga_id, /*replayed=*/false);
}

// Whether order `order_id` exists and belongs to `user`.
bool OwnedBy(OrderRepository& orders, std::int64_t order_id, std::optional<std::int64_t> user) {
  if (!user) return false;
  const std::optional<OrderRecord> order = orders.FindOrder(order_id);
  return order && order->user_id == *user;
}

}  // namespace

OrderApi::OrderApi(db::Database& database, OrderConfig config, OrderMetrics& metrics,
                   SagaAdmission& admission, const crypto::FieldCipher& cipher)
    : database_(database),
      config_(config),
      metrics_(metrics),
      admission_(admission),
      cipher_(cipher),
      groups_(
          kMaxGroup,
          [this](std::span<const OrderSubmission* const> group) {
            const std::string keys_expired_before = KeysExpiredBefore();
            return db::RunInTransaction(database_, [&](db::Transaction& tx) {
              return CreateOrdersTogether(tx, group, keys_expired_before, metrics_, cipher_);
            });
          },
          MayJoinGroup) {}

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
  services::Access(request).RequireActingFor(order.user_id, "userId");
  // The server continued the client's trace, or began one; the saga's events continue it.
  const std::string& trace_parent = request.trace_parent;
  if (!admission_.TryAdmit()) return Refuse(order);
  if (std::optional<http::Response> made = CreateInGroup(order, trace_parent)) {
    return std::move(*made);
  }
  // On its own: a retry or a conflict of its key, or a group that failed.
  // Requests with one key race only for the key: the loser's claim waits for the winner to commit
  // (PostgreSQL; SQLite runs them one after the other anyway), and its rerun then finds the key
  // and answers as a retry. So concurrent requests all get the one order's response, never a 409.
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    const std::string keys_expired_before = KeysExpiredBefore();
    try {
      return db::RunInTransaction(database_, [&](db::Transaction& tx) {
        return CreateInTransaction(tx, order, trace_parent, keys_expired_before, metrics_, cipher_);
      });
    } catch (const KeyClaimedMeanwhile&) {
      // A winner that committed is found by the rerun. Only a key claimed and lost over and over
      // (its retention far shorter than a transaction) ends here.
      if (attempt == kAttempts) {
        throw http::ProblemError(http::Conflict(
            "a request with this Idempotency-Key is still being processed; retry it"));
      }
    }
  }
}

std::optional<http::Response> OrderApi::CreateInGroup(const CreateOrderRequest& order,
                                                      const std::string& trace_parent) {
  GroupedOrder made;
  try {
    made = groups_.Submit({.request = &order, .trace_parent = trace_parent});
  } catch (const KeyClaimedMeanwhile&) {
    return std::nullopt;  // each request of the group finds out on its own
  } catch (const db::DbError& failure) {
    // The group may have committed (the connection broke during COMMIT, e.g. in a fail-over):
    // creating its orders again one by one could make an order without a key twice. The client
    // learns that the request failed; one with an Idempotency-Key can safely send it again.
    if (failure.OutcomeUnknown()) throw;
    spdlog::debug("a group of new orders failed ({}); each is tried on its own", failure.what());
    return std::nullopt;
  } catch (const std::exception& failure) {
    spdlog::debug("a group of new orders failed ({}); each is tried on its own", failure.what());
    return std::nullopt;
  }
  if (!made.order_id) return std::nullopt;
  log::Annotate({.order_id = std::to_string(*made.order_id), .saga_id = made.saga_id});
  return CreatedOrderResponse(*made.order_id, made.saga_id, /*replayed=*/false);
}

http::Response OrderApi::Refuse(const CreateOrderRequest& request) {
  if (request.idempotency_key) {
    const std::string fingerprint = request.Fingerprint();
    const std::string keys_expired_before = KeysExpiredBefore();
    std::optional<http::Response> answer =
        db::RunReadTransaction(database_, [&](db::Transaction& tx) {
          IdempotencyKeyRepository keys(tx);
          return AnswerToUsedKey(keys, request, fingerprint, keys_expired_before);
        });
    if (answer) return std::move(*answer);
  }
  admission_.CountRefusal();
  return http::UnavailableResponse(std::to_string(admission_.Limit()) +
                                       " sagas are under way, as many as this system takes at "
                                       "once (--max-sagas-in-flight); nothing was written, retry "
                                       "later",
                                   admission_.RetryAfter());
}

std::string OrderApi::KeysExpiredBefore() const {
  return FormatRfc3339(std::chrono::system_clock::now() - config_.idempotency_key_retention);
}

http::Response OrderApi::GetOrder(const http::Request& request) {
  const std::int64_t order_id = services::PositiveIdParam("id", request.path_params.at(0));
  auto order = db::RunReadTransaction(
      database_, [&](db::Transaction& tx) { return OrderRepository(tx).FindOrder(order_id); });
  if (!order || !services::Access(request).MaySee(order->user_id)) {
    throw http::ProblemError(http::NotFound("order " + std::to_string(order_id) + " not found"));
  }
  return http::JsonResponse(200, OrderToJson(*order, cipher_));
}

http::Response OrderApi::ListOrders(const http::Request& request) {
  const services::Access access(request);
  OrderListFilter filter;
  filter.user_id = services::OptionalPositiveQueryParam(request, "userId");
  if (filter.user_id) {
    access.RequireActingFor(*filter.user_id, "userId");
  } else if (!access.SeesEverything()) {
    filter.user_id = access.User();  // a customer's list is its own orders
    if (!filter.user_id) access.RequireScope(services::kOperatorScope);
  }
  if (auto status = request.QueryParam("status")) {
    filter.status = ParseOrderStatus(*status);
    if (!filter.status) {
      throw http::ProblemError(http::BadRequest("status", "is not an order status"));
    }
  }
  filter.created_since = services::OptionalTimeQueryParam(request, "since");
  filter.created_until = services::OptionalTimeQueryParam(request, "until");
  filter.after_id = services::OptionalPositiveQueryParam(request, "after").value_or(0);
  filter.limit = services::LimitQueryParam(request);
  ++filter.limit;  // one more than asked tells whether a next page exists
  std::vector<OrderRecord> orders = db::RunReadTransaction(
      database_, [&](db::Transaction& tx) { return OrderRepository(tx).ListOrders(filter); });
  const bool more = orders.size() == static_cast<std::size_t>(filter.limit);
  if (more) orders.pop_back();
  boost::json::array items;
  items.reserve(orders.size());
  for (const OrderRecord& order : orders) items.push_back(OrderToJson(order, cipher_));
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
  const services::Access access(request);
  auto view = db::RunReadTransaction(database_, [&](db::Transaction& tx) {
    OrderRepository orders(tx);
    std::optional<SagaRecord> saga;
    if (access.SeesEverything() || OwnedBy(orders, order_id, access.User())) {
      saga = orders.FindSagaByOrder(order_id);
    }
    std::vector<SagaStepRecord> steps;
    if (saga) steps = orders.ListSteps(saga->saga_id);
    return std::make_pair(std::move(saga), std::move(steps));
  });
  if (!view.first) {
    throw http::ProblemError(http::NotFound("order " + std::to_string(order_id) + " not found"));
  }
  return http::JsonResponse(200, SagaToJson(*view.first, view.second));
}

std::int64_t OrderApi::CountStuckSagas() {
  const std::string idle_since =
      FormatRfc3339(std::chrono::system_clock::now() - config_.stuck_after);
  return db::RunReadTransaction(database_, [&](db::Transaction& tx) {
    return OrderRepository(tx).CountStuckSagas(idle_since);
  });
}

http::Response OrderApi::ListStuckSagas(const http::Request& request) {
  services::Access(request).RequireScope(services::kOperatorScope);
  if (request.QueryParam("stuck") != "true") {
    throw http::ProblemError(
        http::BadRequest("stuck", "only stuck sagas are listed here: add stuck=true"));
  }
  const int limit = services::LimitQueryParam(request);
  const std::string idle_since =
      FormatRfc3339(std::chrono::system_clock::now() - config_.stuck_after);
  const std::vector<SagaRecord> sagas = db::RunReadTransaction(database_, [&](db::Transaction& tx) {
    return OrderRepository(tx).ListStuckSagas(idle_since, limit);
  });
  boost::json::array items;
  for (const SagaRecord& saga : sagas) items.push_back(SagaSummaryToJson(saga));
  return http::JsonResponse(
      200, boost::json::object{{"items", std::move(items)},
                               {"stuckAfterSeconds", config_.stuck_after.count()}});
}

}  // namespace sagashop::order
