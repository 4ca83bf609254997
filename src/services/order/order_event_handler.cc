#include "services/order/order_event_handler.h"

#include <map>
#include <stdexcept>
#include <vector>

#include "contracts/event_codec.h"
#include "platform/core/timestamp.h"
#include "platform/inbox/inbox_consumer.h"
#include "services/common/event_emitter.h"
#include "services/common/received_event.h"
#include "services/order/domain/failure_reason.h"
#include "services/order/domain/saga_batch.h"
#include "services/order/domain/saga_reaction.h"
#include "services/order/order_repository.h"

namespace sagashop::order {
namespace {

using Received = services::ReceivedEvent;

// The orders the events are about, by id. Throws for an event about an order that does not exist:
// not retryable, since an order is committed before any event about it is published.
std::map<std::int64_t, OrderRecord> OrdersOf(OrderRepository& orders,
                                             const std::vector<Received>& received) {
  std::vector<std::int64_t> ids;
  ids.reserve(received.size());
  for (const Received& item : received) ids.push_back(item.event.OrderId());
  std::map<std::int64_t, OrderRecord> found;
  for (OrderRecord& order : orders.LockOrders(ids)) found.emplace(order.id, std::move(order));
  for (const Received& item : received) {
    if (!found.contains(item.event.OrderId())) {
      throw std::invalid_argument(item.event.metadata.event_type + " for unknown order " +
                                  std::to_string(item.event.OrderId()));
    }
  }
  return found;
}

}  // namespace

void HandleOrderEvents(db::Transaction& tx, std::span<const bus::IncomingMessage* const> messages,
                       OrderMetrics& metrics) {
  const std::vector<Received> received = services::DecodeBatch(messages);
  OrderRepository repository(tx);
  const std::map<std::int64_t, OrderRecord> orders = OrdersOf(repository, received);

  std::map<std::int64_t, OrderState> states;
  for (const auto& [id, order] : orders)
    states[id] = {.status = order.status, .reason = order.reason};
  std::vector<SagaInput> inputs;
  inputs.reserve(received.size());
  for (const Received& item : received) {
    inputs.push_back({.order_id = item.event.OrderId(), .payload = &item.event.payload});
  }
  const BatchPlan plan = PlanBatch(std::move(states), inputs);

  const SystemTime now_time = std::chrono::system_clock::now();
  const std::string now = FormatRfc3339(now_time);
  std::vector<OrderMoveRecord> moves;
  std::vector<SagaUpdateRecord> sagas;
  for (const OrderMove& move : plan.moves) {
    moves.push_back({.order_id = move.order_id,
                     .from = move.from,
                     .to = move.to,
                     .reason = move.reason,
                     .moves = move.moves});
    sagas.push_back({.saga_id = orders.at(move.order_id).saga_id,
                     .status = std::string(SagaStatusFor(move.to)),
                     .current_step = received[move.last_input].event.metadata.event_type});
  }
  // The orders are locked (PostgreSQL) or the writer's turn is held (SQLite): a shortfall would be
  // a change this transaction cannot see, so the batch is tried again.
  if (repository.MoveOrders(moves, now) != static_cast<std::int64_t>(moves.size())) {
    throw inbox::TransientError("an order changed while its events were applied");
  }
  repository.UpdateSagas(sagas, now);

  std::vector<SagaStepRecord> steps;
  steps.reserve(received.size());
  for (std::size_t i = 0; i < received.size(); ++i) {
    const contracts::EventMetadata& event = received[i].event.metadata;
    const std::int64_t order_id = received[i].event.OrderId();
    steps.push_back({.saga_id = orders.at(order_id).saga_id,
                     .order_id = order_id,
                     .event_id = event.event_id,
                     .event_type = event.event_type,
                     .service = std::string(contracts::ProducerOf(event.event_type)),
                     .outcome = plan.outcomes[i],
                     .occurred_at = NormalizeTimestamp(event.occurred_at),
                     .recorded_at = now});
  }
  repository.RecordSteps(steps);

  std::vector<services::EventEmitter::Emission> outcomes;
  for (const SagaEnd& end : plan.ends) {
    const services::EventCause& cause = received[end.input].cause;
    if (end.status == OrderStatus::kCompleted) {
      outcomes.push_back({contracts::OrderCompleted{.order_id = end.order_id}, cause});
    } else {
      outcomes.push_back(
          {contracts::OrderCanceled{.order_id = end.order_id, .reason = end.reason}, cause});
    }
    const std::chrono::duration<double> duration =
        now_time - ParseTimestamp(orders.at(end.order_id).created_at);
    tx.OnCommit([&metrics, status = end.status, why = ClassifyFailure(end.reason), duration] {
      metrics.SagaEnded(status, why, duration);
    });
  }
  if (!outcomes.empty()) services::EventEmitter(tx, "order").EmitAll(std::move(outcomes));
}

}  // namespace sagashop::order
