#pragma once

#include "platform/db/database.h"
#include "platform/http/router.h"
#include "services/inventory/product_puts.h"

namespace sagashop::inventory {

// PUT/GET /inventory/{productId} and GET /reservations?orderId= (docs/contracts.md, HTTP API).
class InventoryApi {
 public:
  explicit InventoryApi(db::Database& database) : database_(database), puts_(database) {}

  void RegisterRoutes(http::Router& router);

 private:
  // Creates the product, or sets its available quantity (a restock); the difference is recorded in
  // the stock ledger. Concurrent PUTs are written together (ProductPuts); a bad request is
  // answered before it joins them.
  http::Response PutProduct(const http::Request& request);
  http::Response GetProduct(const http::Request& request);
  http::Response ListReservations(const http::Request& request);

  db::Database& database_;
  ProductPuts puts_;
};

}  // namespace sagashop::inventory
