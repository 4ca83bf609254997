#pragma once

#include <prometheus/counter.h>

#include "platform/outcall/outside_call_handler.h"
#include "services/payment/domain/payment_gateway.h"

namespace sagashop::payment {

// Payment's calls to its provider: a charge decided by order.created.v1, a refund decided by a
// later failure of the saga. The answer of a charge settles the PENDING payment and emits
// payment.completed.v1 or payment.failed.v1; the answer of a refund marks the payment REFUNDED
// and emits payment.refunded.v1. Refunds are counted in `refunds` once their transaction commits.
class PaymentCalls final : public outcall::OutsideCallHandler {
 public:
  PaymentCalls(PaymentGateway& gateway, prometheus::Counter& refunds)
      : gateway_(gateway), refunds_(refunds) {}

  void Perform(const outcall::OutsideCall& call, CallDone<std::string> done) override;
  void ApplyResult(db::Transaction& tx, const outcall::OutsideCall& call,
                   const std::string& result) override;
  // The charges of a batch settle with one statement and emit their events with one more;
  // refunds (compensation, rare) are applied one by one.
  void ApplyResults(db::Transaction& tx, std::span<const Answered> answers) override;

 private:
  struct Charge {
    const outcall::OutsideCall* call;
    ChargeResult result;
  };
  void ApplyCharges(db::Transaction& tx, std::span<const Charge> charges);
  void ApplyRefund(db::Transaction& tx, const outcall::OutsideCall& call,
                   const RefundResult& result);

  PaymentGateway& gateway_;
  prometheus::Counter& refunds_;
};

}  // namespace sagashop::payment
