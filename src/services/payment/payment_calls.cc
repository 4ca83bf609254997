#include "services/payment/payment_calls.h"

#include <spdlog/spdlog.h>

#include <map>
#include <stdexcept>
#include <vector>

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
  const Answered alone{&call, &result};
  ApplyResults(tx, {&alone, 1});
}

void PaymentCalls::ApplyResults(db::Transaction& tx, std::span<const Answered> answers) {
  std::vector<Charge> charges;
  for (const Answered& answer : answers) {
    const outcall::OutsideCall& call = *answer.call;
    if (call.kind == kChargeCall) {
      charges.push_back({&call, DecodeChargeResult(*answer.result)});
    } else if (call.kind == kRefundCall) {
      ApplyRefund(tx, call, DecodeRefundResult(*answer.result));
    } else {
      throw std::logic_error("payment: unknown outside call kind " + call.kind);
    }
  }
  ApplyCharges(tx, charges);
}

void PaymentCalls::ApplyCharges(db::Transaction& tx, std::span<const Charge> charges) {
  if (charges.empty()) return;
  std::vector<ChargeToSettle> settlements;
  settlements.reserve(charges.size());
  for (const Charge& charge : charges) {
    settlements.push_back({charge.call->idempotency_key, SettleCharge(charge.result)});
  }
  std::map<std::string, PaymentRecord> settled;  // by idempotency key
  for (PaymentRecord& payment : PaymentRepository(tx).SettleCharges(settlements, NowRfc3339())) {
    settled.emplace(ChargeKeyFor(payment.order_id), std::move(payment));
  }
  std::vector<services::EventEmitter::Emission> events;
  events.reserve(settled.size());
  for (const Charge& charge : charges) {
    const auto found = settled.find(charge.call->idempotency_key);
    if (found == settled.end()) {
      spdlog::warn("charge {} was answered, but its payment is not pending",
                   charge.call->idempotency_key);
      continue;
    }
    const PaymentRecord& payment = found->second;
    if (payment.status == PaymentStatus::kCompleted) {
      events.push_back({contracts::PaymentCompleted{.order_id = payment.order_id,
                                                    .payment_id = payment.id,
                                                    .amount = payment.amount,
                                                    .payment_type = payment.payment_type},
                        CauseOf(*charge.call)});
    } else {
      events.push_back(
          {contracts::PaymentFailed{.order_id = payment.order_id,
                                    .reason = payment.reason.value_or("payment declined")},
           CauseOf(*charge.call)});
    }
  }
  services::EventEmitter(tx, "payment").EmitAll(std::move(events));
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
