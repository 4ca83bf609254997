#pragma once

#include <memory>
#include <string>

#include "platform/db/database.h"
#include "platform/db/sqlite/sqlite_config.h"
#include "platform/db/sqlite/sqlite_connection_pool.h"
#include "platform/db/sqlite/sqlite_file_state.h"

namespace sagashop::db {

// The database port on one SQLite file, for embedded mode where every writer of the file lives in
// this process. A write transaction waits for the file's writer turn (first come, first served,
// shared by all objects on the same file in this process), then runs BEGIN IMMEDIATE on the one
// connection kept for writing. That keeps transactions free of SQLITE_BUSY and upgrade failures,
// and keeps the writer's page cache warm: a connection keeps its cache only while no other
// connection changed the file, so writes that took turns on pooled connections would each start
// cold. Read transactions (BeginRead) take a pooled connection and no turn. Thread-safe.
// Transactions, listeners and leases it hands out may outlive it.
class SqliteDatabase final : public Database {
 public:
  // Validates the settings, creates the file's directory if missing and opens the first
  // connection, so a bad path fails here. Throws std::invalid_argument naming a bad setting and
  // DbError when the file can't be opened.
  explicit SqliteDatabase(SqliteConfig config);

  Dialect GetDialect() const override { return Dialect::kSqlite; }

  // Throws DbError(kTransient) when the writer turn or a connection doesn't come within
  // acquire_timeout (e.g. a thread calling Begin() while it holds a transaction of its own).
  std::unique_ptr<Transaction> Begin() override;
  std::unique_ptr<Transaction> BeginRead() override;
  // In a write transaction like any other: statements run in the process, so the round trips it
  // saves on PostgreSQL cost nothing here.
  using Database::RunStatement;
  ResultSet RunStatement(const Query& query, std::span<const Param> params) override;
  void ApplyMigrations(std::span<const Migration> migrations) override;
  std::unique_ptr<NotificationListener> Listen(std::string_view channel) override;
  std::unique_ptr<LeaderLease> TryAcquireLeadership(std::string_view role) override;
  void Ping() override;
  PoolStats GetPoolStats() const override;

  // The canonical path of the file.
  const std::string& Path() const { return config_.path; }

 private:
  const SqliteConfig config_;
  const std::shared_ptr<SqliteFileState> file_;
  const std::shared_ptr<SqliteConnectionPool> pool_;    // for reads
  const std::shared_ptr<SqliteConnectionPool> writer_;  // one connection, used with the turn
};

}  // namespace sagashop::db
