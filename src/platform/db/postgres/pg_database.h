#pragma once

#include <functional>
#include <memory>

#include "platform/db/database.h"
#include "platform/db/postgres/pg_config.h"
#include "platform/db/postgres/pg_connection_pool.h"

namespace sagashop::db {

// The database port on PostgreSQL through libpq. Connects lazily: the constructor validates the
// configuration and opens nothing, so a service can be built before its database is up; call
// Ping() to fail fast at start-up. Thread-safe. Transactions, listeners and leases it hands out
// may outlive it.
class PgDatabase final : public Database {
 public:
  // Throws std::invalid_argument naming a bad setting.
  explicit PgDatabase(PgConfig config);

  Dialect GetDialect() const override { return Dialect::kPostgres; }

  // Takes a pooled connection and sends BEGIN. An idle connection found dead on the way is
  // closed and the next one tried, so a server restart costs callers nothing once it is back.
  std::unique_ptr<Transaction> Begin() override;
  using Database::RunStatement;
  ResultSet RunStatement(const Query& query, std::span<const Param> params) override;
  void ApplyMigrations(std::span<const Migration> migrations) override;
  std::unique_ptr<NotificationListener> Listen(std::string_view channel) override;
  std::unique_ptr<LeaderLease> TryAcquireLeadership(std::string_view role) override;
  void Ping() override;
  PoolStats GetPoolStats() const override;

 private:
  // A pooled connection, the wait reported to config_.on_acquired.
  PgPooledConnection Acquire();
  // A pooled connection on which `run` succeeded, retrying past stale idle connections.
  PgPooledConnection AcquireAndRun(const std::function<void(PgConnection&)>& run);

  const PgConfig config_;
  const std::shared_ptr<PgConnectionPool> pool_;
};

}  // namespace sagashop::db
