#include "services/delivery/delivery_calls.h"

#include <spdlog/spdlog.h>

#include <set>
#include <stdexcept>
#include <vector>

#include "services/delivery/delivery_outcomes.h"
#include "services/delivery/delivery_repository.h"
#include "services/delivery/shipment_call_codec.h"

namespace sagashop::delivery {

void DeliveryCalls::Perform(const outcall::OutsideCall& call, CallDone<std::string> done) {
  if (call.kind != kShipmentCall) {
    throw std::logic_error("delivery: unknown outside call kind " + call.kind);
  }
  ShipmentRequest shipment = DecodeShipmentRequest(call.request, call.idempotency_key);
  shipment.address = cipher_.Open(shipment.address);
  carrier_.StartShipment(
      shipment, outcall::EncodedAnswer<ShipmentResult>(std::move(done), EncodeShipmentResult));
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
  const Answered alone{&call, &result};
  ApplyResults(tx, {&alone, 1});
}

void DeliveryCalls::ApplyResults(db::Transaction& tx, std::span<const Answered> answers) {
  std::vector<ShipmentRequest> requests;
  std::vector<std::int64_t> order_ids;
  requests.reserve(answers.size());
  order_ids.reserve(answers.size());
  for (const Answered& answer : answers) {
    requests.push_back(DecodeShipmentRequest(answer.call->request, answer.call->idempotency_key));
    order_ids.push_back(requests.back().order_id);
  }
  const std::set<std::int64_t> delivered = DeliveryRepository(tx).FindDeliveredOrders(order_ids);
  std::vector<StartedDelivery> started;
  std::vector<FailedDelivery> failed;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const outcall::OutsideCall& call = *answers[i].call;
    const ShipmentRequest& request = requests[i];
    if (delivered.contains(request.order_id)) {
      spdlog::warn("shipment {} was answered, but the delivery is decided already",
                   call.idempotency_key);
      continue;
    }
    const ShipmentResult shipment = DecodeShipmentResult(*answers[i].result);
    const services::EventCause cause{.correlation_id = call.correlation_id,
                                     .trace_parent = call.trace_parent};
    if (shipment.accepted) {
      started.push_back({.order_id = request.order_id,
                         .address = request.address,
                         .tracking_number = shipment.tracking_number,
                         .carrier = shipment.carrier,
                         .cause = cause});
    } else {
      failed.push_back({.order_id = request.order_id,
                        .address = request.address,
                        .reason = shipment.refusal_reason,
                        .carrier = shipment.carrier.empty()
                                       ? std::nullopt
                                       : std::optional<std::string>(shipment.carrier),
                        .cause = cause});
    }
  }
  RecordStartedDeliveries(tx, started);
  RecordFailedDeliveries(tx, failed);
}

}  // namespace sagashop::delivery
