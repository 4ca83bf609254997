#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include "platform/db/database.h"
#include "platform/db/postgres/pg_config.h"
#include "platform/db/postgres/pg_connection.h"

namespace sagashop::db {

// Leadership held as a session-level advisory lock on a dedicated connection: the server frees
// the lock when that session ends, so a crashed or cut-off holder loses it without help. Not
// thread-safe.
class PgLeaderLease final : public LeaderLease {
 public:
  // nullptr when another session holds the role. Throws DbError when the server is unreachable.
  static std::unique_ptr<PgLeaderLease> TryAcquire(const PgConfig& config, std::string_view role);

  // Unlocks and closes the connection.
  ~PgLeaderLease() override;

  // Reads what the server sent on every call (no round trip) and asks the server at most once per
  // second; once false, stays false.
  bool StillHeld() override;

 private:
  PgLeaderLease(std::unique_ptr<PgConnection> connection, std::int64_t key);

  std::unique_ptr<PgConnection> connection_;
  const std::int64_t key_;
  bool lost_ = false;
  std::chrono::steady_clock::time_point last_checked_;
};

}  // namespace sagashop::db
