#pragma once

#include <span>

#include "platform/bus/message.h"
#include "platform/db/transaction.h"
#include "platform/outcall/outside_call_dispatcher.h"

namespace sagashop::delivery {

// Decides an order's delivery once its address (order.created.v1) and its reserved stock
// (stock.reserved.v1) are both known: the intent to ask the carrier for a shipment, made after
// the transaction commits (docs/outside-calls.md). A reservation that expired or was released
// (stock.released.v1) before that becomes delivery.failed.v1 instead. `calls` makes the call
// once the transaction commits.
//
// A batch costs the same few statements whatever its size: what it tells recorded with one
// upsert, its orders read back with their deliveries and decided calls with one statement, the
// starts decided in memory (PlanStarts), then the refused deliveries, their events and the
// shipment intents with one statement each.
class DeliveryEventHandler {
 public:
  explicit DeliveryEventHandler(outcall::OutsideCallDispatcher& calls) : calls_(calls) {}

  void Handle(db::Transaction& tx, std::span<const bus::IncomingMessage* const> messages);

 private:
  outcall::OutsideCallDispatcher& calls_;
};

}  // namespace sagashop::delivery
