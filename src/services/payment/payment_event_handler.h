#pragma once

#include "platform/bus/message.h"
#include "platform/db/transaction.h"
#include "platform/outcall/outside_call_dispatcher.h"

namespace sagashop::payment {

// Decides the calls to the provider that the saga's events ask for, without making any (docs/
// outside-calls.md): order.created.v1 records a PENDING payment and the intent to charge it; a
// later failure of the saga (stock.reservation_failed.v1, delivery.failed.v1) records the intent
// to refund a captured payment, at most once. `calls` makes them once the transaction commits.
class PaymentEventHandler {
 public:
  explicit PaymentEventHandler(outcall::OutsideCallDispatcher& calls) : calls_(calls) {}

  void Handle(db::Transaction& tx, const bus::IncomingMessage& message);

 private:
  outcall::OutsideCallDispatcher& calls_;
};

}  // namespace sagashop::payment
