#include "services/payment/payment_calls.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "platform/core/timestamp.h"
#include "services/common/event_emitter.h"
#include "services/payment/domain/payment_transitions.h"
#include "services/payment/payment_call_codec.h"
#include "services/payment/payment_repository.h"

namespace sagashop::payment {
namespace {

services::EventCause CauseOf(const outcall::OutsideCall& call) {
  return {.correlation_id = call.correlation_id, .trace_parent = call.trace_parent};
}

}  // namespace

void PaymentCalls::Perform(const outcall::OutsideCall& call, CallDone<std::string> done) {
  if (call.kind == kChargeCall) {
    gateway_.Charge(DecodeChargeRequest(call.request, call.idempotency_key),
                    outcall::EncodedAnswer<ChargeResult>(std::move(done), EncodeChargeResult));
  } else if (call.kind == kRefundCall) {
    gateway_.Refund(DecodeRefundIntent(call.request, call.idempotency_key).request,
                    outcall::EncodedAnswer<RefundResult>(std::move(done), EncodeRefundResult));
  } else {
    throw std::logic_error("payment: unknown outside call kind " + call.kind);
  }
}

void PaymentCalls::ApplyResult(db::Transaction& tx, const outcall::OutsideCall& call,
                               const std::string& result) {
  if (call.kind == kChargeCall) {
    ApplyCharge(tx, call, DecodeChargeResult(result));
  } else if (call.kind == kRefundCall) {
    ApplyRefund(tx, call, DecodeRefundResult(result));
  } else {
    throw std::logic_error("payment: unknown outside call kind " + call.kind);
  }
}

void PaymentCalls::ApplyCharge(db::Transaction& tx, const outcall::OutsideCall& call,
                               const ChargeResult& result) {
  const ChargeSettlement settlement = SettleCharge(result);
  const std::optional<PaymentRecord> payment =
      PaymentRepository(tx).SettleCharge(call.idempotency_key, settlement, NowRfc3339());
  if (!payment) {
    spdlog::warn("charge {} was answered, but its payment is not pending", call.idempotency_key);
    return;
  }
  services::EventEmitter emitter(tx, "payment");
  if (payment->status == PaymentStatus::kCompleted) {
    emitter.Emit(contracts::PaymentCompleted{.order_id = payment->order_id,
                                             .payment_id = payment->id,
                                             .amount = payment->amount,
                                             .payment_type = payment->payment_type},
                 CauseOf(call));
  } else {
    emitter.Emit(contracts::PaymentFailed{.order_id = payment->order_id,
                                          .reason = payment->reason.value_or("payment declined")},
                 CauseOf(call));
  }
}

void PaymentCalls::ApplyRefund(db::Transaction& tx, const outcall::OutsideCall& call,
                               const RefundResult& result) {
  const RefundIntent intent = DecodeRefundIntent(call.request, call.idempotency_key);
  if (!PaymentRepository(tx).MarkRefunded(intent.payment_id, intent.reason, result.refund_tx_id,
                                          NowRfc3339())) {
    spdlog::warn("refund {} was answered, but its payment is not captured", call.idempotency_key);
    return;
  }
  services::EventEmitter(tx, "payment")
      .Emit(contracts::PaymentRefunded{.order_id = intent.request.order_id,
                                       .payment_id = intent.payment_id,
                                       .amount = intent.request.amount,
                                       .reason = intent.reason},
            CauseOf(call));
  tx.OnCommit([this] { refunds_.Increment(); });
}

}  // namespace sagashop::payment
