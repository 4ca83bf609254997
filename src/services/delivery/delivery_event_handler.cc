#include "services/delivery/delivery_event_handler.h"

#include <map>
#include <vector>

#include "contracts/event_codec.h"
#include "platform/core/timestamp.h"
#include "services/common/event_emitter.h"
#include "services/common/received_event.h"
#include "services/delivery/delivery_outcomes.h"
#include "services/delivery/delivery_repository.h"
#include "services/delivery/domain/delivery_batch.h"
#include "services/delivery/shipment_call_codec.h"

namespace sagashop::delivery {
namespace {

// What an event tells about its order's delivery, or nullopt for an event Delivery ignores.
std::optional<DeliveryRequest> ToldBy(const contracts::EventPayload& payload) {
  if (const auto* created = std::get_if<contracts::OrderCreated>(&payload)) {
    return DeliveryRequest{.address = created->address, .user_id = created->user_id};
  }
  if (const auto* reserved = std::get_if<contracts::StockReserved>(&payload)) {
    return DeliveryRequest{.reservation_id = reserved->reservation_id,
                           .reservation_expired_at = reserved->expired_at};
  }
  if (std::holds_alternative<contracts::StockReleased>(payload)) {
    // Released before a delivery was decided: only the sweeper does that, so the reservation
    // expired. After a failed delivery it is the compensation's echo and changes nothing.
    return DeliveryRequest{.reservation_released = true};
  }
  return std::nullopt;
}

outcall::NewOutsideCall ShipmentCallFor(std::int64_t order_id, const std::string& address,
                                        const services::EventCause& cause) {
  const std::string key = ShipmentKeyFor(order_id);
  const ShipmentRequest shipment{.idempotency_key = key, .order_id = order_id, .address = address};
  return {.kind = std::string(kShipmentCall),
          .idempotency_key = key,
          .ordering_key = order_id,
          .request = EncodeShipmentRequest(shipment),
          .correlation_id = cause.correlation_id,
          .trace_parent = cause.trace_parent};
}

}  // namespace

void DeliveryEventHandler::Handle(db::Transaction& tx,
                                  std::span<const bus::IncomingMessage* const> messages) {
  std::vector<RequestInput> inputs;
  std::map<std::int64_t, services::EventCause> causes;  // an order's last event in the batch
  for (services::ReceivedEvent& received : services::DecodeBatch(messages)) {
    std::optional<DeliveryRequest> told = ToldBy(received.event.payload);
    if (!told) continue;
    inputs.push_back({.order_id = received.event.OrderId(), .told = std::move(*told)});
    causes.insert_or_assign(received.event.OrderId(), std::move(received.cause));
  }
  if (inputs.empty()) return;

  DeliveryRepository repository(tx);
  const std::map<std::int64_t, DeliveryRequest> merged = MergeTold(inputs);
  // The upsert locks the rows (PostgreSQL), so a batch of another consumer touching one of these
  // orders reads it only after this one committed and sees what it decided.
  repository.RecordRequests(merged, NowRfc3339());
  std::vector<std::int64_t> order_ids;
  order_ids.reserve(merged.size());
  for (const auto& [order_id, told] : merged) order_ids.push_back(order_id);
  const std::vector<OrderToDecide> orders = repository.FindToDecide(order_ids);
  const StartPlan plan = PlanStarts(orders, std::chrono::system_clock::now());

  std::map<std::int64_t, const DeliveryRequest*> requests;
  for (const OrderToDecide& order : orders) requests.emplace(order.order_id, &order.request);
  std::vector<FailedDelivery> failed;
  failed.reserve(plan.refusals.size());
  for (const Refusal& refusal : plan.refusals) {
    failed.push_back({.order_id = refusal.order_id,
                      .address = requests.at(refusal.order_id)->address.value_or(""),
                      .reason = refusal.reason,
                      .carrier = std::nullopt,
                      .cause = causes.at(refusal.order_id)});
  }
  RecordFailedDeliveries(tx, failed);

  std::vector<outcall::NewOutsideCall> starts;
  starts.reserve(plan.starts.size());
  for (const std::int64_t order_id : plan.starts) {
    starts.push_back(
        ShipmentCallFor(order_id, *requests.at(order_id)->address, causes.at(order_id)));
  }
  calls_.DecideAll(tx, starts);
}

}  // namespace sagashop::delivery
