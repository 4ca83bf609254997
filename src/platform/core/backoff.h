#pragma once

#include <chrono>
#include <random>

namespace sagashop {

// Exponential backoff with jitter: the n-th wait is uniform in [c/2, c] with c = min(max, initial *
// 2^n), so instances retrying the same failure spread out instead of retrying in step, yet never
// spin.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max)
      : initial_(initial), max_(max), engine_(std::random_device{}()) {}

  std::chrono::milliseconds Next() {
    auto ceiling = initial_ * (1LL << (attempt_ < 20 ? attempt_ : 20));
    if (ceiling > max_) ceiling = max_;
    ++attempt_;
    std::uniform_int_distribution<long long> pick(ceiling.count() / 2, ceiling.count());
    return std::chrono::milliseconds(pick(engine_));
  }
  int Attempts() const { return attempt_; }
  void Reset() { attempt_ = 0; }

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  int attempt_ = 0;
  std::mt19937_64 engine_;
};

}  // namespace sagashop
