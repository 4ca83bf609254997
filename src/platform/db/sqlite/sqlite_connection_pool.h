#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "platform/db/database.h"
#include "platform/db/sqlite/sqlite_config.h"
#include "platform/db/sqlite/sqlite_connection.h"

namespace sagashop::db {

class SqliteConnectionPool;

// A connection lent by the pool; hands it back on destruction. Move-only.
class SqlitePooledConnection {
 public:
  SqlitePooledConnection(std::shared_ptr<SqliteConnectionPool> pool,
                         std::unique_ptr<SqliteConnection> connection);
  SqlitePooledConnection(SqlitePooledConnection&&) noexcept = default;
  SqlitePooledConnection& operator=(SqlitePooledConnection&& other) noexcept;
  SqlitePooledConnection(const SqlitePooledConnection&) = delete;
  SqlitePooledConnection& operator=(const SqlitePooledConnection&) = delete;
  ~SqlitePooledConnection();

  SqliteConnection& operator*() const { return *connection_; }
  SqliteConnection* operator->() const { return connection_.get(); }

 private:
  void Return() noexcept;

  std::shared_ptr<SqliteConnectionPool> pool_;
  std::unique_ptr<SqliteConnection> connection_;
};

// At most max_connections connections to one file, opened on demand and kept open: a local file
// has no server to drop them, and each keeps its prepared statements. Thread-safe.
class SqliteConnectionPool : public std::enable_shared_from_this<SqliteConnectionPool> {
 public:
  static std::shared_ptr<SqliteConnectionPool> Create(SqliteConfig config);

  SqliteConnectionPool(const SqliteConnectionPool&) = delete;
  SqliteConnectionPool& operator=(const SqliteConnectionPool&) = delete;

  // Throws DbError(kTransient) when none frees up by `deadline`, and DbError when a new one
  // can't be opened.
  SqlitePooledConnection Acquire(std::chrono::steady_clock::time_point deadline);

  PoolStats Stats() const;

 private:
  friend class SqlitePooledConnection;

  explicit SqliteConnectionPool(SqliteConfig config) : config_(std::move(config)) {}
  // Keeps `connection` unless it was left inside a transaction.
  void Release(std::unique_ptr<SqliteConnection> connection) noexcept;

  const SqliteConfig config_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;  // most recently used at the back
  int open_ = 0;                                         // idle + lent + being opened
  std::int64_t waits_total_ = 0;
  std::chrono::steady_clock::duration wait_total_{};
};

}  // namespace sagashop::db
