#pragma once

#include <chrono>
#include <cstdint>

namespace sagashop::bench {

// When each request of an open-loop run is due: request i at start + i / rate, whatever happened
// to the requests before it. Latency is measured from this due time, not from when a sender got
// round to it, so a stalled server cannot hide the queue that builds behind it (coordinated
// omission).
class OpenLoopSchedule {
 public:
  using Clock = std::chrono::steady_clock;

  // `rate` is requests per second, > 0.
  OpenLoopSchedule(Clock::time_point start, double rate);

  Clock::time_point DueTime(std::int64_t index) const;
  // How many requests are due before `elapsed` has passed since the start.
  std::int64_t DueWithin(Clock::duration elapsed) const;

  Clock::time_point Start() const { return start_; }
  double Rate() const { return rate_; }

 private:
  Clock::time_point start_;
  double rate_;
};

}  // namespace sagashop::bench
