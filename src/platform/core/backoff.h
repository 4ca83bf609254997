#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace sagashop {

// Exponential backoff with jitter: the n-th wait (n from 0) is uniform in [c/2, c] with
// c = min(max, initial * 2^n), so instances retrying the same failure spread out instead of
// retrying in step, yet never spin.
//
// Cheap to make: request handlers build one per call and almost never wait, so the random engine
// is seeded only at the first wait, from a per-thread source rather than std::random_device
// (a system call each, which profiles showed on the request path).
class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max)
      : Backoff(initial, max, ThreadSeed()) {}
  // A fixed seed makes the jitter reproducible (tests).
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max, std::uint64_t seed)
      : initial_(initial), max_(max), seed_(seed) {}

  std::chrono::milliseconds Next() {
    const std::chrono::milliseconds ceiling = Ceiling(attempt_);
    ++attempt_;
    if (!engine_) engine_.emplace(seed_);
    std::uniform_int_distribution<std::chrono::milliseconds::rep> pick(ceiling.count() / 2,
                                                                       ceiling.count());
    return std::chrono::milliseconds(pick(*engine_));
  }

  // The upper bound of the n-th wait; the wait itself is at least half of it.
  std::chrono::milliseconds Ceiling(int attempt) const {
    // Past 2^20 the ceiling is far above any sensible max, and the shift cannot overflow.
    const std::chrono::milliseconds ceiling =
        initial_ * (std::chrono::milliseconds::rep{1} << (attempt < 20 ? attempt : 20));
    return ceiling > max_ ? max_ : ceiling;
  }

  // Waits handed out since the last Reset().
  int Attempts() const { return attempt_; }
  void Reset() { attempt_ = 0; }

 private:
  // A different seed for every Backoff, from a generator seeded once per thread.
  static std::uint64_t ThreadSeed() {
    thread_local std::mt19937_64 seeds{std::random_device{}()};
    return seeds();
  }

  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  int attempt_ = 0;
  std::uint64_t seed_;
  std::optional<std::mt19937_64> engine_;  // seeded at the first wait
};

}  // namespace sagashop
