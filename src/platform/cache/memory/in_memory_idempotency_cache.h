#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/cache/idempotency_cache.h"

namespace sagashop::cache {

struct InMemoryCacheConfig {
  // Beyond this many keys the oldest are forgotten; the database inbox still catches repeats.
  std::size_t max_entries = 100'000;

  // Throws std::invalid_argument naming the bad setting.
  void Validate() const;
};

// The idempotency cache for embedded mode: keys in this process's memory, each forgotten when its
// TTL passes or when it is the oldest and room is needed. Thread-safe.
class InMemoryIdempotencyCache final : public IdempotencyCache {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // `clock` is injectable so that tests can move time instead of waiting for it.
  explicit InMemoryIdempotencyCache(InMemoryCacheConfig config = {},
                                    Clock clock = &std::chrono::steady_clock::now);

  std::vector<bool> FindSeen(std::span<const std::string> keys) override;
  void Remember(std::span<const std::string> keys, std::chrono::seconds ttl) override;
  CacheHealth CheckHealth() override;

  // Keys held right now, including expired ones not yet swept out.
  std::size_t Size() const;

 private:
  struct Entry {
    std::string key;
    std::chrono::steady_clock::time_point expires_at;
  };
  using Order = std::list<Entry>;  // least recently remembered first

  void Erase(Order::iterator entry);

  const InMemoryCacheConfig config_;
  const Clock clock_;
  mutable std::mutex mutex_;
  Order order_;
  std::unordered_map<std::string, Order::iterator> index_;
};

}  // namespace sagashop::cache
