#pragma once

#include <thread>
#include <type_traits>
#include <utility>

#include "platform/core/backoff.h"
#include "platform/db/database.h"
#include "platform/db/db_error.h"

namespace sagashop::db {

namespace internal {

template <typename Work>
auto RunWithRetries(Database& database, bool read_only, Work&& work, int max_attempts) {
  Backoff backoff(std::chrono::milliseconds(5), std::chrono::milliseconds(500));
  for (int attempt = 1;; ++attempt) {
    try {
      std::unique_ptr<Transaction> tx = read_only ? database.BeginRead() : database.Begin();
      if constexpr (std::is_void_v<std::invoke_result_t<Work&, Transaction&>>) {
        work(*tx);
        tx->Commit();
        return;
      } else {
        auto result = work(*tx);
        tx->Commit();
        return result;
      }
    } catch (const DbError& error) {
      // A commit that may have happened is not ours to repeat: the caller's own deduplication
      // (an idempotency key, the inbox, a round that reads afresh) has to decide.
      if (!error.IsRetryable() || error.OutcomeUnknown() || attempt >= max_attempts) throw;
      std::this_thread::sleep_for(backoff.Next());
    }
  }
}

}  // namespace internal

// Runs `work(tx)` in a transaction and commits it; a transient failure (serialization, deadlock,
// lost connection) reruns the whole unit of work with backoff, up to `max_attempts`. `work` must
// therefore do nothing outside the transaction that cannot be repeated. A connection lost during
// COMMIT (DbError::OutcomeUnknown) is thrown at once, never rerun: the work may have committed.
template <typename Work>
auto RunInTransaction(Database& database, Work&& work, int max_attempts = 5) {
  return internal::RunWithRetries(database, /*read_only=*/false, std::forward<Work>(work),
                                  max_attempts);
}

// RunInTransaction for work that only reads (Database::BeginRead): on SQLite it does not wait for
// the writer's turn.
template <typename Work>
auto RunReadTransaction(Database& database, Work&& work, int max_attempts = 5) {
  return internal::RunWithRetries(database, /*read_only=*/true, std::forward<Work>(work),
                                  max_attempts);
}

}  // namespace sagashop::db
