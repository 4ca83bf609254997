#include "services/order/idempotency_key_sweeper.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "platform/core/timestamp.h"
#include "platform/db/run_in_transaction.h"
#include "services/order/idempotency_key_repository.h"

namespace sagashop::order {
namespace {

constexpr std::int64_t kBatch = 1000;  // keys per transaction: short locks, short WAL bursts

}  // namespace

std::int64_t IdempotencyKeySweeper::SweepOnce() {
  const std::string expired_before = FormatRfc3339(std::chrono::system_clock::now() - retention_);
  std::int64_t total = 0;
  while (true) {
    const std::int64_t deleted = db::RunInTransaction(database_, [&](db::Transaction& tx) {
      return IdempotencyKeyRepository(tx).DeleteExpired(expired_before, kBatch);
    });
    total += deleted;
    if (deleted < kBatch) return total;
  }
}

void IdempotencyKeySweeper::Start() {
  using std::chrono::milliseconds;
  const milliseconds interval =
      std::clamp<milliseconds>(retention_ / 10, std::chrono::seconds(1), std::chrono::minutes(10));
  task_ = std::make_unique<PeriodicTask>(interval, [this] {
    try {
      if (const std::int64_t deleted = SweepOnce(); deleted > 0) {
        spdlog::debug("deleted {} expired idempotency keys", deleted);
      }
    } catch (const std::exception& error) {
      spdlog::warn("idempotency key sweep failed, trying again later: {}", error.what());
    }
  });
}

}  // namespace sagashop::order
