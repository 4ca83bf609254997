#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "platform/pool/pool_limits.h"

namespace sagashop::pool {

// A bounded pool of connections of one kind, in the manner of Go's database/sql: at most max_open
// exist; at most max_idle wait unused; one older than max_lifetime or unused for max_idle_time is
// closed (idle ones by a background sweep, lent ones when they come back). Connections open lazily,
// on demand; a caller beyond max_open waits until its deadline. One that comes back broken (or
// otherwise not reusable) is closed, and its slot lets the next caller open a fresh one. Every
// connection is closed outside the pool's lock. Thread-safe; leases may outlive every other owner.
template <typename Connection>
class BoundedPool : public std::enable_shared_from_this<BoundedPool<Connection>> {
 public:
  using Clock = std::chrono::steady_clock;

  // What the pool needs to know about its connections.
  struct Hooks {
    // Opens a new connection; throws when it can't (the pool then gives its slot back).
    std::function<std::unique_ptr<Connection>()> open;
    // Whether a connection coming back may serve again: not broken, not left inside a transaction.
    std::function<bool(const Connection&)> reusable;
    // Throws the adapter's own error for an acquisition that gave up; `reason` says why. When it
    // is unset (or returns), the pool throws std::runtime_error.
    std::function<void(const std::string& reason)> throw_exhausted;
  };

  // A connection on loan; it goes back to the pool when the lease ends, or is closed when it is
  // not reusable. Move-only; an empty (default or moved-from) lease holds nothing.
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept
        : pool_(std::move(other.pool_)),
          connection_(std::move(other.connection_)),
          opened_at_(other.opened_at_),
          reused_(other.reused_) {}
    Lease& operator=(Lease&& other) noexcept {
      if (this != &other) {
        Return();
        pool_ = std::move(other.pool_);
        connection_ = std::move(other.connection_);
        opened_at_ = other.opened_at_;
        reused_ = other.reused_;
      }
      return *this;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { Return(); }

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }
    // False for a default-constructed lease, or one already returned.
    explicit operator bool() const { return connection_ != nullptr; }

    // Whether the connection had served someone before: an idle connection may have died unnoticed
    // (the server restarted), while a fresh one that fails means the server is really unreachable.
    bool WasReused() const { return reused_; }

    // Hands the connection back now rather than when the lease ends; the lease is empty after.
    void Return() noexcept {
      if (pool_ && connection_) pool_->Release(std::move(connection_), opened_at_);
      pool_.reset();
      connection_.reset();
    }

   private:
    friend class BoundedPool;
    Lease(std::shared_ptr<BoundedPool> pool, std::unique_ptr<Connection> connection,
          Clock::time_point opened_at, bool reused)
        : pool_(std::move(pool)),
          connection_(std::move(connection)),
          opened_at_(opened_at),
          reused_(reused) {}

    std::shared_ptr<BoundedPool> pool_;
    std::unique_ptr<Connection> connection_;
    Clock::time_point opened_at_{};
    bool reused_ = false;
  };

  // Throws std::invalid_argument when a limit or a hook is missing.
  static std::shared_ptr<BoundedPool> Create(PoolLimits limits, Hooks hooks) {
    if (limits.max_open < 1 || limits.max_idle < 0 || !hooks.open || !hooks.reusable) {
      throw std::invalid_argument(
          "pool: max_open must be at least 1, max_idle at least 0, and "
          "open and reusable must be set");
    }
    return std::shared_ptr<BoundedPool>(new BoundedPool(limits, std::move(hooks)));
  }

