#include "services/delivery/delivery_event_handler.h"

#include "contracts/event_codec.h"
#include "platform/core/timestamp.h"
#include "platform/inbox/inbox_consumer.h"
#include "services/common/event_emitter.h"
#include "services/common/retry_transient.h"
#include "services/delivery/delivery_repository.h"

namespace sagashop::delivery {
namespace {

void TryStart(db::Transaction& tx, Carrier& carrier, std::int64_t order_id,
              const services::EventCause& cause, const std::string& now) {
  DeliveryRepository deliveries(tx);
  const std::optional<DeliveryRequest> request = deliveries.FindRequest(order_id);
  if (!request || !request->address || !request->reservation_id) return;  // not both here yet
  if (deliveries.FindByOrder(order_id)) return;                           // started already

  ShipmentResult shipment;
  try {
    shipment = services::RetryTransient<CarrierUnavailable>([&] {
      return carrier.StartShipment({.order_id = order_id, .address = *request->address});
    });
  } catch (const CarrierUnavailable& error) {
    throw inbox::TransientError(error.what());
  }
  services::EventEmitter emitter(tx, "delivery");
  if (shipment.accepted) {
    const std::int64_t delivery_id =
        deliveries.InsertDelivery({.order_id = order_id,
                                   .address = *request->address,
                                   .status = "STARTED",
                                   .tracking_number = shipment.tracking_number,
                                   .carrier = shipment.carrier},
                                  now);
    emitter.Emit(contracts::DeliveryStarted{.order_id = order_id,
                                            .delivery_id = delivery_id,
                                            .tracking_number = shipment.tracking_number,
                                            .carrier = shipment.carrier},
                 cause);
  } else {
    deliveries.InsertDelivery({.order_id = order_id,
                               .address = *request->address,
                               .status = "FAILED",
                               .carrier = shipment.carrier,
                               .reason = shipment.refusal_reason},
                              now);
    emitter.Emit(contracts::DeliveryFailed{.order_id = order_id, .reason = shipment.refusal_reason},
                 cause);
  }
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
    deliveries.RecordReservation(reserved->order_id, reserved->reservation_id, now);
    TryStart(tx, carrier_, reserved->order_id, cause, now);
  }
}

}  // namespace sagashop::delivery
