#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "platform/core/periodic_task.h"
#include "platform/db/database.h"

namespace sagashop::order {

// Deletes Idempotency-Keys past their retention, so the key table holds about one retention
// period of keys. Expiry itself does not wait for it: a request finds an expired key expired
// whether or not it was swept. Every order instance may sweep; deleting a key twice is harmless.
class IdempotencyKeySweeper {
 public:
  IdempotencyKeySweeper(db::Database& database, std::chrono::milliseconds retention)
      : database_(database), retention_(retention) {}

  // Deletes every expired key, in short transactions; returns how many.
  std::int64_t SweepOnce();

  // Sweeps every tenth of the retention, between once a second and once every ten minutes.
  void Start();
  void Stop() { task_.reset(); }

 private:
  db::Database& database_;
  std::chrono::milliseconds retention_;
  std::unique_ptr<PeriodicTask> task_;
};

}  // namespace sagashop::order
