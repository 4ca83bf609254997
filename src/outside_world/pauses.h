#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace sagashop::outside_world {

// The waits of simulated latency and late answers, cut short when the simulator stops: a
// handler's thread cannot be cancelled, and shutdown should not wait out a ten-second delay.
class Pauses {
 public:
  // True when `duration` passed, false when StopAll() cut it short (or had been called).
  bool Wait(std::chrono::microseconds duration);
  void StopAll();

 private:
  std::mutex mutex_;
  std::condition_variable stopped_changed_;
  bool stopped_ = false;
};

}  // namespace sagashop::outside_world
