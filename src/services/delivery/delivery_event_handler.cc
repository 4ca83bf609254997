#include "services/delivery/delivery_event_handler.h"

#include "contracts/event_codec.h"
#include "platform/core/timestamp.h"
#include "platform/outcall/outside_call_store.h"
#include "services/common/event_emitter.h"
#include "services/delivery/delivery_outcomes.h"
#include "services/delivery/delivery_repository.h"
#include "services/delivery/shipment_call_codec.h"

namespace sagashop::delivery {
namespace {

void TryStart(db::Transaction& tx, outcall::OutsideCallDispatcher& calls, std::int64_t order_id,
              const services::EventCause& cause) {
  DeliveryRepository deliveries(tx);
  const std::optional<DeliveryRequest> request = deliveries.FindRequest(order_id);
  if (!request || deliveries.FindByOrder(order_id)) return;  // nothing known, or ended
  const std::string key = ShipmentKeyFor(order_id);
  // A start once decided stands, even if the reservation is released while the carrier answers
  // (docs/reservations.md).
  if (outcall::OutsideCallStore(tx).Exists(key)) return;

  const StartDecision decision = DecideStart(*request, std::chrono::system_clock::now());
  switch (decision.action) {
    case StartAction::kWait:
      return;
    case StartAction::kRefuse:
      RecordFailedDelivery(tx, order_id, request->address.value_or(""), decision.reason,
                           std::nullopt, cause);
      return;
    case StartAction::kStart:
      break;
  }
  const ShipmentRequest shipment{
      .idempotency_key = key, .order_id = order_id, .address = *request->address};
  calls.Decide(tx, {.kind = std::string(kShipmentCall),
                    .idempotency_key = key,
                    .ordering_key = order_id,
                    .request = EncodeShipmentRequest(shipment),
                    .correlation_id = cause.correlation_id,
                    .trace_parent = cause.trace_parent});
}

}  // namespace

void DeliveryEventHandler::Handle(db::Transaction& tx, const bus::IncomingMessage& message) {
  const contracts::Event event = contracts::DecodeEvent(message.value, message.topic);
  const services::EventCause cause = services::EventCause::Of(event, message);
  const std::string now = NowRfc3339();
  DeliveryRepository deliveries(tx);
  std::int64_t order_id = 0;
  if (const auto* created = std::get_if<contracts::OrderCreated>(&event.payload)) {
    deliveries.RecordAddress(created->order_id, created->address, now);
    order_id = created->order_id;
  } else if (const auto* reserved = std::get_if<contracts::StockReserved>(&event.payload)) {
    deliveries.RecordReservation(reserved->order_id, reserved->reservation_id, reserved->expired_at,
                                 now);
    order_id = reserved->order_id;
  } else if (const auto* released = std::get_if<contracts::StockReleased>(&event.payload)) {
    // Released before a delivery was decided: only the sweeper does that, so the reservation
    // expired. After a failed delivery it is the compensation's echo and changes nothing.
    deliveries.RecordReservationReleased(released->order_id, now);
    order_id = released->order_id;
  } else {
    return;
  }
  TryStart(tx, calls_, order_id, cause);
}

}  // namespace sagashop::delivery
