#pragma once

#include <functional>

#include "platform/bus/message.h"
#include "platform/db/transaction.h"

namespace sagashop::payment {

// Decides the calls to the provider that the saga's events ask for, without making any (docs/
// outside-calls.md): order.created.v1 records a PENDING payment and the intent to charge it; a
// later failure of the saga (stock.reservation_failed.v1, delivery.failed.v1) records the intent
// to refund a captured payment, at most once. `wake_calls` runs once such an intent commits.
class PaymentEventHandler {
 public:
  explicit PaymentEventHandler(std::function<void()> wake_calls)
      : wake_calls_(std::move(wake_calls)) {}

  void Handle(db::Transaction& tx, const bus::IncomingMessage& message);

 private:
  std::function<void()> wake_calls_;
};

}  // namespace sagashop::payment
