#include "services/inventory/domain/stock_arithmetic.h"

#include <stdexcept>

namespace sagashop::inventory {

ReservationDecision DecideReservation(std::optional<StockLevel> current, std::int64_t quantity) {
  if (quantity <= 0) throw std::invalid_argument("reservation quantity must be positive");
  if (!current) {
    return {ReservationOutcome::kUnknownProduct, StockLevel{}, "unknown product"};
  }
  if (quantity > current->available) {
    return {ReservationOutcome::kInsufficientStock, *current,
            "insufficient stock: requested " + std::to_string(quantity) + ", available " +
                std::to_string(current->available)};
  }
  return {ReservationOutcome::kReserved,
          StockLevel{current->available - quantity, current->reserved + quantity}, ""};
}

StockLevel AfterRelease(StockLevel current, std::int64_t quantity) {
  if (quantity <= 0 || quantity > current.reserved) {
    throw std::logic_error("release of " + std::to_string(quantity) + " with only " +
                           std::to_string(current.reserved) + " reserved");
  }
  return {current.available + quantity, current.reserved - quantity};
}

StockLevel AfterCommit(StockLevel current, std::int64_t quantity) {
  if (quantity <= 0 || quantity > current.reserved) {
    throw std::logic_error("commit of " + std::to_string(quantity) + " with only " +
                           std::to_string(current.reserved) + " reserved");
  }
  return {current.available, current.reserved - quantity};
}

std::optional<StockLevel> AfterRetake(StockLevel current, std::int64_t quantity) {
  if (quantity <= 0) throw std::logic_error("retake quantity must be positive");
  if (quantity > current.available) return std::nullopt;
  return StockLevel{current.available - quantity, current.reserved};
}

StockLevel AfterRestock(StockLevel current, std::int64_t quantity) {
  if (quantity < 0) throw std::invalid_argument("restock quantity must not be negative");
  return {current.available + quantity, current.reserved};
}

}  // namespace sagashop::inventory
