#pragma once

#include "platform/db/database.h"
#include "platform/http/router.h"

namespace sagashop::order {

// The Order service's HTTP endpoints (DESIGN §3.1). Creating an order writes the order, its saga
// instance, the saga's first step and order.created.v1 in one transaction.
class OrderApi {
 public:
  explicit OrderApi(db::Database& database) : database_(database) {}

  void RegisterRoutes(http::Router& router);

  http::Response CreateOrder(const http::Request& request);
  http::Response GetOrder(const http::Request& request);
  http::Response ListOrders(const http::Request& request);
  http::Response GetSaga(const http::Request& request);

 private:
  db::Database& database_;
};

}  // namespace sagashop::order
