#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sagashop::cache {

struct CacheHealth {
  bool reachable = false;
  std::chrono::microseconds latency{0};
  std::string detail;
};

// A fast, lossy memory of keys already handled (event ids, idempotency keys). It only ever saves
// work: a key is remembered after the database committed its effect, so "seen" is always true, and
// an unreachable cache answers "not seen" and the database inbox decides. Never throws.
class IdempotencyCache {
 public:
  virtual ~IdempotencyCache() = default;

  // One flag per key, in order: true when the key is known to have been handled.
  virtual std::vector<bool> FindSeen(std::span<const std::string> keys) = 0;

  // Best effort; a failure is counted and otherwise ignored.
  virtual void Remember(std::span<const std::string> keys, std::chrono::seconds ttl) = 0;

  virtual CacheHealth CheckHealth() = 0;

  // Calls that failed to reach the cache so far (each answered "not seen" or remembered nothing);
  // always 0 for a cache that cannot fail.
  virtual std::uint64_t ErrorCount() const { return 0; }
};

}  // namespace sagashop::cache
