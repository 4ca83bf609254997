#include "services/delivery/delivery_event_handler.h"

#include "contracts/event_codec.h"
#include "platform/core/timestamp.h"
#include "platform/inbox/inbox_consumer.h"
#include "services/common/event_emitter.h"
#include "services/common/retry_transient.h"
#include "services/delivery/delivery_repository.h"

namespace sagashop::delivery {
namespace {

// Records a delivery that will never start and says so; compensation (refund, stock back) follows.
void Refuse(db::Transaction& tx, std::int64_t order_id, const DeliveryRequest& request,
            const std::string& reason, const std::optional<std::string>& carrier,
            const services::EventCause& cause, const std::string& now) {
  DeliveryRepository(tx).InsertDelivery({.order_id = order_id,
                                         .address = request.address.value_or(""),
                                         .status = "FAILED",
                                         .carrier = carrier,
                                         .reason = reason},
                                        now);
  services::EventEmitter(tx, "delivery")
      .Emit(contracts::DeliveryFailed{.order_id = order_id, .reason = reason}, cause);
}

void TryStart(db::Transaction& tx, Carrier& carrier, std::int64_t order_id,
              const services::EventCause& cause, const std::string& now) {
  DeliveryRepository deliveries(tx);
  const std::optional<DeliveryRequest> request = deliveries.FindRequest(order_id);
  if (!request || deliveries.FindByOrder(order_id)) return;  // nothing known, or decided already

  const StartDecision decision = DecideStart(*request, std::chrono::system_clock::now());
  if (decision.action == StartAction::kWait) return;
  if (decision.action == StartAction::kRefuse) {
    Refuse(tx, order_id, *request, decision.reason, std::nullopt, cause, now);
    return;
  }

  ShipmentResult shipment;
  try {
    shipment = services::RetryTransient<CarrierUnavailable>([&] {
      return carrier.StartShipment({.order_id = order_id, .address = *request->address});
    });
  } catch (const CarrierUnavailable& error) {
    throw inbox::TransientError(error.what());
  }
  if (!shipment.accepted) {
    Refuse(tx, order_id, *request, shipment.refusal_reason, shipment.carrier, cause, now);
    return;
  }
  const std::int64_t delivery_id =
      deliveries.InsertDelivery({.order_id = order_id,
                                 .address = *request->address,
                                 .status = "STARTED",
                                 .tracking_number = shipment.tracking_number,
                                 .carrier = shipment.carrier},
                                now);
  services::EventEmitter(tx, "delivery")
      .Emit(contracts::DeliveryStarted{.order_id = order_id,
                                       .delivery_id = delivery_id,
                                       .tracking_number = shipment.tracking_number,
                                       .carrier = shipment.carrier},
            cause);
}

}  // namespace

void DeliveryEventHandler::Handle(db::Transaction& tx, const bus::IncomingMessage& message) {
  const contracts::Event event = contracts::DecodeEvent(message.value, message.topic);
  const services::EventCause cause = services::EventCause::Of(event, message);
  const std::string now = NowRfc3339();
  DeliveryRepository deliveries(tx);
  if (const auto* created = std::get_if<contracts::OrderCreated>(&event.payload)) {
    deliveries.RecordAddress(created->order_id, created->address, now);
    TryStart(tx, carrier_, created->order_id, cause, now);
  } else if (const auto* reserved = std::get_if<contracts::StockReserved>(&event.payload)) {
    deliveries.RecordReservation(reserved->order_id, reserved->reservation_id, reserved->expired_at,
                                 now);
    TryStart(tx, carrier_, reserved->order_id, cause, now);
  } else if (const auto* released = std::get_if<contracts::StockReleased>(&event.payload)) {
    // Released before a delivery was decided: only the sweeper does that, so the reservation
    // expired. After a failed delivery it is the compensation's echo and changes nothing.
    deliveries.RecordReservationReleased(released->order_id, now);
    TryStart(tx, carrier_, released->order_id, cause, now);
  }
}

}  // namespace sagashop::delivery
