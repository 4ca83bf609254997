#pragma once

#include <prometheus/counter.h>

#include <chrono>
#include <span>

#include "platform/bus/message.h"
#include "platform/db/transaction.h"
#include "services/inventory/stock_keeper.h"

namespace sagashop::inventory {

// Reserves stock once an order is both known (order.created.v1) and paid (payment.completed.v1),
// commits the reservation when its delivery starts, and releases it (compensation, at most once)
// when the delivery fails; releases are counted in `releases` once committed.
class InventoryEventHandler {
 public:
  InventoryEventHandler(StockKeeper& stock, std::chrono::seconds reservation_ttl,
                        prometheus::Counter& releases)
      : stock_(stock), reservation_ttl_(reservation_ttl), releases_(releases) {}

  // A whole consumer batch with a handful of statements, whatever its size: the order lines in
  // one, the reservations to commit in one, the stock read and written in one each, the new
  // reservations, their outcomes and their events in one each. Compensations and late starts
  // (rare) go one by one.
  void HandleBatch(db::Transaction& tx, std::span<const bus::IncomingMessage* const> messages);

 private:
  StockKeeper& stock_;
  std::chrono::seconds reservation_ttl_;
  prometheus::Counter& releases_;
};

}  // namespace sagashop::inventory
