#pragma once

#include <algorithm>
#include <chrono>

namespace sagashop {

// A token bucket (the classic rate limiter): it holds up to `burst` tokens and gains `per_second`
// of them every second; each request takes one, and one that finds none is refused. A client may
// thus send `burst` requests at once and `per_second` sustained. Not thread-safe; pure.
class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  TokenBucket(double per_second, double burst, Clock::time_point now)
      : per_second_(per_second), burst_(burst), tokens_(burst), updated_(now) {}

  // Takes a token if there is one.
  bool TryTake(Clock::time_point now) {
    Refill(now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

  // Tokens left after the last TryTake (fractional: the refill is continuous).
  double Remaining() const { return tokens_; }

  // How long until a token is there again (zero when one is).
  Clock::duration UntilNextToken() const {
    if (tokens_ >= 1.0) return Clock::duration::zero();
    return std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>((1.0 - tokens_) / per_second_));
  }

  // Full again: as good as a bucket never used, so it may be forgotten.
  bool IsFull(Clock::time_point now) const {
    const double elapsed =
        now > updated_ ? std::chrono::duration<double>(now - updated_).count() : 0.0;
    return tokens_ + elapsed * per_second_ >= burst_;
  }

 private:
  void Refill(Clock::time_point now) {
    if (now <= updated_) return;
    const double elapsed = std::chrono::duration<double>(now - updated_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * per_second_);
    updated_ = now;
  }

  double per_second_;
  double burst_;
  double tokens_;
  Clock::time_point updated_;
};

}  // namespace sagashop
