#include "services/payment/payment_event_handler.h"

#include "contracts/event_codec.h"
#include "platform/core/timestamp.h"
#include "platform/inbox/inbox_consumer.h"
#include "services/common/event_emitter.h"
#include "services/payment/domain/payment_transitions.h"
#include "services/payment/payment_call_codec.h"
#include "services/payment/payment_repository.h"

namespace sagashop::payment {
namespace {

outcall::NewOutsideCall CallFor(std::string_view kind, std::string key, std::int64_t order_id,
                                std::string request, const services::EventCause& cause) {
  return {.kind = std::string(kind),
          .idempotency_key = std::move(key),
          .ordering_key = order_id,
          .request = std::move(request),
          .correlation_id = cause.correlation_id,
          .trace_parent = cause.trace_parent};
}

void DecideCharge(db::Transaction& tx, outcall::OutsideCallDispatcher& calls,
                  const contracts::OrderCreated& order, const services::EventCause& cause) {
  PaymentRepository payments(tx);
  if (!payments.FindByOrder(order.order_id).empty()) return;  // decided already
  const std::string key = ChargeKeyFor(order.order_id);
  payments.InsertPayment({.order_id = order.order_id,
                          .amount = order.amount,
                          .payment_type = order.payment_method,
                          .status = PaymentStatus::kPending,
                          .idempotency_key = key,
                          .gateway_tx_id = std::nullopt,
                          .reason = std::nullopt},
                         NowRfc3339());
  const ChargeRequest request{.idempotency_key = key,
                              .order_id = order.order_id,
                              .amount = order.amount,
                              .payment_type = order.payment_method};
  calls.Decide(tx, CallFor(kChargeCall, key, order.order_id, EncodeChargeRequest(request), cause));
}

void DecideRefund(db::Transaction& tx, outcall::OutsideCallDispatcher& calls, std::int64_t order_id,
                  const std::string& reason, const services::EventCause& cause) {
  for (const PaymentRecord& payment : PaymentRepository(tx).FindByOrder(order_id)) {
    switch (payment::DecideRefund(payment.status)) {
      case RefundDecision::kNothingToRefund:
        continue;
      case RefundDecision::kWaitForCharge:
        // The saga's events follow its charge's answer, so only a replayed or hand-made event
        // gets here; it is tried again once the answer may have come.
        throw inbox::TransientError("order " + std::to_string(order_id) +
                                    ": its charge is still with the provider");
      case RefundDecision::kRefund:
        break;
    }
    const std::string key = RefundKeyFor(payment.id);
    const RefundIntent intent{.payment_id = payment.id,
                              .reason = reason,
                              .request = {.idempotency_key = key,
                                          .gateway_tx_id = payment.gateway_tx_id.value_or(""),
                                          .order_id = order_id,
                                          .amount = payment.amount}};
    calls.Decide(tx, CallFor(kRefundCall, key, order_id, EncodeRefundIntent(intent), cause));
  }
}

}  // namespace

void PaymentEventHandler::Handle(db::Transaction& tx, const bus::IncomingMessage& message) {
  const contracts::Event event = contracts::DecodeEvent(message.value, message.topic);
  const services::EventCause cause = services::EventCause::Of(event, message);
  if (const auto* created = std::get_if<contracts::OrderCreated>(&event.payload)) {
    DecideCharge(tx, calls_, *created, cause);
  } else if (const auto* failed = std::get_if<contracts::StockReservationFailed>(&event.payload)) {
    DecideRefund(tx, calls_, failed->order_id, failed->reason, cause);
  } else if (const auto* failed = std::get_if<contracts::DeliveryFailed>(&event.payload)) {
    DecideRefund(tx, calls_, failed->order_id, failed->reason, cause);
  }
}

}  // namespace sagashop::payment
