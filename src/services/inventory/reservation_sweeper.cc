#include "services/inventory/reservation_sweeper.h"

#include <spdlog/spdlog.h>

#include "platform/db/run_in_transaction.h"
#include "services/inventory/reservation_lifecycle.h"

namespace sagashop::inventory {

void ReservationSweeper::Start() {
  if (!task_) task_ = std::make_unique<PeriodicTask>(config_.interval, [this] { SweepAndLog(); });
}

void ReservationSweeper::Stop() {
  task_.reset();  // waits for a sweep in progress
}

void ReservationSweeper::SweepAndLog() {
  try {
    const int released = SweepOnce(std::chrono::system_clock::now());
    if (released > 0) spdlog::info("released {} expired stock reservation(s)", released);
  } catch (const std::exception& error) {
    // The next round tries again; nothing was half done (each batch is one transaction).
    spdlog::warn("sweeping expired stock reservations failed: {}", error.what());
  }
}

int ReservationSweeper::SweepOnce(SystemTime now) {
  const std::string cutoff =
      FormatRfc3339(now - std::chrono::duration_cast<SystemTime::duration>(config_.grace));
  int released = 0;
  for (bool more = true; more;) {
    const auto [count, full] = SweepBatch(cutoff);
    released += count;
    more = full;
  }
  return released;
}

std::pair<int, bool> ReservationSweeper::SweepBatch(const std::string& cutoff) {
  const auto [released, listed] = db::RunInTransaction(database_, [&](db::Transaction& tx) {
    InventoryRepository repository(tx);
    ReservationLifecycle lifecycle(tx, repository, stock_, releases_, NowRfc3339());
    const std::vector<ReservationRecord> expired =
        repository.ListExpiredReservations(cutoff, config_.batch_size);
    int count = 0;
    for (const ReservationRecord& reservation : expired) {
      // The release continues the saga and trace that made the reservation.
      if (lifecycle.Release(reservation, {reservation.correlation_id, reservation.trace_parent})) {
        ++count;
      }
    }
    return std::pair{count, static_cast<int>(expired.size())};
  });
  released_total_ += released;
  return {released, listed == config_.batch_size};
}

}  // namespace sagashop::inventory
