#include "services/inventory/inventory_event_handler.h"

#include "contracts/event_codec.h"
#include "platform/core/timestamp.h"
#include "services/common/event_emitter.h"

namespace sagashop::inventory {
namespace {

struct Context {
  db::Transaction& tx;
  InventoryRepository& repository;
  StockKeeper& stock;
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
    const std::string expires =
        FormatRfc3339(std::chrono::system_clock::now() + context.reservation_ttl);
    const std::int64_t reservation_id =
        context.repository.InsertReservation(order_id, product_id, quantity, expires, context.now);
    context.repository.SetOrderLineOutcome(order_id, "RESERVED");
    emitter.Emit(contracts::StockReserved{.order_id = order_id,
                                          .reservation_id = reservation_id,
                                          .product_id = product_id,
                                          .quantity = quantity},
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

// RESERVED -> COMMITTED (shipped) or RELEASED (given back); returns the reservation if it moved.
std::optional<ReservationRecord> FinishReservation(Context& context, std::int64_t order_id,
                                                   std::string_view to) {
  std::optional<ReservationRecord> reservation =
      context.repository.FindReservationByOrder(order_id);
  if (!reservation || !context.repository.FinishReservation(reservation->id, to, context.now)) {
    return std::nullopt;
  }
  const std::int64_t quantity = reservation->quantity;
  const bool commit = to == "COMMITTED";
  context.stock.Update(
      context.repository, reservation->product_id,
      [&](const std::optional<ProductStock>& current) -> std::optional<StockLevel> {
        if (!current) throw std::logic_error("reservation of an unknown product");
        return commit ? AfterCommit(current->level, quantity)
                      : AfterRelease(current->level, quantity);
      },
      context.now);
  return reservation;
}

}  // namespace

void InventoryEventHandler::Handle(db::Transaction& tx, const bus::IncomingMessage& message) {
  const contracts::Event event = contracts::DecodeEvent(message.value, message.topic);
  const services::EventCause cause = services::EventCause::Of(event, message);
  InventoryRepository repository(tx);
  Context context{tx, repository, stock_, reservation_ttl_, cause, NowRfc3339()};

  if (const auto* created = std::get_if<contracts::OrderCreated>(&event.payload)) {
    repository.RecordOrderLine(created->order_id, created->product_id, created->quantity,
                               context.now);
    TryReserve(context, created->order_id);
  } else if (const auto* paid = std::get_if<contracts::PaymentCompleted>(&event.payload)) {
    repository.MarkOrderPaid(paid->order_id, context.now);
    TryReserve(context, paid->order_id);
  } else if (const auto* started = std::get_if<contracts::DeliveryStarted>(&event.payload)) {
    FinishReservation(context, started->order_id, "COMMITTED");
  } else if (const auto* failed = std::get_if<contracts::DeliveryFailed>(&event.payload)) {
    if (auto released = FinishReservation(context, failed->order_id, "RELEASED")) {
      services::EventEmitter(tx, "inventory")
          .Emit(contracts::StockReleased{.order_id = released->order_id,
                                         .reservation_id = released->id,
                                         .product_id = released->product_id,
                                         .quantity = released->quantity},
                cause);
    }
  }
}

}  // namespace sagashop::inventory
