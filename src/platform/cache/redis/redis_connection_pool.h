#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

#include "platform/cache/redis/redis_config.h"
#include "platform/cache/redis/redis_connection.h"

namespace sagashop::cache {

// Up to pool_size connections, opened on demand and shared by threads. Thread-safe.
class RedisConnectionPool {
 public:
  // A connection on loan; it goes back to the pool when the lease ends, unless it broke.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    RedisConnection& operator*() { return *connection_; }
    RedisConnection* operator->() { return &*connection_; }
    // True when the connection came from the pool rather than being opened for this lease: a
    // failure then may just mean Redis restarted since, and a fresh connection may work.
    bool Reused() const { return reused_; }

   private:
    friend class RedisConnectionPool;
    Lease(RedisConnectionPool* pool, RedisConnection connection, bool reused)
        : pool_(pool), connection_(std::move(connection)), reused_(reused) {}

    RedisConnectionPool* pool_;
    std::optional<RedisConnection> connection_;
    bool reused_;
  };

  explicit RedisConnectionPool(RedisConfig config) : config_(std::move(config)) {}

  // An idle connection, or a new one while fewer than pool_size are open; otherwise waits up to
  // command_timeout for one to come back. Throws RedisConnectionError when connecting fails or
  // nothing comes back in time.
  Lease Acquire();

  // Closes the idle connections: after a failure they are likely dead too.
  void DropIdle();

 private:
  void Return(std::optional<RedisConnection>& connection);

  const RedisConfig config_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<RedisConnection> idle_;
  std::size_t open_ = 0;  // idle plus on loan
};

}  // namespace sagashop::cache
