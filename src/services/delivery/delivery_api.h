#pragma once

#include "platform/db/database.h"
#include "platform/http/router.h"

namespace sagashop::delivery {

// GET /deliveries?orderId= and GET /deliveries/{id} (docs/contracts.md, HTTP API).
class DeliveryApi {
 public:
  explicit DeliveryApi(db::Database& database) : database_(database) {}

  void RegisterRoutes(http::Router& router);

 private:
  http::Response ListByOrder(const http::Request& request);
  http::Response GetDelivery(const http::Request& request);

  db::Database& database_;
};

}  // namespace sagashop::delivery
