#include "services/inventory/domain/reservation_batch.h"

#include <stdexcept>

namespace sagashop::inventory {

ReservationPlan PlanReservations(const std::map<std::int64_t, StockLevel>& stock,
                                 std::span<const CommittedUnits> commits,
                                 std::span<const LineState> lines) {
  std::map<std::int64_t, StockLevel> levels = stock;
  ReservationPlan plan;
  for (const CommittedUnits& commit : commits) {
    const auto found = levels.find(commit.product_id);
    if (found == levels.end()) {
      throw std::logic_error("commit of a reservation of unknown product " +
                             std::to_string(commit.product_id));
    }
    found->second = AfterCommit(found->second, commit.quantity);
    plan.new_levels[commit.product_id] = found->second;
  }
  for (const LineState& line : lines) {
    if (!line.Ready()) continue;
    const auto found = levels.find(*line.product_id);
    const ReservationDecision decision = DecideReservation(
        found == levels.end() ? std::nullopt : std::optional<StockLevel>(found->second),
        *line.quantity);
    if (decision.outcome == ReservationOutcome::kReserved) {
      found->second = decision.after;
      plan.new_levels[*line.product_id] = decision.after;
    }
    plan.decisions.push_back({.order_id = line.order_id,
                              .product_id = *line.product_id,
                              .quantity = *line.quantity,
                              .outcome = decision.outcome,
                              .reason = decision.reason});
  }
  return plan;
}

}  // namespace sagashop::inventory
