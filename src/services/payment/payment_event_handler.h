#pragma once

#include "platform/bus/message.h"
#include "platform/db/transaction.h"
#include "services/payment/domain/payment_gateway.h"

namespace sagashop::payment {

// Charges an order when it is created, and refunds it (compensation, at most once) when a later
// step of its saga fails.
class PaymentEventHandler {
 public:
  explicit PaymentEventHandler(PaymentGateway& gateway) : gateway_(gateway) {}

  void Handle(db::Transaction& tx, const bus::IncomingMessage& message);

 private:
  PaymentGateway& gateway_;
};

}  // namespace sagashop::payment
