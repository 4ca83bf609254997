#include "services/payment/payment_event_handler.h"

#include <map>
#include <string>
#include <vector>

#include "contracts/event_codec.h"
#include "platform/core/timestamp.h"
#include "platform/inbox/inbox_consumer.h"
#include "services/common/event_emitter.h"
#include "services/common/received_event.h"
#include "services/payment/domain/payment_batch.h"
#include "services/payment/payment_call_codec.h"
#include "services/payment/payment_repository.h"

namespace sagashop::payment {
namespace {

// An event Payment acts on.
struct Received {
  PaymentInput input;
  contracts::Event event;
  services::EventCause cause;
};

std::vector<Received> Decode(std::span<const bus::IncomingMessage* const> messages) {
  std::vector<Received> received;
  received.reserve(messages.size());
  for (services::ReceivedEvent& decoded : services::DecodeBatch(messages)) {
    contracts::Event& event = decoded.event;
    PaymentInput input{.order_id = event.OrderId()};
    if (std::holds_alternative<contracts::OrderCreated>(event.payload)) {
      input.kind = PaymentInput::Kind::kOrderCreated;
    } else if (std::holds_alternative<contracts::StockReservationFailed>(event.payload) ||
               std::holds_alternative<contracts::DeliveryFailed>(event.payload)) {
      input.kind = PaymentInput::Kind::kSagaFailed;
    } else {
      continue;
    }
    received.push_back({input, std::move(event), std::move(decoded.cause)});
  }
  return received;
}

std::string FailureReasonOf(const contracts::EventPayload& payload) {
  if (const auto* failed = std::get_if<contracts::StockReservationFailed>(&payload)) {
    return failed->reason;
  }
  return std::get<contracts::DeliveryFailed>(payload).reason;
}

outcall::NewOutsideCall CallFor(std::string_view kind, std::string key, std::int64_t order_id,
                                std::string request, const services::EventCause& cause) {
  return {.kind = std::string(kind),
          .idempotency_key = std::move(key),
          .ordering_key = order_id,
          .request = std::move(request),
          .correlation_id = cause.correlation_id,
          .trace_parent = cause.trace_parent};
}

NewPayment PaymentFor(const contracts::OrderCreated& order) {
  return {.order_id = order.order_id,
          .user_id = order.user_id,
          .amount = order.amount,
          .payment_type = order.payment_method,
          .status = PaymentStatus::kPending,
          .idempotency_key = ChargeKeyFor(order.order_id),
          .gateway_tx_id = std::nullopt,
          .reason = std::nullopt};
}

outcall::NewOutsideCall ChargeCallFor(const NewPayment& payment,
                                      const services::EventCause& cause) {
  const ChargeRequest request{.idempotency_key = payment.idempotency_key,
                              .order_id = payment.order_id,
                              .amount = payment.amount,
                              .payment_type = payment.payment_type};
  return CallFor(kChargeCall, payment.idempotency_key, payment.order_id,
                 EncodeChargeRequest(request), cause);
}

outcall::NewOutsideCall RefundCallFor(const PaymentRecord& payment, const std::string& reason,
                                      const services::EventCause& cause) {
  const std::string key = RefundKeyFor(payment.id);
  const RefundIntent intent{.payment_id = payment.id,
                            .reason = reason,
                            .request = {.idempotency_key = key,
                                        .gateway_tx_id = payment.gateway_tx_id.value_or(""),
                                        .order_id = payment.order_id,
                                        .amount = payment.amount}};
  return CallFor(kRefundCall, key, payment.order_id, EncodeRefundIntent(intent), cause);
}

}  // namespace

void PaymentEventHandler::Handle(db::Transaction& tx,
                                 std::span<const bus::IncomingMessage* const> messages) {
  const std::vector<Received> received = Decode(messages);
  if (received.empty()) return;
  std::vector<std::int64_t> order_ids;
  std::vector<PaymentInput> inputs;
  order_ids.reserve(received.size());
  inputs.reserve(received.size());
  for (const Received& item : received) {
    order_ids.push_back(item.input.order_id);
    inputs.push_back(item.input);
  }
  PaymentRepository repository(tx);
  std::map<std::int64_t, PaymentRecord> payments;  // by id
  std::vector<KnownPayment> known;
  for (PaymentRecord& payment : repository.FindByOrders(order_ids)) {
    known.push_back({.id = payment.id, .order_id = payment.order_id, .status = payment.status});
    payments.emplace(payment.id, std::move(payment));
  }

  const PaymentBatchPlan plan = PlanPayments(known, inputs);
  if (plan.waiting) {
    // The saga's events follow its charge's answer, so only a replayed or hand-made event gets
    // here; it is tried again once the answer may have come.
    throw inbox::TransientError("order " + std::to_string(inputs[*plan.waiting].order_id) +
                                ": its charge is still with the provider");
  }

  std::vector<NewPayment> charged;
  for (const PaymentDecision& decision : plan.decisions) {
    if (decision.kind == PaymentDecision::Kind::kCharge) {
      charged.push_back(
          PaymentFor(std::get<contracts::OrderCreated>(received[decision.input].event.payload)));
    }
  }
  const std::map<std::int64_t, std::int64_t> inserted =
      repository.InsertPayments(charged, NowRfc3339());

  std::vector<outcall::NewOutsideCall> calls;
  calls.reserve(plan.decisions.size());
  std::size_t next_charge = 0;
  for (const PaymentDecision& decision : plan.decisions) {
    const Received& cause = received[decision.input];
    if (decision.kind == PaymentDecision::Kind::kRefund) {
      calls.push_back(RefundCallFor(payments.at(decision.payment_id),
                                    FailureReasonOf(cause.event.payload), cause.cause));
      continue;
    }
    const NewPayment& payment = charged[next_charge++];
    // Not inserted: another consumer decided this order's charge meanwhile, and calls it.
    if (inserted.contains(payment.order_id)) calls.push_back(ChargeCallFor(payment, cause.cause));
  }
  calls_.DecideAll(tx, calls);
}

}  // namespace sagashop::payment
