#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sagashop::pool {

// How many connections a pool keeps and for how long. Unset lifetimes mean "forever", which suits
// connections that nothing outside the process can drop (a local SQLite file).
struct PoolLimits {
  using Duration = std::chrono::steady_clock::duration;
  static constexpr Duration kForever = Duration::max();

  int max_open = 1;                   // open at once: lent, idle and being opened
  int max_idle = 1;                   // kept unused; one more coming back is closed
  Duration max_lifetime = kForever;   // closed once this old, whether idle or coming back
  Duration max_idle_time = kForever;  // closed once unused this long
  // How long Acquire() without a deadline of its own waits for a connection.
  std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5);

  bool Expires() const { return max_lifetime != kForever || max_idle_time != kForever; }
};

// A pool's counts at one moment, and its waits so far.
struct PoolStats {
  int open = 0;
  int in_use = 0;
  int idle = 0;
  int max_open = 0;
  std::int64_t waits_total = 0;  // acquisitions that had to wait
  double wait_seconds_total = 0;
};

// How often the pool looks for expired idle connections: often enough that one outlives its limit
// by at most half of the shorter limit, never more often than every 50 ms.
std::chrono::milliseconds SweepInterval(const PoolLimits& limits);

// Why an acquisition that was allowed `allowed` gave up, e.g. "no connection available within
// 200 ms (all 2 in use)".
std::string ExhaustedReason(std::chrono::steady_clock::duration allowed, int max_open);

}  // namespace sagashop::pool
