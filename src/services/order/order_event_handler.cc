#include "services/order/order_event_handler.h"

#include <stdexcept>

#include "contracts/event_codec.h"
#include "platform/core/timestamp.h"
#include "services/common/event_emitter.h"
#include "services/order/domain/saga_reaction.h"
#include "services/order/order_repository.h"

namespace sagashop::order {

void HandleOrderEvent(db::Transaction& tx, const bus::IncomingMessage& message,
                      OrderMetrics& metrics) {
  const contracts::Event event = contracts::DecodeEvent(message.value, message.topic);
  OrderRepository orders(tx);
  const std::optional<OrderRecord> order = orders.FindOrder(event.OrderId());
  if (!order) {
    // Not retryable: the order would have been committed before any event about it was published.
    throw std::invalid_argument(event.metadata.event_type + " for unknown order " +
                                std::to_string(event.OrderId()));
  }

  const SystemTime now_time = std::chrono::system_clock::now();
  const std::string now = FormatRfc3339(now_time);
  const SagaReaction reaction = ReactTo(event.payload);
  std::string outcome = "recorded";
  if (reaction.target) {
    const OrderStatus target = *reaction.target;
    if (CanTransition(order->status, target) &&
        orders.TransitionOrder(order->id, target, reaction.reason, now)) {
      outcome = "applied: " + std::string(ToString(target));
      orders.UpdateSaga(order->saga_id, SagaStatusFor(target), event.metadata.event_type, now);
      const services::EventCause cause = services::EventCause::Of(event, message);
      services::EventEmitter emitter(tx, "order");
      if (target == OrderStatus::kCompleted || target == OrderStatus::kCanceled) {
        const std::string reason = order->reason.value_or(reaction.reason);
        if (target == OrderStatus::kCompleted) {
          emitter.Emit(contracts::OrderCompleted{.order_id = order->id}, cause);
        } else {
          emitter.Emit(contracts::OrderCanceled{.order_id = order->id, .reason = reason}, cause);
        }
        const std::chrono::duration<double> duration = now_time - ParseTimestamp(order->created_at);
        tx.OnCommit([&metrics, target, why = ClassifyFailure(reason), duration] {
          metrics.SagaEnded(target, why, duration);
        });
      }
    } else {
      outcome = "ignored: order was " + std::string(ToString(order->status));
    }
  }
  orders.RecordStep(order->saga_id, order->id,
                    {.event_id = event.metadata.event_id,
                     .event_type = event.metadata.event_type,
                     .service = std::string(contracts::ProducerOf(event.metadata.event_type)),
                     .outcome = outcome,
                     .occurred_at = NormalizeTimestamp(event.metadata.occurred_at),
                     .recorded_at = now});
}

}  // namespace sagashop::order
