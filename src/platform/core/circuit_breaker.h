#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

namespace sagashop {

// Keeps callers away from a dependency that keeps failing. Closed, every call may go through;
// after `failure_threshold` failures in a row it opens for `open_for` and AllowRequest() says no at
// once; then exactly one caller is let through as a probe (the others keep being told no), and its
// outcome closes or reopens it. A threshold above one lets a dependency that fails now and then
// (a flaky provider) keep serving, while an outage opens the circuit within a few calls.
// Lock-free; thread-safe.
class CircuitBreaker {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // `clock` is injectable so that tests can move time instead of waiting for it.
  explicit CircuitBreaker(std::chrono::milliseconds open_for, int failure_threshold = 1,
                          Clock clock = &std::chrono::steady_clock::now)
      : open_for_(open_for),
        failure_threshold_(failure_threshold < 1 ? 1 : failure_threshold),
        clock_(std::move(clock)) {}

  bool AllowRequest() {
    std::int64_t retry_at = retry_at_.load();
    if (retry_at == kClosed) return true;
    const std::int64_t now = Now();
    if (now < retry_at) return false;
    // Claim the probe by pushing the next retry out; whoever loses the race stays away.
    return retry_at_.compare_exchange_strong(retry_at, now + OpenTicks());
  }

  void RecordSuccess() {
    failures_in_a_row_.store(0);
    retry_at_.store(kClosed);
  }
  void RecordFailure() {
    // An open circuit's failed probe reopens it whatever the count says.
    if (failures_in_a_row_.fetch_add(1) + 1 >= failure_threshold_ || IsOpen()) {
      retry_at_.store(Now() + OpenTicks());
    }
  }

  bool IsOpen() const { return retry_at_.load() != kClosed; }

  // How long until a probe may go through; zero when closed or due.
  std::chrono::steady_clock::duration UntilProbe() const {
    const std::int64_t retry_at = retry_at_.load();
    if (retry_at == kClosed) return {};
    const std::int64_t wait = retry_at - Now();
    return std::chrono::steady_clock::duration(wait > 0 ? wait : 0);
  }

 private:
  static constexpr std::int64_t kClosed = 0;

  std::int64_t OpenTicks() const {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(open_for_).count();
  }
  // Never kClosed: the clock's epoch is long past, and the lowest bit does not matter.
  std::int64_t Now() const { return clock_().time_since_epoch().count() | 1; }

  const std::chrono::milliseconds open_for_;
  const int failure_threshold_;
  const Clock clock_;
  std::atomic<int> failures_in_a_row_{0};
  std::atomic<std::int64_t> retry_at_{kClosed};
};

}  // namespace sagashop
