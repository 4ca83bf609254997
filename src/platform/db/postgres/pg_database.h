#pragma once

#include <functional>
#include <memory>

#include "platform/db/database.h"
#include "platform/db/postgres/pg_config.h"
#include "platform/db/postgres/pg_connection_source.h"

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

  // Sends nothing yet: the transaction takes a connection at its first statement and sends BEGIN
  // with it (see PgTransaction), so an empty transaction costs nothing.
  std::unique_ptr<Transaction> Begin() override;
  using Database::RunStatement;
  ResultSet RunStatement(const Query& query, std::span<const Param> params) override;
  void ApplyMigrations(std::span<const Migration> migrations) override;
  std::unique_ptr<NotificationListener> Listen(std::string_view channel) override;
  std::unique_ptr<LeaderLease> TryAcquireLeadership(std::string_view role) override;
  void Ping() override;
  PoolStats GetPoolStats() const override;

 private:
  const PgConfig config_;
  const std::shared_ptr<PgConnectionSource> connections_;
};

}  // namespace sagashop::db
