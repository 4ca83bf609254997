#include "services/payment/domain/payment_batch.h"

#include <map>
#include <set>

#include "services/payment/domain/payment_transitions.h"

namespace sagashop::payment {

PaymentBatchPlan PlanPayments(std::span<const KnownPayment> payments,
                              std::span<const PaymentInput> inputs) {
  std::map<std::int64_t, std::vector<KnownPayment>> by_order;
  for (const KnownPayment& payment : payments) by_order[payment.order_id].push_back(payment);
  std::set<std::int64_t> refunded;  // payments whose refund the batch decided
  PaymentBatchPlan plan;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const PaymentInput& input = inputs[i];
    std::vector<KnownPayment>& order = by_order[input.order_id];
    if (input.kind == PaymentInput::Kind::kOrderCreated) {
      if (!order.empty()) continue;  // decided already
      // Its id comes with the insert; until its charge is answered nothing needs it.
      order.push_back({.id = 0, .order_id = input.order_id, .status = PaymentStatus::kPending});
      plan.decisions.push_back({.kind = PaymentDecision::Kind::kCharge, .input = i});
      continue;
    }
    for (const KnownPayment& payment : order) {
      switch (DecideRefund(payment.status)) {
        case RefundDecision::kNothingToRefund:
          continue;
        case RefundDecision::kWaitForCharge:
          plan.waiting = i;
          return plan;
        case RefundDecision::kRefund:
          break;
      }
      if (!refunded.insert(payment.id).second) continue;
      plan.decisions.push_back(
          {.kind = PaymentDecision::Kind::kRefund, .input = i, .payment_id = payment.id});
    }
  }
  return plan;
}

}  // namespace sagashop::payment
