#include "platform/db/postgres/pg_leader_lease.h"

#include <string>

#include "platform/db/db_error.h"
#include "platform/db/postgres/pg_advisory_lock_key.h"

namespace sagashop::db {
namespace {

constexpr auto kRoundTripInterval = std::chrono::seconds(1);

}  // namespace

std::unique_ptr<PgLeaderLease> PgLeaderLease::TryAcquire(const PgConfig& config,
                                                         std::string_view role) {
  std::unique_ptr<PgConnection> connection = PgConnection::Open(config);
  const std::int64_t key = PgAdvisoryLockKey(role);
  const Param params[] = {key};
  const ResultSet result =
      connection->ExecParams("SELECT pg_try_advisory_lock($1::bigint)", params).ToResultSet();
  if (result.Text(0, 0) != "t") return nullptr;
  return std::unique_ptr<PgLeaderLease>(new PgLeaderLease(std::move(connection), key));
}

PgLeaderLease::PgLeaderLease(std::unique_ptr<PgConnection> connection, std::int64_t key)
    : connection_(std::move(connection)),
      key_(key),
      last_checked_(std::chrono::steady_clock::now()) {}

PgLeaderLease::~PgLeaderLease() {
  if (lost_ || connection_->IsBroken()) return;
  try {
    // Closing alone would free the lock too; unlocking first hands it over without waiting for
    // the server to notice the session ended.
    const Param params[] = {key_};
    connection_->ExecParams("SELECT pg_advisory_unlock($1::bigint)", params);
  } catch (const DbError&) {
    // The session is ending either way, and with it the lock.
  }
}

bool PgLeaderLease::StillHeld() {
  if (lost_) return false;
  // A terminated backend announces itself with a FATAL message and a closed socket.
  if (!connection_->ConsumeInput()) {
    lost_ = true;
    return false;
  }
  const auto now = std::chrono::steady_clock::now();
  if (now - last_checked_ < kRoundTripInterval) return true;
  last_checked_ = now;
  try {
    connection_->Exec("SELECT 1");  // the session is alive, so its lock is still ours
  } catch (const DbError&) {
    lost_ = true;
  }
  return !lost_;
}

}  // namespace sagashop::db
