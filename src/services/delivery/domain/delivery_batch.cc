#include "services/delivery/domain/delivery_batch.h"

namespace sagashop::delivery {

DeliveryRequest Recorded(DeliveryRequest request, const DeliveryRequest& told) {
  if (told.address) request.address = told.address;
  if (told.user_id) request.user_id = told.user_id;
  if (told.reservation_id) {
    request.reservation_id = told.reservation_id;
    request.reservation_expired_at = told.reservation_expired_at;
  }
  request.reservation_released = request.reservation_released || told.reservation_released;
  return request;
}

std::map<std::int64_t, DeliveryRequest> MergeTold(std::span<const RequestInput> inputs) {
  std::map<std::int64_t, DeliveryRequest> merged;
  for (const RequestInput& input : inputs) {
    DeliveryRequest& request = merged[input.order_id];
    request = Recorded(std::move(request), input.told);
  }
  return merged;
}

StartPlan PlanStarts(std::span<const OrderToDecide> orders, SystemTime now) {
  StartPlan plan;
  for (const OrderToDecide& order : orders) {
    if (order.ended || order.decided) continue;
    const StartDecision decision = DecideStart(order.request, now);
    switch (decision.action) {
      case StartAction::kWait:
        break;
      case StartAction::kStart:
        plan.starts.push_back(order.order_id);
        break;
      case StartAction::kRefuse:
        plan.refusals.push_back({order.order_id, decision.reason});
        break;
    }
  }
  return plan;
}

}  // namespace sagashop::delivery
