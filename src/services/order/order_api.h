#pragma once

#include <chrono>

#include "platform/db/database.h"
#include "platform/http/router.h"

namespace sagashop::order {

// The Order service's HTTP endpoints (DESIGN §3.1). Creating an order writes the order, its saga
// instance, the saga's first step and order.created.v1 in one transaction.
class OrderApi {
 public:
  // A saga that has not moved for `stuck_after` is listed by GET /sagas?stuck=true.
  OrderApi(db::Database& database, std::chrono::seconds stuck_after)
      : database_(database), stuck_after_(stuck_after) {}

  void RegisterRoutes(http::Router& router);

  http::Response CreateOrder(const http::Request& request);
  http::Response GetOrder(const http::Request& request);
  http::Response ListOrders(const http::Request& request);
  http::Response GetSaga(const http::Request& request);
  http::Response ListStuckSagas(const http::Request& request);

 private:
  db::Database& database_;
  std::chrono::seconds stuck_after_;
};

}  // namespace sagashop::order
