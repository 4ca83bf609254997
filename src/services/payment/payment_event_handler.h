#pragma once

#include <prometheus/counter.h>

#include "platform/bus/message.h"
#include "platform/db/transaction.h"
#include "services/payment/domain/payment_gateway.h"

namespace sagashop::payment {

// Charges an order when it is created, and refunds it (compensation, at most once) when a later
// step of its saga fails. Refunds are counted in `refunds` once their transaction commits.
class PaymentEventHandler {
 public:
  PaymentEventHandler(PaymentGateway& gateway, prometheus::Counter& refunds)
      : gateway_(gateway), refunds_(refunds) {}

  void Handle(db::Transaction& tx, const bus::IncomingMessage& message);

 private:
  PaymentGateway& gateway_;
  prometheus::Counter& refunds_;
};

}  // namespace sagashop::payment
