#include "services/payment/payment_event_handler.h"

#include "contracts/event_codec.h"
#include "platform/core/timestamp.h"
#include "platform/inbox/inbox_consumer.h"
#include "services/common/event_emitter.h"
#include "services/common/retry_transient.h"
#include "services/payment/payment_repository.h"

namespace sagashop::payment {
namespace {

void Charge(db::Transaction& tx, PaymentGateway& gateway, const contracts::OrderCreated& order,
            const services::EventCause& cause) {
  PaymentRepository payments(tx);
  if (!payments.FindByOrder(order.order_id).empty()) return;  // charged already

  ChargeResult result;
  try {
    // The gateway call is idempotent by key, so a retry after a crash cannot charge twice.
    result = services::RetryTransient<GatewayUnavailable>([&] {
      return gateway.Charge({.idempotency_key = ChargeKeyFor(order.order_id),
                             .order_id = order.order_id,
                             .amount = order.amount,
                             .payment_type = order.payment_method});
    });
  } catch (const GatewayUnavailable& error) {
    throw inbox::TransientError(error.what());
  }
  const std::string now = NowRfc3339();
  services::EventEmitter emitter(tx, "payment");
  if (result.approved) {
    const std::int64_t payment_id =
        payments.InsertPayment({.order_id = order.order_id,
                                .amount = order.amount,
                                .payment_type = order.payment_method,
                                .status = PaymentStatus::kCompleted,
                                .idempotency_key = ChargeKeyFor(order.order_id),
                                .gateway_tx_id = result.gateway_tx_id,
                                .reason = std::nullopt},
                               now);
    emitter.Emit(contracts::PaymentCompleted{.order_id = order.order_id,
                                             .payment_id = payment_id,
                                             .amount = order.amount,
                                             .payment_type = order.payment_method},
                 cause);
  } else {
    payments.InsertPayment({.order_id = order.order_id,
                            .amount = order.amount,
                            .payment_type = order.payment_method,
                            .status = PaymentStatus::kFailed,
                            .idempotency_key = ChargeKeyFor(order.order_id),
                            .gateway_tx_id = std::nullopt,
                            .reason = result.decline_reason},
                           now);
    emitter.Emit(
        contracts::PaymentFailed{.order_id = order.order_id, .reason = result.decline_reason},
        cause);
  }
}

void Refund(db::Transaction& tx, PaymentGateway& gateway, std::int64_t order_id,
            const std::string& reason, const services::EventCause& cause,
            prometheus::Counter& refunds) {
  PaymentRepository payments(tx);
  for (const PaymentRecord& payment : payments.FindByOrder(order_id)) {
    if (!NeedsRefund(payment.status)) continue;
    std::string refund_tx_id;
    try {
      refund_tx_id = services::RetryTransient<GatewayUnavailable>(
          [&] { return gateway.Refund(payment.gateway_tx_id.value_or(""), payment.amount); });
    } catch (const GatewayUnavailable& error) {
      throw inbox::TransientError(error.what());
    }
    if (payments.MarkRefunded(payment.id, reason, refund_tx_id, NowRfc3339())) {
      services::EventEmitter(tx, "payment")
          .Emit(contracts::PaymentRefunded{.order_id = order_id,
                                           .payment_id = payment.id,
                                           .amount = payment.amount,
                                           .reason = reason},
                cause);
      tx.OnCommit([&refunds] { refunds.Increment(); });
    }
  }
}

}  // namespace

void PaymentEventHandler::Handle(db::Transaction& tx, const bus::IncomingMessage& message) {
  const contracts::Event event = contracts::DecodeEvent(message.value, message.topic);
  const services::EventCause cause = services::EventCause::Of(event, message);
  if (const auto* created = std::get_if<contracts::OrderCreated>(&event.payload)) {
    Charge(tx, gateway_, *created, cause);
  } else if (const auto* failed = std::get_if<contracts::StockReservationFailed>(&event.payload)) {
    Refund(tx, gateway_, failed->order_id, failed->reason, cause, refunds_);
  } else if (const auto* failed = std::get_if<contracts::DeliveryFailed>(&event.payload)) {
    Refund(tx, gateway_, failed->order_id, failed->reason, cause, refunds_);
  }
}

}  // namespace sagashop::payment
