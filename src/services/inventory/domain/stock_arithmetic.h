#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sagashop::inventory {

// A product's stock as the inventory row holds it. Reserved units are out of `available` but not
// yet shipped; committing a reservation ships them, releasing one puts them back.
struct StockLevel {
  std::int64_t available = 0;
  std::int64_t reserved = 0;

  bool operator==(const StockLevel&) const = default;
};

enum class ReservationOutcome { kReserved, kInsufficientStock, kUnknownProduct };

struct ReservationDecision {
  ReservationOutcome outcome;
  StockLevel after;    // the row's new values when kReserved, else unchanged
  std::string reason;  // for stock.reservation_failed.v1
};

// `current` is nullopt for a product the inventory does not know.
ReservationDecision DecideReservation(std::optional<StockLevel> current, std::int64_t quantity);

// Giving back a reservation that was neither committed nor released before.
StockLevel AfterRelease(StockLevel current, std::int64_t quantity);

// Shipping a reservation: its units leave the stock for good.
StockLevel AfterCommit(StockLevel current, std::int64_t quantity);

// Taking back, for a delivery that started after all, units whose reservation had already been
// released: they leave `available` for good. nullopt when fewer are available (they were sold to
// someone else meanwhile), which no stock arithmetic can repair.
std::optional<StockLevel> AfterRetake(StockLevel current, std::int64_t quantity);

// A restock adds to what is available.
StockLevel AfterRestock(StockLevel current, std::int64_t quantity);

}  // namespace sagashop::inventory
