#pragma once

#include <span>

#include "platform/bus/message.h"
#include "platform/db/transaction.h"
#include "platform/outcall/outside_call_dispatcher.h"

namespace sagashop::payment {

// Decides the calls to the provider that the saga's events ask for, without making any (docs/
// outside-calls.md): order.created.v1 records a PENDING payment and the intent to charge it; a
// later failure of the saga (stock.reservation_failed.v1, delivery.failed.v1) records the intent
// to refund a captured payment, at most once. `calls` makes them once the transaction commits.
//
// A batch costs the same few statements whatever its size: its orders' payments read at once,
// the calls decided in memory (PlanPayments), the new payments inserted with one statement and
// every intent recorded with one more (OutsideCallDispatcher::DecideAll).
class PaymentEventHandler {
 public:
  explicit PaymentEventHandler(outcall::OutsideCallDispatcher& calls) : calls_(calls) {}

  // Throws inbox::TransientError, and decides nothing, when a refund must wait for its charge's
  // answer: the inbox then applies the batch's events one at a time, so that only that event
  // waits (docs/architecture.md, the inbox).
  void Handle(db::Transaction& tx, std::span<const bus::IncomingMessage* const> messages);

 private:
  outcall::OutsideCallDispatcher& calls_;
};

}  // namespace sagashop::payment
