#pragma once

#include "platform/db/database.h"
#include "platform/http/router.h"
#include "services/inventory/stock_keeper.h"

namespace sagashop::inventory {

// PUT/GET /inventory/{productId} and GET /reservations?orderId= (docs/contracts.md, HTTP API).
class InventoryApi {
 public:
  InventoryApi(db::Database& database, StockKeeper& stock) : database_(database), stock_(stock) {}

  void RegisterRoutes(http::Router& router);

 private:
  // Creates the product, or sets its available quantity (a restock); the difference is recorded in
  // the stock ledger.
  http::Response PutProduct(const http::Request& request);
  http::Response GetProduct(const http::Request& request);
  http::Response ListReservations(const http::Request& request);

  db::Database& database_;
  StockKeeper& stock_;
};

}  // namespace sagashop::inventory
