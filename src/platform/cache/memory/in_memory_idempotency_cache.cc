#include "platform/cache/memory/in_memory_idempotency_cache.h"

#include <stdexcept>
#include <utility>

namespace sagashop::cache {

void InMemoryCacheConfig::Validate() const {
  if (max_entries < 1) throw std::invalid_argument("memory_cache.max_entries must be at least 1");
}

InMemoryIdempotencyCache::InMemoryIdempotencyCache(InMemoryCacheConfig config, Clock clock)
    : config_(config), clock_(std::move(clock)) {
  config_.Validate();
  if (!clock_) throw std::invalid_argument("memory_cache clock must be set");
}

std::vector<bool> InMemoryIdempotencyCache::FindSeen(std::span<const std::string> keys) {
  const auto now = clock_();
  std::vector<bool> seen(keys.size(), false);
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto found = index_.find(keys[i]);
    if (found == index_.end()) continue;
    if (found->second->expires_at <= now) {
      Erase(found->second);
      continue;
    }
    seen[i] = true;
  }
  return seen;
}

void InMemoryIdempotencyCache::Remember(std::span<const std::string> keys,
                                        std::chrono::seconds ttl) {
  if (ttl.count() < 1) return;  // remembering for no time is remembering nothing
  const auto now = clock_();
  const auto expires_at = now + ttl;
  std::lock_guard lock(mutex_);
  for (const std::string& key : keys) {
    if (const auto found = index_.find(key); found != index_.end()) {
      found->second->expires_at = expires_at;
      order_.splice(order_.end(), order_, found->second);  // now the newest
      continue;
    }
    order_.push_back({key, expires_at});
    index_.emplace(key, std::prev(order_.end()));
  }
  // Sweep what expired at the old end, then make room; both touch only the oldest entries, so a
  // call costs O(keys) amortized.
  while (!order_.empty() && order_.front().expires_at <= now) Erase(order_.begin());
  while (order_.size() > config_.max_entries) Erase(order_.begin());
}

CacheHealth InMemoryIdempotencyCache::CheckHealth() {
  return {.reachable = true, .latency = std::chrono::microseconds(0), .detail = "in memory"};
}

std::size_t InMemoryIdempotencyCache::Size() const {
  std::lock_guard lock(mutex_);
  return order_.size();
}

void InMemoryIdempotencyCache::Erase(Order::iterator entry) {
  index_.erase(entry->key);
  order_.erase(entry);
}

}  // namespace sagashop::cache
