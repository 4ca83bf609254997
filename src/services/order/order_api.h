#pragma once

#include <chrono>

#include "platform/db/database.h"
#include "platform/http/router.h"
#include "services/order/order_metrics.h"

namespace sagashop::order {

struct OrderConfig {
  // A saga that has not moved for this long is listed by GET /sagas?stuck=true.
  std::chrono::seconds stuck_after{60};
  // How long an Idempotency-Key names the order it created, from its first use.
  std::chrono::milliseconds idempotency_key_retention{std::chrono::hours(24)};
};

// The Order service's HTTP endpoints (docs/contracts.md, HTTP API). Creating an order writes the
// order, its Idempotency-Key, its saga instance, the saga's first step and order.created.v1 in one
// transaction.
class OrderApi {
 public:
  OrderApi(db::Database& database, OrderConfig config, OrderMetrics& metrics)
      : database_(database), config_(config), metrics_(metrics) {}

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
};

}  // namespace sagashop::order
