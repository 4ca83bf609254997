#pragma once

#include <prometheus/counter.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "platform/core/periodic_task.h"
#include "platform/core/timestamp.h"
#include "platform/db/database.h"
#include "services/inventory/stock_keeper.h"

namespace sagashop::inventory {

struct ReservationSweeperConfig {
  // How long after its expired_at a reservation is released. Delivery refuses to start a shipment
  // once expired_at has passed; the grace covers the clocks of the two services disagreeing and a
  // delivery.started.v1 from just before the deadline still being on its way
  // (docs/reservations.md).
  std::chrono::milliseconds grace{std::chrono::seconds(60)};
  std::chrono::milliseconds interval{std::chrono::seconds(30)};
  int batch_size = 100;  // reservations released per transaction
};

// Releases reservations that were neither committed by a started delivery nor released by
// compensation before their expired_at (docs/contracts.md, rule 7), so that stock is never held
// forever, and emits stock.released.v1 for each in the saga it belongs to; Delivery then refuses
// the shipment and the saga ends canceled with a refund. Several instances may sweep the same
// database: a reservation is released by whichever moves its status first, the others skip it.
class ReservationSweeper {
 public:
  // Releases are counted in `releases` once their transaction commits.
  ReservationSweeper(db::Database& database, StockKeeper& stock, ReservationSweeperConfig config,
                     prometheus::Counter& releases)
      : database_(database), stock_(stock), config_(config), releases_(releases) {}
  ~ReservationSweeper() { Stop(); }

  ReservationSweeper(const ReservationSweeper&) = delete;
  ReservationSweeper& operator=(const ReservationSweeper&) = delete;

  // Sweeps every `interval` on a thread of its own until Stop().
  void Start();
  void Stop();

  // One pass as of `now`: releases every reservation expired before `now - grace`, a batch per
  // transaction. Returns how many this call released.
  int SweepOnce(SystemTime now);

  std::uint64_t ReleasedTotal() const { return released_total_.load(); }

 private:
  void SweepAndLog();
  // Returns how many were released and whether the batch was full (more may be waiting).
  std::pair<int, bool> SweepBatch(const std::string& cutoff);

  db::Database& database_;
  StockKeeper& stock_;
  ReservationSweeperConfig config_;
  prometheus::Counter& releases_;

  std::atomic<std::uint64_t> released_total_{0};
  std::unique_ptr<PeriodicTask> task_;  // while started
};

}  // namespace sagashop::inventory
