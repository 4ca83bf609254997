#pragma once

#include "platform/db/database.h"
#include "platform/http/router.h"

namespace sagashop::payment {

// GET /payments?orderId= and GET /payments/{id} (docs/contracts.md, HTTP API).
class PaymentApi {
 public:
  explicit PaymentApi(db::Database& database) : database_(database) {}

  void RegisterRoutes(http::Router& router);

 private:
  http::Response ListByOrder(const http::Request& request);
  http::Response GetPayment(const http::Request& request);

  db::Database& database_;
};

}  // namespace sagashop::payment
