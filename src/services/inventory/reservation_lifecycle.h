#pragma once

#include <prometheus/counter.h>

#include <string>

#include "platform/db/transaction.h"
#include "services/common/event_emitter.h"
#include "services/inventory/inventory_repository.h"
#include "services/inventory/stock_keeper.h"

namespace sagashop::inventory {

// The ways a reservation ends (docs/contracts.md, rules 6 and 7), each applied at most once inside
// the caller's transaction: its status moves under a guarded UPDATE and only the caller that moved
// it changes the stock, so a duplicate event or a second sweeper is a no-op. Releases
// (compensations) are counted in `releases` once the transaction commits.
class ReservationLifecycle {
 public:
  ReservationLifecycle(db::Transaction& tx, InventoryRepository& repository, StockKeeper& stock,
                       prometheus::Counter& releases, std::string now)
      : tx_(tx),
        repository_(repository),
        stock_(stock),
        releases_(releases),
        now_(std::move(now)) {}

  // RESERVED -> COMMITTED: a delivery started, the units leave the stock.
  bool Commit(const ReservationRecord& reservation);

  // RESERVED -> RELEASED: the units go back to available and stock.released.v1 says so.
  bool Release(const ReservationRecord& reservation, const services::EventCause& cause);

  enum class RetakeOutcome { kRetaken, kNotReleased, kStockGone };
  // RELEASED -> COMMITTED: a delivery started although the reservation had expired and been
  // released meanwhile (it decided before the deadline, its event arrived after the sweep). The
  // goods are on their way, so the units are taken from available again when they still are.
  RetakeOutcome Retake(const ReservationRecord& reservation);

 private:
  db::Transaction& tx_;
  InventoryRepository& repository_;
  StockKeeper& stock_;
  prometheus::Counter& releases_;
  std::string now_;
};

}  // namespace sagashop::inventory
