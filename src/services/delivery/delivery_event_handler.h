#pragma once

#include <functional>

#include "platform/bus/message.h"
#include "platform/db/transaction.h"

namespace sagashop::delivery {

// Decides an order's delivery once its address (order.created.v1) and its reserved stock
// (stock.reserved.v1) are both known: the intent to ask the carrier for a shipment, made after
// the transaction commits (docs/outside-calls.md). A reservation that expired or was released
// (stock.released.v1) before that becomes delivery.failed.v1 instead. `wake_calls` runs once an
// intent commits.
class DeliveryEventHandler {
 public:
  explicit DeliveryEventHandler(std::function<void()> wake_calls)
      : wake_calls_(std::move(wake_calls)) {}

  void Handle(db::Transaction& tx, const bus::IncomingMessage& message);

 private:
  std::function<void()> wake_calls_;
};

}  // namespace sagashop::delivery
