#include "services/delivery/delivery_calls.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "services/delivery/delivery_outcomes.h"
#include "services/delivery/delivery_repository.h"
#include "services/delivery/shipment_call_codec.h"

namespace sagashop::delivery {

void DeliveryCalls::Perform(const outcall::OutsideCall& call, CallDone<std::string> done) {
  if (call.kind != kShipmentCall) {
    throw std::logic_error("delivery: unknown outside call kind " + call.kind);
  }
  carrier_.StartShipment(
      DecodeShipmentRequest(call.request, call.idempotency_key),
      outcall::EncodedAnswer<ShipmentResult>(std::move(done), EncodeShipmentResult));
}

std::optional<std::string> DeliveryCalls::GiveUp(db::Transaction& tx,
                                                 const outcall::OutsideCall& call) {
  const std::optional<DeliveryRequest> request =
      DeliveryRepository(tx).FindRequest(call.ordering_key);
  if (!request) return std::nullopt;
  const StartDecision decision = DecideStart(*request, std::chrono::system_clock::now());
  if (decision.action != StartAction::kRefuse) return std::nullopt;
  return EncodeShipmentResult(
      {.accepted = false, .tracking_number = "", .carrier = "", .refusal_reason = decision.reason});
}

void DeliveryCalls::ApplyResult(db::Transaction& tx, const outcall::OutsideCall& call,
                                const std::string& result) {
  const ShipmentRequest request = DecodeShipmentRequest(call.request, call.idempotency_key);
  const ShipmentResult shipment = DecodeShipmentResult(result);
  if (DeliveryRepository(tx).FindByOrder(request.order_id)) {
    spdlog::warn("shipment {} was answered, but the delivery is decided already",
                 call.idempotency_key);
    return;
  }
  const services::EventCause cause{.correlation_id = call.correlation_id,
                                   .trace_parent = call.trace_parent};
  if (shipment.accepted) {
    RecordStartedDelivery(tx, request.order_id, request.address, shipment.tracking_number,
                          shipment.carrier, cause);
  } else {
    RecordFailedDelivery(
        tx, {.order_id = request.order_id,
             .address = request.address,
             .reason = shipment.refusal_reason,
             .carrier = shipment.carrier.empty() ? std::nullopt
                                                 : std::optional<std::string>(shipment.carrier),
             .cause = cause});
  }
}

}  // namespace sagashop::delivery
