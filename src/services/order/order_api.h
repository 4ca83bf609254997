#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "platform/core/group_commit.h"
#include "platform/db/database.h"
#include "platform/http/router.h"
#include "services/order/create_order_request.h"
#include "services/order/order_group_creation.h"
#include "services/order/order_metrics.h"
#include "services/order/saga_admission.h"

namespace sagashop::order {

struct OrderConfig {
  // A saga that has not moved for this long is listed by GET /sagas?stuck=true.
  std::chrono::seconds stuck_after{60};
  // How long an Idempotency-Key names the order it created, from its first use.
  std::chrono::milliseconds idempotency_key_retention{std::chrono::hours(24)};
  // POST /orders is refused (503, Retry-After) while this many sagas are under way; 0: never.
  std::int64_t max_sagas_in_flight = 1'000;
};

// The Order service's HTTP endpoints (docs/contracts.md, HTTP API). Creating an order writes the
// order, its Idempotency-Key, its saga instance, the saga's first step and order.created.v1 in one
// transaction, once `admission` let it in.
class OrderApi {
 public:
  // `cipher` seals the addresses of new orders and opens those of orders shown.
  OrderApi(db::Database& database, OrderConfig config, OrderMetrics& metrics,
           SagaAdmission& admission, const crypto::FieldCipher& cipher);

  void RegisterRoutes(http::Router& router);

  http::Response CreateOrder(const http::Request& request);
  http::Response GetOrder(const http::Request& request);
  http::Response ListOrders(const http::Request& request);
  http::Response GetSaga(const http::Request& request);
  http::Response ListStuckSagas(const http::Request& request);

  // How many sagas GET /sagas?stuck=true would list, without a limit (a metric's value).
  std::int64_t CountStuckSagas();

 private:
  db::Database& database_;
  OrderConfig config_;
  OrderMetrics& metrics_;
  SagaAdmission& admission_;
  const crypto::FieldCipher& cipher_;
  // Concurrent POST /orders are created together, one transaction per group (group commit).
  GroupCommit<OrderSubmission, GroupedOrder> groups_;

  // The order made by a group, or nullopt when the request must be handled on its own.
  std::optional<http::Response> CreateInGroup(const CreateOrderRequest& order,
                                              const std::string& trace_parent);

  // The answer to an order refused by admission: a retry of an order already made still gets
  // its order (a read, nothing written); anything else 503 with Retry-After.
  http::Response Refuse(const CreateOrderRequest& request);
  std::string KeysExpiredBefore() const;
};

}  // namespace sagashop::order
