#pragma once

#include <chrono>
#include <random>

namespace sagashop::bus {

// Exponential backoff with jitter for redelivering a failed batch: the base delay doubles with each
// consecutive failure from `initial` up to `max`, and the delay is drawn from the upper half of it,
// so instances stuck on the same poison batch do not retry in lockstep.
class RetryBackoff {
 public:
  RetryBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds max)
      : initial_(initial), max_(max) {}

  std::chrono::milliseconds NextDelay() {
    std::chrono::milliseconds base = initial_;
    for (int i = 0; i < failures_ && base < max_; ++i) base *= 2;
    if (base > max_) base = max_;
    ++failures_;
    std::uniform_int_distribution<std::chrono::milliseconds::rep> pick(base.count() / 2,
                                                                       base.count());
    return std::chrono::milliseconds(pick(random_));
  }

  void Reset() { failures_ = 0; }
  int ConsecutiveFailures() const { return failures_; }

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  int failures_ = 0;
  std::minstd_rand random_{std::random_device{}()};
};

}  // namespace sagashop::bus
