#include "platform/db/sqlite/sqlite_connection_pool.h"

#include <string>

#include "platform/db/db_error.h"

namespace sagashop::db {

using Clock = std::chrono::steady_clock;

SqlitePooledConnection::SqlitePooledConnection(std::shared_ptr<SqliteConnectionPool> pool,
                                               std::unique_ptr<SqliteConnection> connection)
    : pool_(std::move(pool)), connection_(std::move(connection)) {}

SqlitePooledConnection& SqlitePooledConnection::operator=(SqlitePooledConnection&& other) noexcept {
  if (this != &other) {
    Return();
    pool_ = std::move(other.pool_);
    connection_ = std::move(other.connection_);
  }
  return *this;
}

SqlitePooledConnection::~SqlitePooledConnection() {
  Return();
}

void SqlitePooledConnection::Return() noexcept {
  if (pool_ && connection_) pool_->Release(std::move(connection_));
  pool_.reset();
}

std::shared_ptr<SqliteConnectionPool> SqliteConnectionPool::Create(SqliteConfig config) {
  return std::shared_ptr<SqliteConnectionPool>(new SqliteConnectionPool(std::move(config)));
}

SqlitePooledConnection SqliteConnectionPool::Acquire(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  const Clock::time_point started = Clock::now();
  bool waited = false;
  auto account_wait = [&] {
    if (waited) wait_total_ += Clock::now() - started;
  };
  while (true) {
    if (!idle_.empty()) {
      std::unique_ptr<SqliteConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      account_wait();
      return SqlitePooledConnection(shared_from_this(), std::move(connection));
    }
    if (open_ < config_.max_connections) {
      ++open_;  // reserve the slot so that concurrent callers don't overshoot
      account_wait();
      lock.unlock();
      try {
        return SqlitePooledConnection(shared_from_this(), SqliteConnection::Open(config_));
      } catch (...) {
        lock.lock();
        --open_;
        lock.unlock();
        released_.notify_one();
        throw;
      }
    }
    if (Clock::now() >= deadline) {
      account_wait();
      throw DbError(DbError::Kind::kTransient,
                    "sqlite: no connection to '" + config_.path + "' available in time (all " +
                        std::to_string(config_.max_connections) + " in use)");
    }
    if (!waited) {
      waited = true;
      ++waits_total_;
    }
    released_.wait_until(lock, deadline);
  }
}

void SqliteConnectionPool::Release(std::unique_ptr<SqliteConnection> connection) noexcept {
  std::unique_ptr<SqliteConnection> to_close;  // closed after the lock is released
  {
    std::lock_guard lock(mutex_);
    if (connection->IsIdle()) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
      to_close = std::move(connection);
    }
  }
  released_.notify_one();
}

PoolStats SqliteConnectionPool::Stats() const {
  std::lock_guard lock(mutex_);
  PoolStats stats;
  stats.open = open_;
  stats.idle = static_cast<int>(idle_.size());
  stats.in_use = open_ - stats.idle;
  stats.max_open = config_.max_connections;
  stats.waits_total = waits_total_;
  stats.wait_seconds_total = std::chrono::duration<double>(wait_total_).count();
  return stats;
}

}  // namespace sagashop::db
