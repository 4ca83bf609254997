#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "platform/db/database.h"
#include "platform/db/postgres/pg_config.h"
#include "platform/db/postgres/pg_connection.h"
#include "platform/db/postgres/pg_pooled_connection.h"

namespace sagashop::db {

// Bounded pool of connections to one database, in the manner of Go's database/sql: at most
// max_open connections exist; at most max_idle wait unused; a connection older than
// max_lifetime or unused for max_idle_time is closed (idle ones by a background sweep, busy ones
// when they come back). Callers beyond max_open wait up to acquire_timeout. Connections open
// lazily, on demand. Thread-safe.
class PgConnectionPool : public std::enable_shared_from_this<PgConnectionPool> {
 public:
  static std::shared_ptr<PgConnectionPool> Create(PgConfig config);

  PgConnectionPool(const PgConnectionPool&) = delete;
  PgConnectionPool& operator=(const PgConnectionPool&) = delete;
  ~PgConnectionPool();

  // Throws DbError(kTransient) when no connection frees up within acquire_timeout or a new one
  // can't be opened.
  PgPooledConnection Acquire();

  PoolStats Stats() const;

 private:
  friend class PgPooledConnection;

  struct IdleConnection {
    std::unique_ptr<PgConnection> connection;
    std::chrono::steady_clock::time_point idle_since;
  };

  explicit PgConnectionPool(PgConfig config);

  // Keeps `connection` for reuse or closes it: broken, mid-transaction or too old ones never
  // return to the pool.
  void Release(std::unique_ptr<PgConnection> connection) noexcept;
  bool Expired(const IdleConnection& idle, std::chrono::steady_clock::time_point now) const;
  void SweepLoop();

  const PgConfig config_;

  mutable std::mutex mutex_;
  std::condition_variable released_;  // a connection or an open slot became available
  std::condition_variable stop_sweep_;
  bool stopping_ = false;
  std::deque<IdleConnection> idle_;  // most recently used at the back
  int open_ = 0;                     // idle + lent + being opened
  std::int64_t waits_total_ = 0;
  std::chrono::steady_clock::duration wait_total_{};

  std::thread sweeper_;
};

}  // namespace sagashop::db
