#include "services/order/domain/saga_batch.h"

#include <stdexcept>

#include "services/order/domain/saga_reaction.h"

namespace sagashop::order {

BatchPlan PlanBatch(std::map<std::int64_t, OrderState> orders, std::span<const SagaInput> inputs) {
  BatchPlan plan;
  plan.outcomes.reserve(inputs.size());
  std::map<std::int64_t, OrderMove> moves;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const SagaInput& input = inputs[i];
    const auto found = orders.find(input.order_id);
    if (found == orders.end()) {
      throw std::invalid_argument("no state for order " + std::to_string(input.order_id));
    }
    OrderState& order = found->second;
    const SagaReaction reaction = ReactTo(*input.payload);
    if (!reaction.target) {
      plan.outcomes.emplace_back("recorded");
      continue;
    }
    const OrderStatus target = *reaction.target;
    if (!CanTransition(order.status, target)) {
      plan.outcomes.push_back("ignored: order was " + std::string(ToString(order.status)));
      continue;
    }
    // The first reason recorded is kept, as the guarded UPDATE's COALESCE does.
    const std::optional<std::string> reason =
        order.reason ? order.reason
                     : (reaction.reason.empty() ? std::nullopt
                                                : std::optional<std::string>(reaction.reason));
    if (target == OrderStatus::kCompleted || target == OrderStatus::kCanceled) {
      plan.ends.push_back({.order_id = input.order_id,
                           .input = i,
                           .status = target,
                           .reason = order.reason.value_or(reaction.reason)});
    }
    auto [move, first] = moves.try_emplace(input.order_id);
    if (first) {
      move->second.order_id = input.order_id;
      move->second.from = order.status;
    }
    move->second.to = target;
    move->second.reason = reason;
    ++move->second.moves;
    move->second.last_input = i;
    order.status = target;
    order.reason = reason;
    plan.outcomes.push_back("applied: " + std::string(ToString(target)));
  }
  plan.moves.reserve(moves.size());
  for (auto& [id, move] : moves) plan.moves.push_back(std::move(move));
  return plan;
}

}  // namespace sagashop::order
