#pragma once

#include "platform/bus/message.h"
#include "platform/db/transaction.h"
#include "services/delivery/domain/carrier.h"

namespace sagashop::delivery {

// Starts an order's delivery through the carrier once its address (order.created.v1) and its
// reserved stock (stock.reserved.v1) are both known; a refusal becomes delivery.failed.v1, and so
// does a reservation that expired or was released (stock.released.v1) before the start.
class DeliveryEventHandler {
 public:
  explicit DeliveryEventHandler(Carrier& carrier) : carrier_(carrier) {}

  void Handle(db::Transaction& tx, const bus::IncomingMessage& message);

 private:
  Carrier& carrier_;
};

}  // namespace sagashop::delivery
