#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/cache/idempotency_cache.h"
#include "platform/cache/redis/redis_config.h"
#include "platform/cache/redis/redis_connection_pool.h"
#include "platform/core/circuit_breaker.h"

namespace sagashop::cache {

// The idempotency cache in Redis: one pipelined round trip per call. Never throws and never waits
// long: any failure makes every call answer "not seen" at once for failure_backoff (the database
// inbox then decides, as it always can), after which Redis is tried again. Thread-safe.
class RedisIdempotencyCache final : public IdempotencyCache {
 public:
  // Validates the configuration (throws std::invalid_argument); does not connect, so a Redis that
  // is down at start-up costs nothing but cache misses.
  explicit RedisIdempotencyCache(RedisConfig config);

  std::vector<bool> FindSeen(std::span<const std::string> keys) override;
  void Remember(std::span<const std::string> keys, std::chrono::seconds ttl) override;
  CacheHealth CheckHealth() override;

  // Failed FindSeen/Remember calls so far (calls skipped during a back-off are not failures).
  std::uint64_t ErrorCount() const override { return errors_.load(); }

 private:
  // Runs the commands on a pooled connection. A pooled connection that turns out dead (Redis
  // restarted while it sat idle) is replaced once by a fresh one before the call counts as failed.
  // Returns nullopt on failure, after opening the circuit breaker.
  std::optional<std::vector<RedisReplyPtr>> Execute(const std::vector<RedisCommand>& commands,
                                                    std::string* error = nullptr);

  const RedisConfig config_;
  const std::shared_ptr<RedisConnectionPool> pool_;
  sagashop::CircuitBreaker breaker_;
  std::atomic<std::uint64_t> errors_{0};
};

}  // namespace sagashop::cache
