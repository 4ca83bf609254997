#include "services/inventory/inventory_event_handler.h"

#include <spdlog/spdlog.h>

#include "contracts/event_codec.h"
#include "platform/core/timestamp.h"
#include "services/common/event_emitter.h"
#include "services/inventory/reservation_lifecycle.h"

namespace sagashop::inventory {
namespace {

struct Context {
  db::Transaction& tx;
  InventoryRepository& repository;
  StockKeeper& stock;
  prometheus::Counter& releases;
  std::chrono::seconds reservation_ttl;
  const services::EventCause& cause;
  std::string now;
};

// Decides the reservation once both halves of the order line are here; a no-op otherwise and
// once decided.
void TryReserve(Context& context, std::int64_t order_id) {
  const std::optional<OrderLine> line = context.repository.FindOrderLine(order_id);
  if (!line || !line->product_id || !line->paid || line->outcome) return;
  const std::int64_t product_id = *line->product_id;
  const std::int64_t quantity = *line->quantity;

  ReservationDecision decision{ReservationOutcome::kUnknownProduct, {}, ""};
  context.stock.Update(
      context.repository, product_id,
      [&](const std::optional<ProductStock>& current) -> std::optional<StockLevel> {
        decision = DecideReservation(
            current ? std::optional<StockLevel>(current->level) : std::nullopt, quantity);
        if (decision.outcome != ReservationOutcome::kReserved) return std::nullopt;
        return decision.after;
      },
      context.now);

  services::EventEmitter emitter(context.tx, "inventory");
  if (decision.outcome == ReservationOutcome::kReserved) {
    ReservationRecord reservation{
        .order_id = order_id,
        .product_id = product_id,
        .quantity = quantity,
        .expired_at = FormatRfc3339(std::chrono::system_clock::now() + context.reservation_ttl),
        .correlation_id = context.cause.correlation_id,
        .trace_parent = context.cause.trace_parent};
    reservation.id = context.repository.InsertReservation(reservation, context.now);
    context.repository.SetOrderLineOutcome(order_id, "RESERVED");
    emitter.Emit(contracts::StockReserved{.order_id = order_id,
                                          .reservation_id = reservation.id,
                                          .product_id = product_id,
                                          .quantity = quantity,
                                          .expired_at = reservation.expired_at},
                 context.cause);
  } else {
    context.repository.SetOrderLineOutcome(order_id, "REJECTED");
    emitter.Emit(contracts::StockReservationFailed{.order_id = order_id,
                                                   .product_id = product_id,
                                                   .quantity = quantity,
                                                   .reason = decision.reason},
                 context.cause);
  }
}

// Delivery decides whether a shipment starts, so its word is final: a start commits the
// reservation, even one the sweeper released meanwhile (see ReservationSweeper).
void OnDeliveryStarted(Context& context, std::int64_t order_id) {
  const std::optional<ReservationRecord> reservation =
      context.repository.FindReservationByOrder(order_id);
  if (!reservation) return;
  ReservationLifecycle lifecycle(context.tx, context.repository, context.stock, context.releases,
                                 context.now);
  if (lifecycle.Commit(*reservation)) return;
  switch (lifecycle.Retake(*reservation)) {
    case ReservationLifecycle::RetakeOutcome::kRetaken:
      spdlog::warn(
          "order {}: delivery started after its reservation {} expired and was released; took "
          "its {} unit(s) of product {} back from available stock",
          order_id, reservation->id, reservation->quantity, reservation->product_id);
      break;
    case ReservationLifecycle::RetakeOutcome::kStockGone:
      spdlog::error(
          "order {}: delivery started after its reservation {} expired and was released, and "
          "product {} no longer has {} unit(s) available; the order needs an operator (sagashop "
          "verify reports it)",
          order_id, reservation->id, reservation->product_id, reservation->quantity);
      break;
    case ReservationLifecycle::RetakeOutcome::kNotReleased:
      break;  // committed already: a duplicate
  }
}

// Compensation for a failed delivery: the units go back, at most once.
void OnDeliveryFailed(Context& context, std::int64_t order_id) {
  const std::optional<ReservationRecord> reservation =
      context.repository.FindReservationByOrder(order_id);
  if (!reservation) return;
  ReservationLifecycle(context.tx, context.repository, context.stock, context.releases, context.now)
      .Release(*reservation, context.cause);
}

}  // namespace

void InventoryEventHandler::Handle(db::Transaction& tx, const bus::IncomingMessage& message) {
  const contracts::Event event = contracts::DecodeEvent(message.value, message.topic);
  const services::EventCause cause = services::EventCause::Of(event, message);
  InventoryRepository repository(tx);
  Context context{tx, repository, stock_, releases_, reservation_ttl_, cause, NowRfc3339()};

  if (const auto* created = std::get_if<contracts::OrderCreated>(&event.payload)) {
    repository.RecordOrderLine(created->order_id, created->product_id, created->quantity,
                               context.now);
    TryReserve(context, created->order_id);
  } else if (const auto* paid = std::get_if<contracts::PaymentCompleted>(&event.payload)) {
    repository.MarkOrderPaid(paid->order_id, context.now);
    TryReserve(context, paid->order_id);
  } else if (const auto* started = std::get_if<contracts::DeliveryStarted>(&event.payload)) {
    OnDeliveryStarted(context, started->order_id);
  } else if (const auto* failed = std::get_if<contracts::DeliveryFailed>(&event.payload)) {
    OnDeliveryFailed(context, failed->order_id);
  }
}

}  // namespace sagashop::inventory
