#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "platform/core/token_bucket.h"

namespace sagashop::http {

// Requests per key — a client's address, a token's subject — a token bucket each
// (docs/operations.md, "Admission"): a key over its rate is refused while every other key goes
// on. Remembers at most `max_keys` keys: when full, it forgets those whose bucket has refilled
// (they are as good as new), and if that frees too little, the eighth seen longest ago.
// Thread-safe.
class RateLimiter {
 public:
  using Clock = TokenBucket::Clock;

  struct Decision {
    bool allowed = true;
    Clock::duration retry_after{};  // when refused: until the key has a token again
    double remaining = 0;           // tokens left for the key
  };

  RateLimiter(double per_second, double burst, std::size_t max_keys = 65536);

  Decision Take(std::string_view key, Clock::time_point now);

  double PerSecond() const { return per_second_; }
  double Burst() const { return burst_; }

 private:
  struct Entry {
    TokenBucket bucket;
    Clock::time_point last_seen;
  };

  void MakeRoom(Clock::time_point now);  // mutex_ held

  const double per_second_;
  const double burst_;
  const std::size_t max_keys_;
  std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace sagashop::http
