#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "services/inventory/domain/stock_arithmetic.h"

namespace sagashop::inventory {

// An order line after a batch's order.created.v1 and payment.completed.v1 were recorded: what is
// to be reserved, whether it is paid, and whether it was decided before.
struct LineState {
  std::int64_t order_id = 0;
  std::optional<std::int64_t> product_id;
  std::optional<std::int64_t> quantity;
  bool paid = false;
  std::optional<std::string> outcome;  // RESERVED or REJECTED once decided

  // Both halves are here and nothing was decided: the reservation is decided now.
  bool Ready() const { return product_id && quantity && paid && !outcome; }
};

// Units of a reservation the batch committed (its delivery started): they leave the stock.
struct CommittedUnits {
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
};

struct LineDecision {
  std::int64_t order_id = 0;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
  ReservationOutcome outcome = ReservationOutcome::kUnknownProduct;
  std::string reason;  // why it was refused; "" when reserved
};

struct ReservationPlan {
  std::vector<LineDecision> decisions;            // one per ready line, in the lines' order
  std::map<std::int64_t, StockLevel> new_levels;  // every product whose stock changed
};

// Decides a batch's reservations at once (docs/reservations.md): the commits first (their units
// were reserved before anything in the batch asked), then each ready line in order, against what
// the lines before it left. `stock` holds the products the inventory knows, as read; a line of an
// unknown product is refused. Throws std::logic_error for a commit of an unknown product or of
// more units than are reserved, as AfterCommit does.
ReservationPlan PlanReservations(const std::map<std::int64_t, StockLevel>& stock,
                                 std::span<const CommittedUnits> commits,
                                 std::span<const LineState> lines);

}  // namespace sagashop::inventory
