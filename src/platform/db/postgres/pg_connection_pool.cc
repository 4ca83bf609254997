#include "platform/db/postgres/pg_connection_pool.h"

#include <algorithm>
#include <string>
#include <vector>

#include "platform/db/db_error.h"

namespace sagashop::db {
namespace {

using Clock = std::chrono::steady_clock;

// Often enough that a connection outlives its limits by at most half of the shorter one.
std::chrono::milliseconds SweepInterval(const PgConfig& config) {
  return std::clamp(std::min(config.max_idle_time, config.max_lifetime) / 2,
                    std::chrono::milliseconds(50),
                    std::chrono::milliseconds(std::chrono::seconds(30)));
}

}  // namespace

std::shared_ptr<PgConnectionPool> PgConnectionPool::Create(PgConfig config) {
  return std::shared_ptr<PgConnectionPool>(new PgConnectionPool(std::move(config)));
}

PgConnectionPool::PgConnectionPool(PgConfig config) : config_(std::move(config)) {
  sweeper_ = std::thread([this] { SweepLoop(); });
}

PgConnectionPool::~PgConnectionPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_sweep_.notify_all();
  sweeper_.join();
}

bool PgConnectionPool::Expired(const IdleConnection& idle, Clock::time_point now) const {
  return now - idle.idle_since >= config_.max_idle_time ||
         now - idle.connection->OpenedAt() >= config_.max_lifetime;
}

PgPooledConnection PgConnectionPool::Acquire() {
  std::vector<std::unique_ptr<PgConnection>> expired;  // closed after the lock is released
  std::unique_lock lock(mutex_);
  const Clock::time_point started = Clock::now();
  const Clock::time_point deadline = started + config_.acquire_timeout;
  bool waited = false;
  auto account_wait = [&] {
    if (waited) wait_total_ += Clock::now() - started;
  };

  while (true) {
    const Clock::time_point now = Clock::now();
    while (!idle_.empty()) {
      IdleConnection candidate = std::move(idle_.back());
      idle_.pop_back();
      if (Expired(candidate, now)) {
        --open_;
        expired.push_back(std::move(candidate.connection));
        continue;
      }
      account_wait();
      return PgPooledConnection(shared_from_this(), std::move(candidate.connection), true);
    }

    if (open_ < config_.max_open) {
      ++open_;  // reserve the slot so that concurrent callers don't overshoot max_open
      account_wait();
      lock.unlock();
      expired.clear();
      try {
        return PgPooledConnection(shared_from_this(), PgConnection::Open(config_), false);
      } catch (...) {
        lock.lock();
        --open_;
        lock.unlock();
        released_.notify_one();
        throw;
      }
    }

    if (now >= deadline) {
      account_wait();
      throw DbError(DbError::Kind::kTransient, "postgres: no connection available within " +
                                                   std::to_string(config_.acquire_timeout.count()) +
                                                   " ms (all " + std::to_string(config_.max_open) +
                                                   " in use)");
    }
    if (!waited) {
      waited = true;
      ++waits_total_;
    }
    released_.wait_until(lock, deadline);
  }
}

void PgConnectionPool::Release(std::unique_ptr<PgConnection> connection) noexcept {
  std::unique_ptr<PgConnection> to_close;  // closed after the lock is released
  {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = Clock::now();
    const bool reusable = !connection->IsBroken() && connection->IsIdle() &&
                          now - connection->OpenedAt() < config_.max_lifetime &&
                          static_cast<int>(idle_.size()) < config_.max_idle && !stopping_;
    if (reusable) {
      idle_.push_back(IdleConnection{std::move(connection), now});
    } else {
      --open_;
      to_close = std::move(connection);
    }
  }
  released_.notify_one();
}

void PgConnectionPool::SweepLoop() {
  const std::chrono::milliseconds interval = SweepInterval(config_);
  std::unique_lock lock(mutex_);
  while (!stop_sweep_.wait_for(lock, interval, [this] { return stopping_; })) {
    std::vector<std::unique_ptr<PgConnection>> expired;
    const Clock::time_point now = Clock::now();
    for (auto it = idle_.begin(); it != idle_.end();) {
      if (Expired(*it, now)) {
        expired.push_back(std::move(it->connection));
        it = idle_.erase(it);
        --open_;
      } else {
        ++it;
      }
    }
    if (expired.empty()) continue;
    lock.unlock();
    expired.clear();
    released_.notify_all();  // freed slots let waiters open new connections
    lock.lock();
  }
  idle_.clear();
}

PoolStats PgConnectionPool::Stats() const {
  std::lock_guard lock(mutex_);
  PoolStats stats;
  stats.open = open_;
  stats.idle = static_cast<int>(idle_.size());
  stats.in_use = open_ - stats.idle;
  stats.max_open = config_.max_open;
  stats.waits_total = waits_total_;
  stats.wait_seconds_total = std::chrono::duration<double>(wait_total_).count();
  return stats;
}

}  // namespace sagashop::db