  BoundedPool(const BoundedPool&) = delete;
  BoundedPool& operator=(const BoundedPool&) = delete;
  ~BoundedPool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    stop_sweep_.notify_all();
    if (sweeper_.joinable()) sweeper_.join();
  }

  // The most recently returned idle connection that has not expired, or a new one while fewer
  // than max_open are open; otherwise waits for one until acquire_timeout from now. Throws what
  // hooks.open throws, or through hooks.throw_exhausted when nothing frees up in time.
  Lease Acquire() { return Acquire(Clock::now() + limits_.acquire_timeout); }
  Lease Acquire(Clock::time_point deadline);

  // Closes every idle connection: after one was found dead, its siblings likely died too.
  void DropIdle();

  PoolStats Stats() const;

 private:
  struct IdleConnection {
    std::unique_ptr<Connection> connection;
    Clock::time_point opened_at;
    Clock::time_point idle_since;
  };

  BoundedPool(PoolLimits limits, Hooks hooks) : limits_(limits), hooks_(std::move(hooks)) {
    if (limits_.Expires()) sweeper_ = std::thread([this] { SweepLoop(); });
  }

  // Keeps `connection` for reuse or closes it: one not reusable, too old or beyond max_idle never
  // goes back to the idle list.
  void Release(std::unique_ptr<Connection> connection, Clock::time_point opened_at) noexcept;
  bool Expired(const IdleConnection& idle, Clock::time_point now) const {
    return now - idle.idle_since >= limits_.max_idle_time ||
           now - idle.opened_at >= limits_.max_lifetime;
  }
  void SweepLoop();

  const PoolLimits limits_;
  const Hooks hooks_;

  mutable std::mutex mutex_;
  std::condition_variable available_;  // a connection or an open slot became available
  std::condition_variable stop_sweep_;
  bool stopping_ = false;
  std::deque<IdleConnection> idle_;  // most recently used at the back
  int open_ = 0;                     // idle + lent + being opened
  std::int64_t waits_total_ = 0;
  Clock::duration wait_total_{};

  std::thread sweeper_;  // only when connections expire
};

template <typename Connection>
typename BoundedPool<Connection>::Lease BoundedPool<Connection>::Acquire(
    Clock::time_point deadline) {
  std::vector<std::unique_ptr<Connection>> expired;  // closed after the lock is released
  std::unique_lock lock(mutex_);
  const Clock::time_point started = Clock::now();
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
      return Lease(this->shared_from_this(), std::move(candidate.connection), candidate.opened_at,
                   true);
    }

    if (open_ < limits_.max_open) {
      ++open_;  // reserve the slot so that concurrent callers don't overshoot max_open
      account_wait();
      lock.unlock();
      expired.clear();
      try {
        std::unique_ptr<Connection> connection = hooks_.open();
        return Lease(this->shared_from_this(), std::move(connection), Clock::now(), false);
      } catch (...) {
        lock.lock();
        --open_;
        lock.unlock();
        available_.notify_one();
        throw;
      }
    }

    if (now >= deadline) {
      account_wait();
      lock.unlock();
      const std::string reason = ExhaustedReason(deadline - started, limits_.max_open);
      if (hooks_.throw_exhausted) hooks_.throw_exhausted(reason);
      throw std::runtime_error("pool: " + reason);
    }
    if (!waited) {
      waited = true;
      ++waits_total_;
    }
    available_.wait_until(lock, deadline);
  }
}

template <typename Connection>
void BoundedPool<Connection>::Release(std::unique_ptr<Connection> connection,
                                      Clock::time_point opened_at) noexcept {
  bool reusable = false;
  try {
    reusable = hooks_.reusable(*connection);
  } catch (...) {
    // A connection that can't say what state it is in is closed.
  }
  std::unique_ptr<Connection> to_close;  // closed after the lock is released
  {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = Clock::now();
    const bool keep = reusable && now - opened_at < limits_.max_lifetime &&
                      static_cast<int>(idle_.size()) < limits_.max_idle && !stopping_;
    if (keep) {
      idle_.push_back(IdleConnection{std::move(connection), opened_at, now});
    } else {
      --open_;
      to_close = std::move(connection);
    }
  }
  available_.notify_one();
}

template <typename Connection>
void BoundedPool<Connection>::DropIdle() {
  std::deque<IdleConnection> dropped;  // closed after the lock is released
  {
    std::lock_guard lock(mutex_);
    open_ -= static_cast<int>(idle_.size());
    dropped.swap(idle_);
  }
  available_.notify_all();
}

template <typename Connection>
void BoundedPool<Connection>::SweepLoop() {
  const std::chrono::milliseconds interval = SweepInterval(limits_);
  std::unique_lock lock(mutex_);
  while (!stop_sweep_.wait_for(lock, interval, [this] { return stopping_; })) {
    std::vector<std::unique_ptr<Connection>> expired;
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
    available_.notify_all();  // freed slots let waiters open new connections
    lock.lock();
  }
}

template <typename Connection>
PoolStats BoundedPool<Connection>::Stats() const {
  std::lock_guard lock(mutex_);
  PoolStats stats;
  stats.open = open_;
  stats.idle = static_cast<int>(idle_.size());
  stats.in_use = open_ - stats.idle;
  stats.max_open = limits_.max_open;
  stats.waits_total = waits_total_;
  stats.wait_seconds_total = std::chrono::duration<double>(wait_total_).count();
  return stats;
}

}  // namespace sagashop::pool
