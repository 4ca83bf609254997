#include "platform/cache/redis/redis_connection_pool.h"

#include <utility>

namespace sagashop::cache {

RedisConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)), reused_(other.reused_) {
  other.connection_.reset();
}

RedisConnectionPool::Lease::~Lease() {
  if (connection_) pool_->Return(connection_);
}

RedisConnectionPool::Lease RedisConnectionPool::Acquire() {
  std::unique_lock lock(mutex_);
  const bool available = returned_.wait_for(
      lock, config_.command_timeout, [&] { return !idle_.empty() || open_ < config_.pool_size; });
  if (!available) throw RedisConnectionError("redis: all pooled connections are busy");
  if (!idle_.empty()) {
    // The most recently returned connection is the likeliest to still be alive.
    RedisConnection connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(connection), true);
  }
  ++open_;
  lock.unlock();
  try {
    return Lease(this, RedisConnection::Connect(config_), false);
  } catch (...) {
    lock.lock();
    --open_;
    returned_.notify_one();
    throw;
  }
}

void RedisConnectionPool::DropIdle() {
  std::vector<RedisConnection> dropped;
  {
    std::lock_guard lock(mutex_);
    open_ -= idle_.size();
    dropped.swap(idle_);
  }
  returned_.notify_all();
}

void RedisConnectionPool::Return(std::optional<RedisConnection>& connection) {
  {
    std::lock_guard lock(mutex_);
    if (connection->IsBroken()) {
      --open_;
    } else {
      idle_.push_back(std::move(*connection));
    }
  }
  connection.reset();
  returned_.notify_one();
}

}  // namespace sagashop::cache
